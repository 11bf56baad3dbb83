// Rules from the architecture that code review alone would let slip.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('..', import.meta.url).pathname;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
}

describe('@heka/core is pure logic', () => {
  const files = sources(join(root, 'packages/core/src'));
  it('imports nothing that does I/O', () => {
    const allowed = new Set(['@heka/re2', 'node:crypto']);
    for (const f of files) {
      for (const spec of imports(f)) {
        if (spec.startsWith('.')) continue;
        expect(allowed.has(spec), `${relative(root, f)} imports ${spec}`).toBe(true);
      }
    }
  });
  it('starts no timers and touches no process state', () => {
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text, relative(root, f)).not.toMatch(
        /\b(setTimeout|setInterval|setImmediate|process\.(on|exit|env|stdout|stderr))\b/,
      );
    }
  });
});

describe('source files stay small', () => {
  it('keeps every source file under 500 lines', () => {
    for (const group of ['packages', 'plugins', 'apps']) {
      let dirs: string[] = [];
      try {
        dirs = readdirSync(join(root, group));
      } catch {
        continue;
      }
      for (const d of dirs) {
        let files: string[] = [];
        try {
          files = sources(join(root, group, d, 'src'));
        } catch {
          continue;
        }
        for (const f of files) {
          const lines = readFileSync(f, 'utf8').split('\n').length;
          expect(lines, relative(root, f)).toBeLessThan(500);
        }
      }
    }
  });
});
