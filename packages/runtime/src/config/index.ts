export { DurationError, nsToMs, parseDuration, parseDurationMs, parseDurationNs } from './duration.js';
export { substituteEnv } from './env.js';
export { ConfigError, type ConfigProblem, formatProblem } from './errors.js';
export {
  DEFAULT_MAX_MESSAGE_SIZE,
  defaultGlobals,
  GLOBAL_KEYS,
  type GlobalsSource,
  resolveGlobals,
} from './globals.js';
export { type LoadOptions, loadConfig } from './load.js';
export type { Globals, LoadedConfig, PluginSection, ResolvedSection } from './types.js';
export { mergeSchema, validateSection } from './validate.js';
