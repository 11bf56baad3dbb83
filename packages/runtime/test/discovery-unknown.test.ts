import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DiscoveryError,
  type DiscoveryIndex,
  editDistance,
  type IndexedPlugin,
  indexPlugins,
  lookupPlugin,
  type PluginIndex,
  unknownTypeMessage,
} from '../src/discovery/index.js';
import { installPlugin, makeRoot, removeRoot } from './fixtures/discovery/fake-packages.js';

let root: string;
let nm: string;
let missingDir: string;
let index: DiscoveryIndex;

beforeAll(async () => {
  root = await makeRoot();
  nm = path.join(root, 'node_modules');
  await installPlugin(nm, { name: '@heka/plugin-tcp-input', type: 'TcpInput', version: '1.2.0' });
  await installPlugin(nm, { name: '@heka/plugin-udp-input', type: 'UdpInput' });
  await installPlugin(nm, { name: 'heka-plugin-tcp-output', type: 'TcpOutput' });
  await installPlugin(nm, {
    name: 'heka-plugin-lua-filter',
    type: 'LuaFilter',
    version: '0.2.0',
    heka: { apiVersion: 1, type: 'LuaFilter', kind: 'decoder' },
  });
  missingDir = path.join(root, 'plugins-not-here');
  index = await indexPlugins({ cwd: root, pluginDirs: [missingDir], env: {} });
});
afterAll(() => removeRoot(root));

describe('unknownTypeMessage', () => {
  it('suggests near misses with their packages, the conventional package name and the places searched', () => {
    const message = unknownTypeMessage('TcpInptu', index);
    expect(message).toContain('Unknown plugin type "TcpInptu": no installed plugin package provides it.');
    expect(message).toContain('Did you mean:\n  TcpInput (input, from @heka/plugin-tcp-input@1.2.0)');
    expect(message).toContain('install it with `npm install @heka/plugin-tcp-inptu`');
    expect(message).toContain(`Searched, in order:\n  ${missingDir} (does not exist)\n  ${nm}`);
    expect(message).toContain('"TcpInptu" does not'); // no kind suffix
  });

  it('matches ignoring case and orders suggestions by distance', () => {
    const message = unknownTypeMessage('tcpinput', index);
    expect(message).toMatch(/Did you mean:\n {2}TcpInput \(input/);
    const several = unknownTypeMessage('TcpPutput', index);
    expect(several.indexOf('TcpOutput')).toBeLessThan(several.indexOf('TcpInput'));
    expect(several).toContain('from heka-plugin-tcp-output@1.0.0');
  });

  it('gives no suggestion for a type that is nothing like a known one, but still says what to install', () => {
    const message = unknownTypeMessage('ElasticSearchOutput', index);
    expect(message).not.toContain('Did you mean');
    expect(message).not.toContain('does not.');
    expect(message).toContain('install it with `npm install @heka/plugin-elastic-search-output`');
  });

  it('explains why the package that declares the type was rejected', () => {
    const message = unknownTypeMessage('LuaFilter', index);
    expect(message).toContain('Plugin type "LuaFilter" cannot be used: the package that provides it was rejected.');
    expect(message).toContain(
      `heka-plugin-lua-filter@0.2.0 (${path.join(nm, 'heka-plugin-lua-filter')}): heka.kind "decoder" does not agree with heka.type "LuaFilter": its suffix "Filter" means kind "filter"`,
    );
    expect(message).not.toContain('npm install');
  });

  it('works on a plain PluginIndex and says when nothing was searched', () => {
    const tcp = index.plugins.get('TcpInput') as IndexedPlugin;
    const plain: PluginIndex = { plugins: new Map([['TcpInput', tcp]]), searched: [] };
    const message = unknownTypeMessage('TCPInput', plain);
    expect(message).toContain('TcpInput (input, from @heka/plugin-tcp-input@1.2.0)');
    expect(message).toContain('nothing: no plugin directories and no node_modules were found');
  });
});

describe('lookupPlugin', () => {
  it('returns the indexed plugin or throws a DiscoveryError carrying the kind message', () => {
    expect(lookupPlugin('UdpInput', index).packageName).toBe('@heka/plugin-udp-input');
    let error: unknown;
    try {
      lookupPlugin('UdpInptu', index);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DiscoveryError);
    expect(error).toMatchObject({ code: 'ERR_HEKA_PLUGIN_UNKNOWN', pluginType: 'UdpInptu' });
    expect((error as Error).message).toBe(unknownTypeMessage('UdpInptu', index));
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and adjacent transpositions', () => {
    expect(editDistance('tcpinput', 'tcpinput')).toBe(0);
    expect(editDistance('tcpinptu', 'tcpinput')).toBe(1);
    expect(editDistance('tcpinpt', 'tcpinput')).toBe(1);
    expect(editDistance('udpinput', 'tcpinput')).toBe(2);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', '')).toBe(3);
  });
});
