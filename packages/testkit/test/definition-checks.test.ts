// The harness must catch the mistakes plugin authors make.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, NO_OPTIONS } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { definitionChecks, readPackage } from '../src/index.js';

const output = definePlugin({
  type: 'SketchOutput',
  kind: 'output',
  description: 'test subject',
  configSchema: { type: 'object', properties: { path: { type: 'string' }, level: { type: 'integer', default: 3 } } },
  create: () => ({ process() {} }),
});

function pkgDir(pkg: object, readme?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'testkit-def-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(pkg));
  if (readme !== undefined) writeFileSync(join(dir, 'README.md'), readme);
  return dir;
}

const goodPkg = { name: 'x', keywords: ['heka-plugin'], heka: { apiVersion: 1, type: 'SketchOutput', kind: 'output' } };
const goodReadme =
  '```toml\n[sketch]\ntype = "SketchOutput"\nmessage_matcher = "TRUE"\npath = "/tmp/x"\n```\n\n| option | type |\n|---|---|\n| path | string |\n| level | integer |\n| message_matcher | string |\n';

function problems(pkg: object, readme?: string): Record<string, string[]> {
  const info = readPackage(output, pkgDir(pkg, readme));
  return Object.fromEntries(definitionChecks(output, info, info.example ?? {}).map((c) => [c.name, c.problems]));
}

describe('definition checks', () => {
  it('pass for a well-formed package', () => {
    for (const [name, list] of Object.entries(problems(goodPkg, goodReadme))) expect(list, name).toEqual([]);
  });
  it('catch a manifest that disagrees with the definition, and a missing keyword', () => {
    const p = problems(
      { ...goodPkg, keywords: [], heka: { apiVersion: 1, type: 'SketchOutput', kind: 'filter' } },
      goodReadme,
    );
    expect(p['agrees with the package.json manifest']?.join('\n')).toMatch(
      /manifest .* != definition[\s\S]*heka-plugin/,
    );
  });
  it('catch a missing README and an undocumented option', () => {
    expect(problems(goodPkg)['has a README whose TOML example configures it validly']).toEqual([
      'README.md is missing',
    ]);
    const noLevel = goodReadme.replace('| level | integer |\n', '');
    expect(problems(goodPkg, noLevel)["documents every option of its schema in the README's options table"]).toEqual([
      'the README options table does not list level',
    ]);
  });
  it('catch a README example that does not validate', () => {
    const bad = goodReadme.replace('path = "/tmp/x"', 'path = 5');
    expect(problems(goodPkg, bad)['has a README whose TOML example configures it validly']?.[0]).toMatch(/^path: /);
  });
  it('catch a plugin that is not branded', () => {
    const fake = Object.fromEntries(Object.entries(output)); // string keys only: the brand is a symbol
    const info = readPackage(fake as typeof output, pkgDir(goodPkg, goodReadme));
    const brand = definitionChecks(fake as typeof output, info, {}).find((c) => c.name.startsWith('is a branded'));
    expect(brand?.problems).toEqual(['the default export is not a definePlugin() object']);
  });
  it('accept a plugin without options', () => {
    const bare = definePlugin({
      type: 'BareOutput',
      kind: 'output',
      description: 'bare',
      configSchema: NO_OPTIONS,
      create: () => ({ process() {} }),
    });
    const info = readPackage(
      bare,
      pkgDir(
        { ...goodPkg, heka: { apiVersion: 1, type: 'BareOutput', kind: 'output' } },
        '```toml\n[b]\ntype = "BareOutput"\nmessage_matcher = "TRUE"\n```\n',
      ),
    );
    for (const c of definitionChecks(bare, info, info.example ?? {})) expect(c.problems, c.name).toEqual([]);
  });
});
