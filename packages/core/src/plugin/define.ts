/** definePlugin: the one default export of every plugin package. */

import { isCommonKey } from './common.js';
import { PluginConfigError } from './config-error.js';
import type { InstanceByKind, PluginContext } from './contract.js';
import { kindOfTypeName, kindSuffix, type PluginKind } from './kinds.js';
import type { ConfigSchema } from './schema.js';

/** Version of this contract. A plugin built for another major version is refused with a clear message. */
export const PLUGIN_API_VERSION = 1;

/** Registered globally so definitions made with another copy of @heka/core are still recognised. */
export const PLUGIN_BRAND: unique symbol = Symbol.for('@heka/core/plugin-definition') as never;

/** What create() may return: the instance, or a promise of it. */
export type Created<K extends PluginKind> = InstanceByKind[K] | Promise<InstanceByKind[K]>;

export interface PluginSpec<K extends PluginKind, Config> {
  /** The TOML `type`; Heka's names are kept. Must end with the kind's suffix (`...Input`). */
  type: string;
  kind: K;
  /** One line for `hekad plugins list`. */
  description: string;
  /** JSON Schema of the plugin's own keys (not the common keys of its kind). */
  configSchema: ConfigSchema;
  /**
   * Defaults this type gives to keys the runtime owns, e.g. TcpInput `{ splitter: 'HekaFramingSplitter',
   * decoder: 'ProtobufDecoder' }`, CounterFilter `{ message_matcher: "Type != 'heka.counter-output'" }`.
   * `use_framing: 'protobuf'` means "true when the encoder is ProtobufEncoder".
   */
  commonDefaults?: Readonly<Record<string, unknown>>;
  /**
   * Decoders only: decoding costs enough (a Lua sandbox, say) that, when `maxprocs` > 1, each stream's
   * decoding should run in one of hekad's worker threads. A cheap decoder stays on the main thread,
   * where handing messages between threads would cost more than it saves. The plugin must then be
   * loadable in a worker (it is imported there from its package) and keep no state outside its
   * instances.
   */
  workerThreads?: boolean;
  /** Makes an instance from a validated config (defaults applied). */
  create(config: Config, ctx: PluginContext): Created<K>;
}

export interface PluginDefinition<K extends PluginKind = PluginKind, Config = Record<string, unknown>>
  extends Readonly<PluginSpec<K, Config>> {
  readonly apiVersion: typeof PLUGIN_API_VERSION;
  readonly [PLUGIN_BRAND]: true;
}

/** Checks and freezes a plugin definition. Mistakes a plugin author can make are reported here, at import. */
export function definePlugin<K extends PluginKind, Config = Record<string, unknown>>(
  spec: PluginSpec<K, Config>,
): PluginDefinition<K, Config> {
  const where = `definePlugin(${JSON.stringify(spec?.type)})`;
  if (typeof spec.type !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(spec.type)) {
    throw new PluginConfigError(`${where}: type must be an identifier`);
  }
  const suffixKind = kindOfTypeName(spec.type);
  if (suffixKind !== spec.kind) {
    throw new PluginConfigError(`${where}: a ${spec.kind} type must end with "${kindSuffix(spec.kind)}"`);
  }
  if (typeof spec.create !== 'function') throw new PluginConfigError(`${where}: create must be a function`);
  if (spec.workerThreads !== undefined && spec.kind !== 'decoder') {
    throw new PluginConfigError(`${where}: workerThreads is for decoders`);
  }
  const schema = spec.configSchema;
  if (schema?.type !== 'object' || typeof schema.properties !== 'object') {
    throw new PluginConfigError(`${where}: configSchema must be an object schema with properties`);
  }
  for (const key of Object.keys(schema.properties)) {
    if (isCommonKey(spec.kind, key)) {
      throw new PluginConfigError(`${where}: "${key}" is a common ${spec.kind} key owned by the runtime`);
    }
  }
  return Object.freeze({ ...spec, apiVersion: PLUGIN_API_VERSION, [PLUGIN_BRAND]: true as const });
}

/** Whether a value is a definition made by definePlugin (any copy of @heka/core). */
export function isPluginDefinition(value: unknown): value is PluginDefinition {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_BRAND] === true;
}
