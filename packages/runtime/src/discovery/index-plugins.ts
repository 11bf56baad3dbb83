/** indexPlugins: from the places to search to one plugin package per type, without importing any code. */
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { DiscoveryError, packageLabel } from './errors.js';
import { readPluginPackageJson, toPlugin } from './manifest.js';
import { Scan } from './scan.js';
import type { DiscoveryIndex, IndexedPlugin, InvalidPlugin, ShadowedPlugin } from './types.js';

export interface IndexOptions {
  /** The directory hekad runs in: its node_modules and those of its parents are searched. */
  cwd: string;
  /** hekad's own package directory: its dependencies are the default plugin set. */
  hekadPackageDir?: string | undefined;
  /** `plugin_dirs` from the config (relative paths are taken from cwd). */
  pluginDirs?: readonly string[] | undefined;
  /** Where HEKA_PLUGIN_PATH is read from (default: process.env). */
  env?: Record<string, string | undefined> | undefined;
}

/**
 * Searches, first to last: plugin_dirs, HEKA_PLUGIN_PATH, node_modules of cwd and its parents, hekad's
 * dependencies. The first copy of a package name wins; two different packages claiming one type is an error.
 */
export async function indexPlugins(options: IndexOptions): Promise<DiscoveryIndex> {
  const cwd = path.resolve(options.cwd);
  const env = options.env ?? process.env;
  const scan = new Scan();
  for (const dir of options.pluginDirs ?? []) await scan.pluginDir(path.resolve(cwd, dir), 'plugin_dirs');
  for (const dir of (env.HEKA_PLUGIN_PATH ?? '').split(path.delimiter)) {
    if (dir.trim() !== '') await scan.pluginDir(path.resolve(cwd, dir.trim()), 'HEKA_PLUGIN_PATH');
  }
  await scan.nodeModulesUpFrom(cwd, 'cwd');
  if (options.hekadPackageDir !== undefined) await scan.hekadDependencies(path.resolve(options.hekadPackageDir));

  // Read every candidate at once (order is kept by the array), then decide sequentially in precedence order.
  const read = await Promise.all(
    scan.candidates.map(async ({ dir, source }) => {
      const real = await realpath(dir).catch(() => undefined);
      const pkg = real === undefined ? undefined : await readPluginPackageJson(real);
      return real === undefined || pkg === undefined ? undefined : toPlugin(real, source, pkg);
    }),
  );

  const seenDirs = new Set<string>();
  const byName = new Map<string, IndexedPlugin | InvalidPlugin>();
  const plugins = new Map<string, IndexedPlugin>();
  const invalid: InvalidPlugin[] = [];
  const shadowed: ShadowedPlugin[] = [];
  const conflicts: [IndexedPlugin, IndexedPlugin][] = [];
  for (const result of read) {
    if (result === undefined) continue;
    const found = 'plugin' in result ? result.plugin : result.invalid;
    if (seenDirs.has(found.dir)) continue; // the same package reached twice (symlinks, overlapping places)
    seenDirs.add(found.dir);
    const winner = byName.get(found.packageName);
    if (winner !== undefined) {
      const { packageName, version, dir, source } = found;
      shadowed.push({ packageName, version, dir, source, shadowedBy: winner.dir });
      continue;
    }
    byName.set(found.packageName, found);
    if (!('plugin' in result)) {
      invalid.push(result.invalid);
      continue;
    }
    const existing = plugins.get(result.plugin.type);
    if (existing !== undefined) conflicts.push([existing, result.plugin]);
    else plugins.set(result.plugin.type, result.plugin);
  }
  if (conflicts.length > 0) throw conflictError(conflicts);
  return { plugins, searched: scan.searched, invalid, shadowed, missing: scan.missing };
}

function conflictError(conflicts: readonly [IndexedPlugin, IndexedPlugin][]): DiscoveryError {
  const where = (p: IndexedPlugin) => `${packageLabel(p)} (${p.dir}, from ${p.source})`;
  const lines = conflicts.map(
    ([a, b]) => `plugin type "${a.type}" is provided by two packages: ${where(a)} and ${where(b)}`,
  );
  const [a, b] = conflicts[0] as [IndexedPlugin, IndexedPlugin];
  return new DiscoveryError(
    'ERR_HEKA_PLUGIN_CONFLICT',
    `${lines.join('\n')}\nUninstall one of them (or remove it from plugin_dirs / HEKA_PLUGIN_PATH).`,
    { pluginType: a.type, packageName: b.packageName, dir: b.dir },
  );
}
