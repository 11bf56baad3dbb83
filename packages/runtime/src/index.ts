/**
 * @heka/runtime: load a Heka TOML config, find each section's plugin package, run the pipeline.
 */

export { ConfigError, type ConfigProblem, formatProblem } from './config/errors.js';
export type { Globals, LoadedConfig, PluginSection, ResolvedSection } from './config/types.js';
export type { IndexedPlugin, PluginIndex, PluginManifest, PluginSource } from './discovery/types.js';
export { Hekad, type HekadOptions } from './hekad.js';
export { createLogger, type Level, type LogSink, type RootLogger } from './logger.js';
export { Pipeline } from './pipeline/pipeline.js';
export type { PipelinePlan, PlannedPlugin } from './pipeline/plan.js';
export type { ReloadSummary } from './pipeline/reload.js';
export { type AllReport, allReport, reportText } from './pipeline/report.js';
export {
  type ConfigPlan,
  configuredPlugins,
  DEFAULT_INSTANCE_FILE,
  DEFAULT_INSTANCES,
  type PlanOptions,
  planConfig,
} from './plan-config.js';
