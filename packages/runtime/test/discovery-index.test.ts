import { mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscoveryError, indexPlugins } from '../src/discovery/index.js';
import {
  installPackage,
  installPlugin,
  link,
  makeRoot,
  removeRoot,
  write,
  writePlugin,
} from './fixtures/discovery/fake-packages.js';

let root: string;
const roots: string[] = [];
async function freshRoot(): Promise<string> {
  const r = await makeRoot();
  roots.push(r);
  return r;
}
beforeAll(async () => {
  root = await freshRoot();
});
afterAll(async () => {
  await Promise.all(roots.map(removeRoot));
});

describe('indexPlugins: node_modules of cwd', () => {
  it('finds scoped and unscoped third-party plugins by manifest, not by name, and skips .bin and dot-dirs', async () => {
    const project = path.join(root, 'project-a');
    const nm = path.join(project, 'node_modules');
    await installPlugin(nm, { name: 'heka-plugin-kafka', type: 'KafkaInput', version: '2.0.1' });
    await installPlugin(nm, { name: '@acme/heka-plugin-s3', type: 'S3Output' });
    await installPlugin(nm, { name: 'oddly-named', type: 'OddDecoder' });
    await installPackage(nm, 'left-pad');
    await installPackage(nm, 'heka-plugin-not-really'); // a heka-like name without a manifest
    await installPlugin(path.join(nm, '.bin'), { name: 'hidden', type: 'HiddenInput' });
    await installPlugin(path.join(nm, '.cache'), { name: 'cached', type: 'CachedInput' });

    const index = await indexPlugins({ cwd: project, env: {} });
    expect([...index.plugins.keys()].sort()).toEqual(['KafkaInput', 'OddDecoder', 'S3Output']);
    expect(index.plugins.get('KafkaInput')).toEqual({
      type: 'KafkaInput',
      kind: 'input',
      apiVersion: 1,
      packageName: 'heka-plugin-kafka',
      version: '2.0.1',
      dir: path.join(nm, 'heka-plugin-kafka'),
      entry: path.join(nm, 'heka-plugin-kafka', 'index.js'),
      source: 'cwd',
    });
    expect(index.plugins.get('S3Output')?.packageName).toBe('@acme/heka-plugin-s3');
    expect(index.plugins.get('S3Output')?.kind).toBe('output');
    expect(index.searched[0]).toBe(nm);
    expect(index.invalid).toEqual([]);
  });

  it('follows pnpm symlinks, reports real paths and indexes a package reached twice only once', async () => {
    const project = path.join(root, 'project-pnpm');
    const nm = path.join(project, 'node_modules');
    const store = path.join(nm, '.pnpm', '@acme+heka-plugin-redis@1.0.0', 'node_modules', '@acme', 'heka-plugin-redis');
    await writePlugin(store, { name: '@acme/heka-plugin-redis', type: 'RedisOutput' });
    await link(store, path.join(nm, '@acme', 'heka-plugin-redis'));
    const flat = path.join(nm, '.pnpm', 'heka-plugin-flat@3.0.0', 'node_modules', 'heka-plugin-flat');
    await writePlugin(flat, { name: 'heka-plugin-flat', type: 'FlatFilter', version: '3.0.0' });
    await link(flat, path.join(nm, 'heka-plugin-flat'));

    // The same store reached again through plugin_dirs: same real path, so no shadowing and no conflict.
    const index = await indexPlugins({ cwd: project, pluginDirs: [path.join(nm, '@acme')], env: {} });
    expect(index.plugins.get('RedisOutput')?.dir).toBe(store);
    expect(index.plugins.get('RedisOutput')?.source).toBe('plugin_dirs');
    expect(index.plugins.get('FlatFilter')?.dir).toBe(flat);
    expect(index.plugins.get('FlatFilter')?.entry).toBe(path.join(flat, 'index.js'));
    expect(index.shadowed).toEqual([]);
  });

  it('walks node_modules of every parent directory of cwd, nearest first', async () => {
    const top = path.join(root, 'nested');
    const app = path.join(top, 'app');
    const cwd = path.join(app, 'config', 'prod');
    await mkdir(cwd, { recursive: true });
    await installPlugin(path.join(top, 'node_modules'), { name: 'heka-plugin-top', type: 'TopInput' });
    await installPlugin(path.join(app, 'node_modules'), { name: 'heka-plugin-app', type: 'AppOutput' });

    const index = await indexPlugins({ cwd, env: {} });
    expect(index.plugins.get('TopInput')?.source).toBe('cwd');
    expect(index.plugins.get('AppOutput')?.source).toBe('cwd');
    const appNm = index.searched.indexOf(path.join(app, 'node_modules'));
    const topNm = index.searched.indexOf(path.join(top, 'node_modules'));
    const rootNm = index.searched.indexOf(path.join(root, 'node_modules'));
    expect(appNm).toBe(0);
    expect(topNm).toBeGreaterThan(appNm);
    expect(rootNm).toBeGreaterThan(topNm);
    expect(index.searched).not.toContain(path.join(cwd, 'node_modules')); // missing node_modules are not listed
  });
});

describe('indexPlugins: plugin directories', () => {
  let base: string;
  beforeAll(async () => {
    base = path.join(root, 'dirs');
    // A directory that is itself a plugin package.
    await writePlugin(path.join(base, 'single'), { name: 'heka-plugin-single', type: 'SingleInput' });
    // A directory of packages, scoped and unscoped.
    await writePlugin(path.join(base, 'many', 'one'), { name: 'heka-plugin-one', type: 'OneFilter' });
    await writePlugin(path.join(base, 'many', '@team', 'two'), { name: '@team/heka-plugin-two', type: 'TwoEncoder' });
    // A project directory with a node_modules.
    await write(path.join(base, 'proj', 'package.json'), '{"name":"my-plugins","private":true}');
    await installPlugin(path.join(base, 'proj', 'node_modules'), { name: 'heka-plugin-three', type: 'ThreeOutput' });
  });

  it('accepts a package, a directory of packages and a directory with a node_modules (plugin_dirs)', async () => {
    const cwd = path.join(base, 'cwd');
    await mkdir(cwd, { recursive: true });
    const index = await indexPlugins({ cwd, pluginDirs: ['../single', '../many', '../proj'], env: {} });
    const found = [...index.plugins.values()].map((p) => [p.type, p.packageName, p.source]);
    expect(found).toEqual([
      ['SingleInput', 'heka-plugin-single', 'plugin_dirs'],
      ['TwoEncoder', '@team/heka-plugin-two', 'plugin_dirs'], // names are read in sorted order: @team < one
      ['OneFilter', 'heka-plugin-one', 'plugin_dirs'],
      ['ThreeOutput', 'heka-plugin-three', 'plugin_dirs'],
    ]);
    expect(index.searched.slice(0, 4)).toEqual([
      path.join(base, 'single'),
      path.join(base, 'many'),
      path.join(base, 'proj'),
      path.join(base, 'proj', 'node_modules'),
    ]);
  });

  it('reads several HEKA_PLUGIN_PATH entries after plugin_dirs, and records missing ones', async () => {
    const nowhere = path.join(base, 'nowhere');
    const env = {
      HEKA_PLUGIN_PATH: [path.join(base, 'many'), '', nowhere, path.join(base, 'proj')].join(path.delimiter),
    };
    const index = await indexPlugins({ cwd: base, pluginDirs: [path.join(base, 'single')], env });
    expect(index.plugins.get('SingleInput')?.source).toBe('plugin_dirs');
    expect(index.plugins.get('OneFilter')?.source).toBe('HEKA_PLUGIN_PATH');
    expect(index.plugins.get('ThreeOutput')?.source).toBe('HEKA_PLUGIN_PATH');
    expect(index.searched.slice(0, 5)).toEqual([
      path.join(base, 'single'),
      path.join(base, 'many'),
      nowhere,
      path.join(base, 'proj'),
      path.join(base, 'proj', 'node_modules'),
    ]);
    expect(index.missing).toEqual([nowhere]);
  });
});

describe('indexPlugins: hekad dependencies, precedence and shadowing', () => {
  it("indexes hekad's dependencies and optionalDependencies (resolved upward), not other packages", async () => {
    const r = await freshRoot();
    const install = path.join(r, 'global');
    const hekad = path.join(install, 'node_modules', 'hekad');
    await write(
      path.join(hekad, 'package.json'),
      JSON.stringify({
        name: 'hekad',
        dependencies: { '@heka/plugin-tcp-input': '^1', '@heka/core': '^0.1', 'left-pad': '1' },
        optionalDependencies: { '@heka/plugin-amqp-output': '^1', '@heka/plugin-absent-output': '^1' },
      }),
    );
    await installPlugin(path.join(hekad, 'node_modules'), { name: '@heka/plugin-tcp-input', type: 'TcpInput' });
    // Hoisted next to hekad, as npm does.
    await installPlugin(path.join(install, 'node_modules'), { name: '@heka/plugin-amqp-output', type: 'AmqpOutput' });
    await installPlugin(path.join(install, 'node_modules'), { name: 'heka-plugin-stray', type: 'StrayInput' });
    await installPackage(path.join(install, 'node_modules'), 'left-pad');
    const cwd = path.join(r, 'etc');
    await mkdir(cwd, { recursive: true });

    const index = await indexPlugins({ cwd, hekadPackageDir: hekad, env: {} });
    expect([...index.plugins.keys()].sort()).toEqual(['AmqpOutput', 'TcpInput']);
    expect(index.plugins.get('TcpInput')?.source).toBe('hekad');
    expect(index.plugins.get('AmqpOutput')?.dir).toBe(
      path.join(install, 'node_modules', '@heka', 'plugin-amqp-output'),
    );
    expect(index.searched).toContain(path.join(hekad, 'node_modules'));
  });

  it('lets the first copy of a package name win and records the shadowed copies in order', async () => {
    const r = await freshRoot();
    const name = '@heka/plugin-tcp-input';
    const mine = await writePlugin(path.join(r, 'mine'), { name, type: 'TcpInput', version: '9.0.0-dev' });
    const envDir = path.join(r, 'env');
    await installPlugin(envDir, { name, type: 'TcpInput', version: '1.5.0' });
    const project = path.join(r, 'project');
    await installPlugin(path.join(project, 'node_modules'), { name, type: 'TcpInput', version: '1.3.0' });
    const hekad = path.join(r, 'hekad');
    await write(path.join(hekad, 'package.json'), JSON.stringify({ name: 'hekad', dependencies: { [name]: '^1' } }));
    await installPlugin(path.join(hekad, 'node_modules'), { name, type: 'TcpInput', version: '1.2.0' });

    const index = await indexPlugins({
      cwd: project,
      hekadPackageDir: hekad,
      pluginDirs: [mine],
      env: { HEKA_PLUGIN_PATH: envDir },
    });
    expect(index.plugins.get('TcpInput')).toMatchObject({ version: '9.0.0-dev', dir: mine, source: 'plugin_dirs' });
    expect(index.shadowed.map((s) => [s.version, s.source, s.shadowedBy])).toEqual([
      ['1.5.0', 'HEKA_PLUGIN_PATH', mine],
      ['1.3.0', 'cwd', mine],
      ['1.2.0', 'hekad', mine],
    ]);

    // Without plugin_dirs, the HEKA_PLUGIN_PATH copy wins; without both, the one next to the config.
    const withoutDirs = await indexPlugins({ cwd: project, hekadPackageDir: hekad, env: { HEKA_PLUGIN_PATH: envDir } });
    expect(withoutDirs.plugins.get('TcpInput')?.version).toBe('1.5.0');
    const plain = await indexPlugins({ cwd: project, hekadPackageDir: hekad, env: {} });
    expect(plain.plugins.get('TcpInput')?.version).toBe('1.3.0');
  });

  it('refuses two different packages claiming one type, naming both with versions and directories', async () => {
    const r = await freshRoot();
    const nm = path.join(r, 'node_modules');
    const a = await installPlugin(nm, { name: '@heka/plugin-tcp-input', type: 'TcpInput', version: '1.2.0' });
    const other = path.join(r, 'extra');
    const b = await installPlugin(other, { name: 'heka-plugin-better-tcp', type: 'TcpInput', version: '0.3.0' });

    const error = await indexPlugins({ cwd: r, pluginDirs: [other], env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscoveryError);
    const e = error as DiscoveryError;
    expect(e.code).toBe('ERR_HEKA_PLUGIN_CONFLICT');
    expect(e.pluginType).toBe('TcpInput');
    expect(e.message).toContain('"TcpInput"');
    expect(e.message).toContain(`heka-plugin-better-tcp@0.3.0 (${await realpath(b)}`);
    expect(e.message).toContain(`@heka/plugin-tcp-input@1.2.0 (${await realpath(a)}`);
  });
});
