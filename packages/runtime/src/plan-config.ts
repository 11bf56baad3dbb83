/**
 * From a config path to a pipeline plan: load and check the TOML, find every section's plugin package,
 * validate each section against its schema, add Heka's always-present default instances, and check
 * references between sections. Every problem of the config is reported at once.
 */
import type { PluginDefinition, PluginKind } from '@heka/core';
import { ConfigError, type ConfigProblem } from './config/errors.js';
import { loadConfig, validateSection } from './config/index.js';
import type { LoadedConfig, PluginSection } from './config/types.js';
import { indexPlugins, loadPluginDefinition, unknownTypeMessage } from './discovery/index.js';
import type { PluginIndex } from './discovery/types.js';
import type { PipelinePlan, PlannedPlugin } from './pipeline/plan.js';

/** Instances Heka always registers (overridable by a section of the same name), when installed. */
export const DEFAULT_INSTANCES = [
  'ProtobufDecoder',
  'ProtobufEncoder',
  'TokenSplitter',
  'PatternGroupingSplitter',
  'HekaFramingSplitter',
  'NullSplitter',
] as const;

/** The `file` of a section hekad added by itself (a default instance). */
export const DEFAULT_INSTANCE_FILE = '(default instance)';

/** The sections the configuration itself declares (not Heka's default instances). */
export function configuredPlugins(plan: PipelinePlan): PlannedPlugin[] {
  return [...plan.plugins.values()].filter((p) => p.section.file !== DEFAULT_INSTANCE_FILE);
}

export interface PlanOptions {
  configPath: string;
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** hekad's package directory: its dependencies are the default plugin distribution. */
  hekadPackageDir?: string;
}

export interface ConfigPlan {
  plan: PipelinePlan;
  index: PluginIndex;
  loaded: LoadedConfig;
}

export async function planConfig(options: PlanOptions): Promise<ConfigPlan> {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const loaded = await loadConfig(options.configPath, { env, cwd });
  const index = await indexPlugins({
    cwd,
    hekadPackageDir: options.hekadPackageDir,
    pluginDirs: loaded.globals.pluginDirs,
    env,
  });
  const problems: ConfigProblem[] = [];
  const sections = [...loaded.sections];
  for (const type of DEFAULT_INSTANCES) {
    if (index.plugins.has(type) && !sections.some((s) => s.name === type)) {
      sections.push({ name: type, type, file: DEFAULT_INSTANCE_FILE, line: undefined, table: {} });
    }
  }
  const plugins = new Map<string, PlannedPlugin>();
  for (const section of sections) {
    const definition = await definitionFor(section, index, problems);
    if (!definition) continue;
    const plugin = index.plugins.get(section.type);
    const { resolved, problems: found } = validateSection(
      section,
      definition.kind,
      definition.configSchema,
      definition.commonDefaults,
    );
    problems.push(...found);
    if (resolved) plugins.set(section.name, { section: resolved, definition, ...(plugin ? { plugin } : {}) });
  }
  const explicit = new Map(sections.map((s) => [s.name, new Set(Object.keys(s.table))]));
  defaultFraming(plugins, explicit);
  checkReferences(plugins, explicit, problems);
  if (problems.length > 0) throw new ConfigError(problems);
  return { plan: { globals: loaded.globals, plugins }, index, loaded };
}

async function definitionFor(
  section: PluginSection,
  index: PluginIndex,
  problems: ConfigProblem[],
): Promise<PluginDefinition | undefined> {
  const at = { file: section.file, section: section.name, line: section.line };
  const found = index.plugins.get(section.type);
  if (!found) {
    problems.push({ ...at, key: 'type', message: unknownTypeMessage(section.type, index) });
    return undefined;
  }
  try {
    return await loadPluginDefinition(found);
  } catch (e) {
    problems.push({ ...at, key: 'type', message: (e as Error).message });
    return undefined;
  }
}

/**
 * `use_framing: 'protobuf'` (TcpOutput, FileOutput...) frames by default when the encoder's *type* is
 * ProtobufEncoder, whatever its section is called (validation alone only sees the name).
 */
function defaultFraming(plugins: Map<string, PlannedPlugin>, explicit: ReadonlyMap<string, ReadonlySet<string>>): void {
  for (const [name, p] of plugins) {
    if (p.section.kind !== 'output' || p.definition.commonDefaults?.use_framing !== 'protobuf') continue;
    if (explicit.get(name)?.has('use_framing')) continue;
    const encoder = plugins.get(String(p.section.common.encoder ?? ''));
    const framing = encoder?.section.type === 'ProtobufEncoder';
    plugins.set(name, { ...p, section: { ...p.section, common: { ...p.section.common, use_framing: framing } } });
  }
}

/**
 * Inputs name their splitter and decoder, outputs their encoder: each must exist with the right kind.
 * A splitter left at its default is needed only if the input opens a stream, so its absence is then
 * reported at that moment rather than refusing the config.
 */
function checkReferences(
  plugins: ReadonlyMap<string, PlannedPlugin>,
  explicit: ReadonlyMap<string, ReadonlySet<string>>,
  problems: ConfigProblem[],
): void {
  const check = (p: PlannedPlugin, key: string, kind: PluginKind, optional: boolean): void => {
    const value = p.section.common[key];
    if (optional && (value === '' || value === undefined)) return;
    const target = plugins.get(String(value));
    if (target?.section.kind === kind) return;
    const defaulted = !explicit.get(p.section.name)?.has(key) && p.definition.commonDefaults?.[key] === undefined;
    if (!target && key === 'splitter' && defaulted) return;
    const known = [...plugins.values()].filter((x) => x.section.kind === kind).map((x) => x.section.name);
    problems.push({
      file: p.section.file,
      section: p.section.name,
      line: p.section.line,
      key,
      message: target
        ? `'${value}' is a ${target.section.kind}, not a ${kind}`
        : `no ${kind} named '${value}' (${known.length ? `defined: ${known.join(', ')}` : `no ${kind}s are configured or installed`})`,
    });
  };
  for (const p of plugins.values()) {
    if (p.section.kind === 'input') {
      check(p, 'splitter', 'splitter', false);
      check(p, 'decoder', 'decoder', true);
    } else if (p.section.kind === 'output') {
      check(p, 'encoder', 'encoder', true);
    }
  }
}
