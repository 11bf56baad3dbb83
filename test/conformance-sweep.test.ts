// Every package under plugins/ must run the conformance harness from @heka/testkit.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { uncoveredPlugins } from './coverage-sweep.js';

describe('conformance sweep', () => {
  it('finds every plugin package covered by the harness', () => {
    expect(uncoveredPlugins(new URL('../plugins', import.meta.url).pathname)).toEqual([]);
  });

  it('would catch a plugin package without it', () => {
    const root = mkdtempSync(join(tmpdir(), 'sweep-'));
    for (const [name, test] of [
      ['covered-output', "import { conformance } from '@heka/testkit';\nconformance(plugin, { packageDir });\n"],
      ['uncovered-output', "import { it } from 'vitest';\nit('works', () => {});\n"],
    ] as const) {
      mkdirSync(join(root, name, 'test'), { recursive: true });
      writeFileSync(join(root, name, 'package.json'), '{}');
      writeFileSync(join(root, name, 'test', 'plugin.test.ts'), test);
    }
    mkdirSync(join(root, 'no-tests'));
    writeFileSync(join(root, 'no-tests', 'package.json'), '{}');
    expect(uncoveredPlugins(root).map((d) => d.slice(root.length + 1))).toEqual(['no-tests', 'uncovered-output']);
  });
});
