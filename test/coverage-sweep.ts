// Finds plugin packages whose tests do not run the conformance harness.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Package directories under `pluginsDir` with no test that imports @heka/testkit and calls conformance(). */
export function uncoveredPlugins(pluginsDir: string): string[] {
  if (!existsSync(pluginsDir)) return [];
  return readdirSync(pluginsDir)
    .map((n) => join(pluginsDir, n))
    .filter((d) => existsSync(join(d, 'package.json')))
    .filter((d) => {
      const tests = files(join(d, 'test')).filter((f) => /\.test\.[cm]?[jt]s$/.test(f));
      return !tests.some((f) => {
        const text = readFileSync(f, 'utf8');
        return text.includes('@heka/testkit') && /\bconformance\(/.test(text);
      });
    });
}
