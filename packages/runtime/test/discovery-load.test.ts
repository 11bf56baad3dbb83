import path from 'node:path';
import { isPluginDefinition } from '@heka/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DiscoveryError,
  type DiscoveryIndex,
  indexPlugins,
  loadPluginDefinition,
  lookupPlugin,
} from '../src/discovery/index.js';
import { installPlugin, makeRoot, pluginSource, removeRoot } from './fixtures/discovery/fake-packages.js';

let root: string;
let nm: string;
let index: DiscoveryIndex;

const definition = (type: string, kind: string) =>
  `definePlugin({ type: '${type}', kind: '${kind}', description: 'd', configSchema: { type: 'object', properties: {} }, create: () => ({ process() {} }) })`;

beforeAll(async () => {
  root = await makeRoot();
  nm = path.join(root, 'project', 'node_modules');
  await installPlugin(nm, { name: 'heka-plugin-esm', type: 'EsmInput' });
  await installPlugin(nm, {
    name: '@acme/heka-plugin-typed',
    type: 'TypedFilter',
    pkg: { exports: { '.': { import: './src/index.ts' } } },
    files: {
      'src/index.ts': [
        "import { definePlugin, type FilterInstance, type PluginContext } from '@heka/core';",
        'interface Config { threshold: number }',
        'const make = (config: Config, _ctx: PluginContext): FilterInstance => ({ process(): void { void config.threshold; } });',
        "export default definePlugin<'filter', Config>({",
        "  type: 'TypedFilter', kind: 'filter', description: 'typed',",
        "  configSchema: { type: 'object', properties: { threshold: { type: 'integer', default: 1 } } },",
        '  create: make,',
        '});',
      ].join('\n'),
    },
  });
  await installPlugin(nm, {
    name: 'heka-plugin-cjs',
    type: 'CjsOutput',
    pkg: { type: 'commonjs', main: 'lib/plugin.js' },
    files: {
      'lib/plugin.js': `const { definePlugin } = require('@heka/core');\nmodule.exports = ${definition('CjsOutput', 'output')};\n`,
    },
  });
  await installPlugin(nm, {
    name: 'heka-plugin-cjs-default',
    type: 'CjsDefaultEncoder',
    pkg: { type: 'commonjs' },
    files: {
      'index.js': `"use strict";\nObject.defineProperty(exports, '__esModule', { value: true });\nconst core = require('@heka/core');\nexports.default = core.${definition('CjsDefaultEncoder', 'encoder')};\n`,
    },
  });
  await installPlugin(nm, {
    name: 'heka-plugin-unbranded',
    type: 'UnbrandedInput',
    files: { 'index.js': "export default { type: 'UnbrandedInput', kind: 'input', apiVersion: 1, create() {} };\n" },
  });
  await installPlugin(nm, {
    name: 'heka-plugin-no-default',
    type: 'NoDefaultInput',
    files: { 'index.js': 'export const plugin = 1;\n' },
  });
  await installPlugin(nm, {
    name: 'heka-plugin-liar',
    type: 'LiarInput',
    files: { 'index.js': pluginSource('OtherInput') },
  });
  await installPlugin(nm, {
    name: 'heka-plugin-throws',
    type: 'ThrowsInput',
    files: { 'index.js': "import '@heka/core';\nthrow new Error('cannot reach the broker at import time');\n" },
  });
  await installPlugin(nm, {
    name: 'heka-plugin-unbuilt',
    type: 'UnbuiltInput',
    pkg: { exports: { '.': { import: './dist/index.js' } } },
    files: {},
  });
  await installPlugin(nm, {
    name: 'heka-plugin-syntax',
    type: 'SyntaxInput',
    files: { 'index.js': 'export default {{;\n' },
  });
  index = await indexPlugins({ cwd: path.join(root, 'project'), env: {} });
});
afterAll(() => removeRoot(root));

async function loadError(type: string): Promise<DiscoveryError> {
  const error = await loadPluginDefinition(lookupPlugin(type, index)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DiscoveryError);
  const e = error as DiscoveryError;
  expect(e.code).toBe('ERR_HEKA_PLUGIN_LOAD');
  const plugin = lookupPlugin(type, index);
  expect(e.message).toContain(plugin.packageName);
  expect(e.message).toContain(plugin.dir);
  expect(e).toMatchObject({ pluginType: type, packageName: plugin.packageName, dir: plugin.dir });
  return e;
}

describe('loadPluginDefinition', () => {
  it('loads an ESM plugin and returns its branded definition, cached per entry', async () => {
    const plugin = lookupPlugin('EsmInput', index);
    const def = await loadPluginDefinition(plugin);
    expect(isPluginDefinition(def)).toBe(true);
    expect(def).toMatchObject({ type: 'EsmInput', kind: 'input', apiVersion: 1 });
    expect(await loadPluginDefinition(plugin)).toBe(def);
  });

  it('loads a plugin written in TypeScript as it is', async () => {
    const def = await loadPluginDefinition(lookupPlugin('TypedFilter', index));
    expect(def.kind).toBe('filter');
    expect(def.configSchema.properties.threshold).toMatchObject({ type: 'integer' });
  });

  it('loads CommonJS plugins (module.exports and exports.default)', async () => {
    expect((await loadPluginDefinition(lookupPlugin('CjsOutput', index))).type).toBe('CjsOutput');
    expect((await loadPluginDefinition(lookupPlugin('CjsDefaultEncoder', index))).kind).toBe('encoder');
  });

  it('refuses a default export that was not made by definePlugin', async () => {
    const e = await loadError('UnbrandedInput');
    expect(e.message).toMatch(
      /default export is an object with keys type, kind, apiVersion, create, not a definition made by definePlugin\(\)/,
    );
  });

  it('refuses a module without a default export', async () => {
    expect((await loadError('NoDefaultInput')).message).toMatch(
      /default export is an object with keys plugin, not a definition/,
    );
  });

  it('refuses a definition whose type disagrees with its manifest', async () => {
    const e = await loadError('LiarInput');
    expect(e.message).toContain('type "OtherInput" in its definition but "LiarInput" in package.json "heka"');
  });

  it('reports a module that throws on import, with the original message, and retries on the next call', async () => {
    const e = await loadError('ThrowsInput');
    expect(e.message).toContain('cannot reach the broker at import time');
    expect((e.cause as Error).message).toBe('cannot reach the broker at import time');
    expect((await loadError('ThrowsInput')).message).toContain('cannot reach the broker at import time');
  });

  it('reports a syntax error and a missing entry point', async () => {
    expect((await loadError('SyntaxInput')).message).toMatch(/importing .*index\.js failed: /);
    const unbuilt = await loadError('UnbuiltInput');
    expect(unbuilt.message).toContain(`${path.join(nm, 'heka-plugin-unbuilt', 'dist', 'index.js')} does not exist`);
  });
});
