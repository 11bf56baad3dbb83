/** loadPluginDefinition: imports one indexed plugin (only when a config uses its type) and checks it. */
import { stat } from 'node:fs/promises';
import { isPluginDefinition, type PluginDefinition } from '@heka/core';
import { createJiti, type Jiti } from 'jiti';
import { DiscoveryError, packageLabel } from './errors.js';
import type { IndexedPlugin } from './types.js';

let jiti: Jiti | undefined;

/**
 * jiti loads TypeScript, ESM and CJS alike. interopDefault is off so an ES module without a default export
 * is not mistaken for its namespace; tryNative stays off because its fallback would run a module that
 * threw a second time.
 */
function loader(): Jiti {
  jiti ??= createJiti(import.meta.url, { interopDefault: false });
  return jiti;
}

/** Default exports by entry path. Failures are not kept, so a fixed plugin loads on the next try. */
const defaults = new Map<string, Promise<unknown>>();

function fail(plugin: IndexedPlugin, reason: string, cause?: unknown): DiscoveryError {
  return new DiscoveryError(
    'ERR_HEKA_PLUGIN_LOAD',
    `cannot load plugin type "${plugin.type}" from ${packageLabel(plugin)} (${plugin.dir}): ${reason}`,
    { pluginType: plugin.type, packageName: plugin.packageName, dir: plugin.dir, cause },
  );
}

async function importDefault(plugin: IndexedPlugin): Promise<unknown> {
  const exists = await stat(plugin.entry).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) throw fail(plugin, `its entry point ${plugin.entry} does not exist (was the package built?)`);
  const mod: unknown = await loader()
    .import(plugin.entry)
    .catch((err: unknown) => {
      throw fail(plugin, `importing ${plugin.entry} failed: ${err instanceof Error ? err.message : String(err)}`, err);
    });
  // ES modules (and CJS with exports.default) give { default }; plain CJS gives module.exports itself.
  const isModuleObject = (typeof mod === 'object' || typeof mod === 'function') && mod !== null;
  return isModuleObject && 'default' in mod ? mod.default : mod;
}

/** Imports the plugin's entry, checks the brand and that the definition agrees with its package.json manifest. */
export async function loadPluginDefinition(plugin: IndexedPlugin): Promise<PluginDefinition> {
  let pending = defaults.get(plugin.entry);
  if (pending === undefined) {
    pending = importDefault(plugin);
    defaults.set(plugin.entry, pending);
    pending.catch(() => defaults.delete(plugin.entry));
  }
  const value = await pending;
  if (!isPluginDefinition(value)) {
    throw fail(
      plugin,
      `its default export is ${describe(value)}, not a definition made by definePlugin() from @heka/core`,
    );
  }
  const disagreements = (['type', 'kind', 'apiVersion'] as const)
    .filter((key) => value[key] !== plugin[key])
    .map(
      (key) =>
        `${key} ${JSON.stringify(value[key])} in its definition but ${JSON.stringify(plugin[key])} in package.json "heka"`,
    );
  if (disagreements.length > 0) throw fail(plugin, `the code and the manifest disagree: ${disagreements.join('; ')}`);
  return value;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object')
    return typeof value === 'string' ? JSON.stringify(value) : String(value);
  const keys = Object.keys(value);
  return keys.length > 0 ? `an object with keys ${keys.slice(0, 6).join(', ')}` : 'an empty object';
}
