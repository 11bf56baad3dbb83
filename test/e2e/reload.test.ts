// SIGHUP reloads the configuration without dropping or repeating messages.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { config, lines, runHekad, tempDir, until } from './harness.js';

function sections(dir: string, prefix: string, extra = ''): string {
  return config(
    dir,
    `
[gen]
type = "TestGenInput"
count = -1
interval_ms = 1
count_file = ${JSON.stringify(join(dir, 'count.txt'))}

[out]
type = "TestFileOutput"
message_matcher = "Type == 'test'"
path = ${JSON.stringify(join(dir, 'out.txt'))}
prefix = "${prefix}"
delay_ms = 1
${extra}`,
  );
}

describe('SIGHUP reload', () => {
  it('applies a changed and an added plugin with nothing lost or repeated', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const extra = join(dir, 'extra.txt');
    const h = runHekad(dir, sections(dir, 'a:'));
    await until(() => lines(out).length >= 50, 10_000, 'output before the reload');
    writeFileSync(
      h.configPath,
      sections(
        dir,
        'b:',
        `
[extra]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(extra)}
`,
      ),
    );
    h.signal('SIGHUP');
    await h.waitFor(/configuration reloaded: 1 added, 1 changed, 0 removed, 1 unchanged/);
    await until(
      () => lines(out).filter((l) => l.startsWith('b:')).length >= 50 && lines(extra).length >= 20,
      10_000,
      'output after',
    );
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);

    const accepted = Number(readFileSync(join(dir, 'count.txt'), 'utf8'));
    const got = lines(out);
    const a = got.filter((l) => l.startsWith('a:')).map((l) => Number(l.slice(2)));
    const b = got.filter((l) => l.startsWith('b:')).map((l) => Number(l.slice(2)));
    expect(a.length + b.length).toBe(got.length);
    // Every accepted message exactly once: the old output took the ones before the switch, the new one the rest.
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(Array.from({ length: accepted }, (_, i) => i));
    expect(Math.max(...a)).toBeLessThan(Math.min(...b));
  });

  it('keeps the running configuration when the new one is broken', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const h = runHekad(dir, sections(dir, 'a:'));
    await until(() => lines(out).length >= 10);
    writeFileSync(h.configPath, `${sections(dir, 'b:')}\n[broken]\ntype = "NoSuchOutput"\n`);
    h.signal('SIGHUP');
    await h.waitFor(/reload failed, keeping the running configuration: [^\n]*NoSuchOutput/);
    const before = lines(out).length;
    await until(() => lines(out).length > before + 10, 10_000, 'output to continue');
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(lines(out).every((l) => l.startsWith('a:'))).toBe(true);
  });
});
