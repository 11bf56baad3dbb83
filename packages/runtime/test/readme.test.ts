import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultGlobals, GLOBAL_KEYS, loadConfig } from '../src/config/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('has a TOML example that loads', async () => {
    const toml = /```toml\n([\s\S]*?)```/.exec(readme)?.[1] as string;
    const dir = mkdtempSync(join(tmpdir(), 'runtime-readme-'));
    writeFileSync(join(dir, 'hekad.toml'), toml);
    const loaded = await loadConfig(join(dir, 'hekad.toml'), { env: { HEKA_STATE: join(dir, 'state') }, cwd: dir });
    expect(loaded.globals.poolsize).toBe(200);
    expect(loaded.globals.baseDir).toBe(join(dir, 'state'));
    expect(loaded.sections.map((s) => s.name)).toEqual(['nginx_logs', 'nginx_decoder', 'errors']);
  });

  it('documents every [hekad] key with its real default', () => {
    const rows = new Map(
      [...readme.matchAll(/^\|\s*([a-z_]+)\s*\|\s*([^|]+?)\s*\|/gm)].map((m) => [
        m[1] as string,
        (m[2] as string).trim(),
      ]),
    );
    const defaults = defaultGlobals() as unknown as Record<string, unknown>;
    for (const [key, prop] of Object.entries(GLOBAL_KEYS)) {
      expect(rows.has(key), `README documents ${key}`).toBe(true);
      const documented = rows.get(key) as string;
      const actual = defaults[prop];
      if (key === 'hostname') continue; // machine-dependent
      if (key === 'max_pack_idle') expect(documented).toBe('"2m"');
      else if (typeof actual === 'string' || Array.isArray(actual)) expect(JSON.parse(documented)).toEqual(actual);
      else expect(Number(documented)).toBe(actual);
    }
  });
});
