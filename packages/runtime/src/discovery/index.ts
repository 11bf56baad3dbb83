/** Plugin discovery: index installed plugin packages from their manifests, load a type's code only when used. */
export { DiscoveryError, type DiscoveryErrorCode, type DiscoveryErrorDetails, packageLabel } from './errors.js';
export { type IndexOptions, indexPlugins } from './index-plugins.js';
export { loadPluginDefinition } from './load.js';
export type {
  DiscoveryIndex,
  IndexedPlugin,
  InvalidPlugin,
  PluginIndex,
  PluginManifest,
  PluginSource,
  ShadowedPlugin,
} from './types.js';
export { editDistance, lookupPlugin, unknownTypeMessage } from './unknown.js';
