/** Kind failure for a type no package provides: what was searched, what to install, what was probably meant. */
import { conventionalPackageName, kindOfTypeName, kindSuffix, PLUGIN_KINDS } from '@heka/core';
import { DiscoveryError, packageLabel } from './errors.js';
import type { DiscoveryIndex, IndexedPlugin, PluginIndex } from './types.js';

/** The plugin for a type, or a DiscoveryError whose message is unknownTypeMessage(). */
export function lookupPlugin(type: string, index: PluginIndex): IndexedPlugin {
  const plugin = index.plugins.get(type);
  if (plugin !== undefined) return plugin;
  throw new DiscoveryError('ERR_HEKA_PLUGIN_UNKNOWN', unknownTypeMessage(type, index), { pluginType: type });
}

/**
 * Explains why `type` is not available. Takes a plain PluginIndex; when it is the DiscoveryIndex that
 * indexPlugins returns, rejected manifests and missing plugin directories are explained too.
 */
export function unknownTypeMessage(type: string, index: PluginIndex): string {
  const { invalid = [], missing = [] } = index as Partial<DiscoveryIndex>;
  const rejected = invalid.filter((p) => p.type === type);
  const lines: string[] = [];
  if (rejected.length > 0) {
    lines.push(`Plugin type "${type}" cannot be used: the package that provides it was rejected.`);
    for (const p of rejected) lines.push(`  ${packageLabel(p)} (${p.dir}): ${p.reason}`);
  } else {
    lines.push(`Unknown plugin type "${type}": no installed plugin package provides it.`);
  }
  const near = nearMisses(type, [...index.plugins.values()]);
  if (near.length > 0) {
    lines.push('Did you mean:');
    for (const p of near) lines.push(`  ${p.type} (${p.kind}, from ${packageLabel(p)})`);
  }
  if (kindOfTypeName(type) === undefined) {
    const suffixes = PLUGIN_KINDS.map(kindSuffix).join(', ');
    lines.push(`Plugin type names end with their kind (${suffixes}); "${type}" does not.`);
  }
  if (rejected.length === 0) {
    lines.push(
      `If it is published on npm, install it with \`npm install ${conventionalPackageName(type)}\` next to your ` +
        'config (third-party plugins have their own names), or add its directory to plugin_dirs or HEKA_PLUGIN_PATH.',
    );
  }
  lines.push('Searched, in order:');
  for (const dir of index.searched) lines.push(`  ${dir}${missing.includes(dir) ? ' (does not exist)' : ''}`);
  if (index.searched.length === 0) lines.push('  nothing: no plugin directories and no node_modules were found');
  return lines.join('\n');
}

/** Known types close to `type` ignoring case, closest first (at most 5). */
function nearMisses(type: string, plugins: readonly IndexedPlugin[]): IndexedPlugin[] {
  const wanted = type.toLowerCase();
  // Short names tolerate fewer edits, or every short type would look like every other.
  const limit = Math.max(1, Math.min(3, Math.floor(wanted.length / 3)));
  return plugins
    .map((p) => ({ p, d: editDistance(wanted, p.type.toLowerCase()) }))
    .filter(({ d }) => d <= limit)
    .sort((a, b) => a.d - b.d || a.p.type.localeCompare(b.p.type))
    .slice(0, 5)
    .map(({ p }) => p);
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions (Inptu → Input is one edit). */
export function editDistance(a: string, b: string): number {
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      }
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length] as number;
}
