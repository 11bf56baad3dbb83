import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { indexPlugins } from '../src/discovery/index.js';
import { installPlugin, makeRoot, removeRoot, write } from './fixtures/discovery/fake-packages.js';

const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const r = await makeRoot();
  roots.push(r);
  return r;
}
afterAll(async () => {
  await Promise.all(roots.map(removeRoot));
});

describe('indexPlugins: invalid manifests', () => {
  it('records invalid manifests with their reasons and keeps indexing', async () => {
    const r = await freshRoot();
    const nm = path.join(r, 'node_modules');
    await installPlugin(nm, { name: 'heka-plugin-good', type: 'GoodInput' });
    await installPlugin(nm, {
      name: 'heka-plugin-wrong-kind',
      type: 'WrongInput',
      heka: { apiVersion: 1, type: 'WrongInput', kind: 'output' },
    });
    await installPlugin(nm, {
      name: 'heka-plugin-no-api',
      type: 'NoApiInput',
      heka: { type: 'NoApiInput', kind: 'input' },
    });
    await installPlugin(nm, {
      name: 'heka-plugin-future',
      type: 'FutureInput',
      heka: { apiVersion: 2, type: 'FutureInput', kind: 'input' },
    });
    await installPlugin(nm, {
      name: 'heka-plugin-bad-kind',
      type: 'X',
      heka: { apiVersion: 1.5, type: 'Bad Type', kind: 'sink' },
    });
    await installPlugin(nm, { name: 'heka-plugin-not-object', type: 'X', heka: true });
    await installPlugin(nm, {
      name: 'heka-plugin-no-suffix',
      type: 'Tcp',
      heka: { apiVersion: 1, type: 'Tcp', kind: 'input' },
    });
    // A rejected package does not take its type: a valid package may still provide it.
    await installPlugin(nm, { name: 'heka-plugin-good-too', type: 'WrongInput' });
    await write(path.join(nm, 'heka-plugin-broken-json', 'package.json'), '{ "name": "x", "heka": { ');

    const index = await indexPlugins({ cwd: r, env: {} });
    expect([...index.plugins.keys()].sort()).toEqual(['GoodInput', 'WrongInput']);
    expect(index.plugins.get('WrongInput')?.packageName).toBe('heka-plugin-good-too');
    const reasons = Object.fromEntries(index.invalid.map((p) => [p.packageName, p.reason]));
    expect(Object.keys(reasons).sort()).toEqual([
      'heka-plugin-bad-kind',
      'heka-plugin-broken-json',
      'heka-plugin-future',
      'heka-plugin-no-api',
      'heka-plugin-no-suffix',
      'heka-plugin-not-object',
      'heka-plugin-wrong-kind',
    ]);
    expect(reasons['heka-plugin-wrong-kind']).toBe(
      'heka.kind "output" does not agree with heka.type "WrongInput": its suffix "Input" means kind "input"',
    );
    expect(reasons['heka-plugin-no-suffix']).toBe('heka.type "Tcp" must end with "Input" (heka.kind is "input")');
    expect(reasons['heka-plugin-no-api']).toMatch(/heka\.apiVersion must be an integer .*got nothing/);
    expect(reasons['heka-plugin-future']).toMatch(/built for plugin API version 2, but this hekad supports version 1/);
    expect(reasons['heka-plugin-bad-kind']).toMatch(
      /apiVersion must be an integer.*; heka\.type must be an identifier.*; heka\.kind must be one of/,
    );
    expect(reasons['heka-plugin-not-object']).toMatch(/"heka" must be an object/);
    expect(reasons['heka-plugin-broken-json']).toMatch(/package\.json does not parse/);
    const wrong = index.invalid.find((p) => p.packageName === 'heka-plugin-wrong-kind');
    expect(wrong).toMatchObject({
      type: 'WrongInput',
      version: '1.0.0',
      source: 'cwd',
      dir: path.join(nm, 'heka-plugin-wrong-kind'),
    });
  });
});

describe('indexPlugins: entry points', () => {
  it('resolves exports (string, nested conditions, top-level conditions), module, main and index fallbacks', async () => {
    const r = await freshRoot();
    const nm = path.join(r, 'node_modules');
    const cases: [string, Record<string, unknown>, string][] = [
      ['StringInput', { exports: './lib/main.js' }, 'lib/main.js'],
      [
        'NestedInput',
        {
          exports: {
            '.': { types: './x.d.ts', import: { types: './x.d.ts', default: './esm/i.js' }, require: './cjs/i.cjs' },
            './package.json': './package.json',
          },
        },
        'esm/i.js',
      ],
      ['NodeInput', { exports: { node: './node.js', default: './browser.js' } }, 'node.js'],
      ['DefaultInput', { exports: { '.': { require: './r.cjs', default: './d.js' } } }, 'd.js'],
      ['ArrayInput', { exports: { '.': [{ import: './a.js' }, './b.js'] } }, 'a.js'],
      ['ModuleInput', { module: './m.js', main: './c.js' }, 'm.js'],
      ['MainInput', { main: 'lib/entry' }, 'lib/entry.js'],
      ['DirMainInput', { main: './lib' }, 'lib/index.js'],
      ['FallbackInput', {}, 'index.js'],
      ['TsFallbackInput', {}, 'index.ts'],
      ['TsTwinInput', { exports: './src/index.js' }, 'src/index.ts'],
    ];
    for (const [type, pkg, file] of cases) {
      await installPlugin(nm, { name: `p-${type.toLowerCase()}`, type, pkg, files: { [file]: '// entry\n' } });
    }
    const index = await indexPlugins({ cwd: r, env: {} });
    for (const [type, , file] of cases) {
      expect(index.plugins.get(type)?.entry, type).toBe(path.join(nm, `p-${type.toLowerCase()}`, file));
    }
  });
});
