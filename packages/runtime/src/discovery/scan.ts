/** Where plugin packages may be: lists candidate package directories, in precedence order, without reading code. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { DiscoveryError } from './errors.js';
import { readPackageJson, readPluginPackageJson } from './manifest.js';
import type { PluginSource } from './types.js';

export interface Candidate {
  /** The package directory as found (may be a symlink). */
  dir: string;
  source: PluginSource;
}

/** Collects candidates and the directories looked at, in order. */
export class Scan {
  readonly candidates: Candidate[] = [];
  readonly searched: string[] = [];
  readonly missing: string[] = [];

  private look(dir: string): void {
    if (!this.searched.includes(dir)) this.searched.push(dir);
  }

  /** A node_modules (or any directory of packages): `name/` and `@scope/name/`, symlinks followed. */
  async packagesIn(dir: string, source: PluginSource): Promise<void> {
    this.look(dir);
    for (const name of await listDir(dir)) {
      if (name.startsWith('.') || name === 'node_modules') continue;
      const child = path.join(dir, name);
      if (!name.startsWith('@')) {
        this.candidates.push({ dir: child, source });
        continue;
      }
      for (const scoped of await listDir(child)) {
        if (!scoped.startsWith('.')) this.candidates.push({ dir: path.join(child, scoped), source });
      }
    }
  }

  /** A plugin_dirs / HEKA_PLUGIN_PATH entry: a plugin package, or a directory of packages and/or a node_modules. */
  async pluginDir(dir: string, source: PluginSource): Promise<void> {
    if (!(await isDir(dir))) {
      this.look(dir);
      if (!this.missing.includes(dir)) this.missing.push(dir);
      return;
    }
    if (await readPluginPackageJson(dir)) {
      this.look(dir);
      this.candidates.push({ dir, source });
      return;
    }
    await this.packagesIn(dir, source);
    const nodeModules = path.join(dir, 'node_modules');
    if (await isDir(nodeModules)) await this.packagesIn(nodeModules, source);
  }

  /** The node_modules of a directory and of each parent, as Node resolution walks them. */
  async nodeModulesUpFrom(start: string, source: PluginSource): Promise<void> {
    for (const dir of nodeModulesChain(start)) if (await isDir(dir)) await this.packagesIn(dir, source);
  }

  /** hekad's `dependencies` and `optionalDependencies`, each resolved upward from hekad's directory. */
  async hekadDependencies(hekadDir: string): Promise<void> {
    const file = path.join(hekadDir, 'package.json');
    let names: string[];
    try {
      const json = JSON.parse((await readPackageJson(hekadDir)) ?? '{}') as Record<string, unknown>;
      names = [...Object.keys(asRecord(json.dependencies)), ...Object.keys(asRecord(json.optionalDependencies))];
    } catch (err) {
      throw new DiscoveryError('ERR_HEKA_PLUGIN_INDEX', `cannot read hekad's ${file}: ${(err as Error).message}`, {
        dir: hekadDir,
        cause: err,
      });
    }
    const chain: string[] = [];
    for (const dir of nodeModulesChain(hekadDir)) if (await isDir(dir)) chain.push(dir);
    for (const dir of chain) this.look(dir);
    for (const name of new Set(names)) {
      for (const dir of chain) {
        const pkgDir = path.join(dir, name);
        if ((await readPackageJson(pkgDir)) !== undefined) {
          this.candidates.push({ dir: pkgDir, source: 'hekad' });
          break;
        }
      }
    }
  }
}

/** `<dir>/node_modules` for dir and each parent, skipping directories that are themselves node_modules. */
export function nodeModulesChain(start: string): string[] {
  const chain: string[] = [];
  let dir = path.resolve(start);
  for (;;) {
    if (path.basename(dir) !== 'node_modules') chain.push(path.join(dir, 'node_modules'));
    const parent = path.dirname(dir);
    if (parent === dir) return chain;
    dir = parent;
  }
}

const asRecord = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Sorted names, so the order (and thus which duplicate is reported first) does not depend on the file system. */
async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

const isDir = (p: string) =>
  stat(p).then(
    (s) => s.isDirectory(),
    () => false,
  );
