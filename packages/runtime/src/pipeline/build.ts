/** Builds runners from planned plugins: contexts, encoders, splitter and decoder factories. */
import { isAbsolute, join } from 'node:path';
import {
  compileMatcher,
  type DecoderInstance,
  type DynamicFilters,
  type EncoderInstance,
  encodeFrame,
  type FilterContext,
  type FilterInstance,
  type InjectOptions,
  type InputInstance,
  type Logger,
  type Message,
  maxRecordSize,
  type OutputContext,
  type OutputInstance,
  PluginConfigError,
  type PluginContext,
} from '@heka/core';
import type { RootLogger } from '../logger.js';
import { type BufferSettings, type DiskBufferOptions, queueDir } from './disk-buffer.js';
import { InputRunner, type WorkerDecoding } from './input-runner.js';
import { MessageRunner } from './message-runner.js';
import type { Pack } from './pack.js';
import { type PipelinePlan, type PlannedPlugin, pluginGlobals } from './plan.js';
import type { PackPool } from './pool.js';
import { retryPolicyFrom } from './retry.js';
import type { Router } from './router.js';
import { Stats } from './stats.js';
import type { DecoderWorkers } from './workers/pool.js';
import type { WorkerSection } from './workers/protocol.js';

export interface BuildDeps {
  plan: PipelinePlan;
  logger: RootLogger;
  router: Router;
  inputPool: PackPool;
  /** Filter injection (loop protection lives in the pipeline). */
  inject: (runner: MessageRunner, message: Message, options?: InjectOptions) => void;
  /** Filters added and removed at run time. */
  filters: DynamicFilters;
  /** A decoder failed fatally: hekad shuts down. */
  onDecoderFatal: (decoder: string, error: Error) => void;
  injectThrottle: (next: Pack) => Promise<void> | undefined;
  onInputExit: (runner: InputRunner, error: Error | undefined) => void;
  onRunnerExit: (runner: MessageRunner, error: Error) => void;
  /** Decoder statistics by `<input>-<decoder>`. */
  decoderStats: Map<string, Stats>;
  /** Decoder worker threads (maxprocs > 1). */
  workers?: DecoderWorkers;
  /** Routes hekad's own messages (no loop protection). */
  injectSystem: (message: Message) => void;
  /** Shuts hekad down with exit code 1 (a disk queue full with full_action = "shutdown"). */
  shutDown: (reason: string) => void;
}

/**
 * How a worker thread makes this decoder: only when every decoder section comes from an installed
 * package (a worker imports plugins by path; in-memory test plans decode on the main thread).
 */
function workerDecoding(
  deps: BuildDeps,
  decoder: PlannedPlugin,
  contextName: string,
  input: string,
  useMessageBytes: boolean,
): WorkerDecoding | undefined {
  const pool = deps.workers;
  if (!pool || decoder.definition.workerThreads !== true) return undefined;
  const sections: WorkerSection[] = [];
  for (const p of deps.plan.plugins.values()) {
    if (p.section.kind !== 'decoder') continue;
    if (!p.plugin) {
      if (p === decoder) return undefined;
      continue; // cannot be a sub-decoder in a worker; one that names it fails there as unknown
    }
    sections.push({ name: p.section.name, type: p.section.type, own: { ...p.section.own }, plugin: p.plugin });
  }
  return {
    pool,
    request: {
      decoder: decoder.section.name,
      contextName,
      sections,
      globals: pluginGlobals(deps.plan.globals),
      inputName: input,
      useMessageBytes,
    },
  };
}

/**
 * The context a plugin instance gets. `chain` lists the decoders being created around it, so that a
 * decoder containing itself (MultiDecoder subs) is refused instead of recursing forever.
 */
export function baseContext(deps: BuildDeps, name: string, type: string, chain: readonly string[] = []): PluginContext {
  const g = deps.plan.globals;
  return Object.freeze({
    name,
    type,
    logger: deps.logger.child(name),
    globals: pluginGlobals(g),
    resolvePath: (root: 'base' | 'share', path: string) =>
      isAbsolute(path) ? path : join(root === 'base' ? g.baseDir : g.shareDir, path),
    createDecoder: async (sub: string): Promise<DecoderInstance> => {
      if (chain.includes(sub)) throw new PluginConfigError(`decoder cycle: ${[...chain, sub].join(' → ')}`);
      const p = plugin(deps, sub, 'decoder', `[${chain.at(-1) ?? name}] decoder`);
      return instantiate<DecoderInstance>(p, baseContext(deps, `${name}-${sub}`, p.section.type, [...chain, sub]));
    },
  });
}

/**
 * Creates and stops one instance of every splitter, decoder and encoder, as Heka initialises each plugin
 * at start-up: configuration problems a schema cannot express (and decoder cycles) surface now.
 */
export async function probeHelpers(deps: BuildDeps): Promise<void> {
  for (const p of deps.plan.plugins.values()) {
    const { kind, name, type } = p.section;
    if (kind !== 'splitter' && kind !== 'decoder' && kind !== 'encoder') continue;
    try {
      const instance = await instantiate<{ stop?: () => unknown }>(p, baseContext(deps, name, type, [name]));
      await instance.stop?.();
    } catch (e) {
      throw new PluginConfigError(`[${name}] (${type}) cannot start: ${(e as Error).message}`);
    }
  }
}

function plugin(deps: BuildDeps, name: string, kind: string, user: string): PlannedPlugin {
  const p = deps.plan.plugins.get(name);
  if (!p || p.section.kind !== kind) throw new PluginConfigError(`${user}: no ${kind} named '${name}'`);
  return p;
}

/** Creates an instance and checks the runtime's expectations of it. */
async function instantiate<T>(p: PlannedPlugin, ctx: PluginContext): Promise<T> {
  const instance = (await p.definition.create(p.section.own, ctx)) as unknown as T & { tick?: unknown };
  const ticker = p.section.common.ticker_interval;
  if (typeof ticker === 'number' && ticker > 0 && p.section.kind !== 'input' && typeof instance.tick !== 'function') {
    throw new PluginConfigError(`[${p.section.name}] ticker_interval is set but ${p.section.type} has no timer`);
  }
  return instance;
}

/** `dynamic`: a filter added at run time, terminated when it blocks the router (Heka's rule). */
export function buildMessageRunner(deps: BuildDeps, p: PlannedPlugin, dynamic = false): MessageRunner {
  const { section } = p;
  const c = section.common;
  const g = deps.plan.globals;
  const base = baseContext(deps, section.name, section.type);
  const kind = section.kind as 'filter' | 'output';
  let encoder: EncoderInstance | undefined;
  const encoderPlan =
    kind === 'output' && c.encoder
      ? plugin(deps, String(c.encoder), 'encoder', `[${section.name}] encoder`)
      : undefined;
  const encoderCtx = encoderPlan
    ? baseContext(deps, `${section.name}-${encoderPlan.section.name}`, encoderPlan.section.type)
    : base;
  const useFraming = c.use_framing === true;
  let runner: MessageRunner;
  const context: FilterContext | OutputContext =
    kind === 'filter'
      ? { ...base, inject: (m: Message, o?: InjectOptions) => deps.inject(runner, m, o), filters: deps.filters }
      : {
          ...base,
          encode: (m: Message) => encodeFor(section.name, encoder, encoderCtx, useFraming, g.maxMessageSize, m),
        };
  runner = new MessageRunner({
    name: section.name,
    type: section.type,
    kind,
    matcher: compileMatcher(String(c.message_matcher)),
    signer: c.message_signer ? String(c.message_signer) : undefined,
    queueSize: g.pluginChansize,
    batchQueueSize: g.poolsize,
    tickerInterval: Number(c.ticker_interval ?? 0),
    retry: retryPolicyFrom(c.retries as Record<string, unknown> | undefined),
    sampleDenominator: g.sampleDenominator,
    logger: base.logger,
    create: async () => {
      if (encoderPlan) {
        await encoder?.stop?.();
        encoder = await instantiate<EncoderInstance>(encoderPlan, encoderCtx);
      }
      return instantiate<FilterInstance | OutputInstance>(p, context);
    },
    context,
    canExit: c.can_exit === true,
    // Heka stops encoders with their output (step 5 of shutdown): SandboxEncoder preserves its data then.
    stopped: async () => {
      const e = encoder;
      encoder = undefined;
      await e?.stop?.();
    },
    onExit: (r, e) => deps.onRunnerExit(r, e),
    throttle: kind === 'filter' ? deps.injectThrottle : undefined,
    ...(c.use_buffering === true ? { buffer: bufferOptions(deps, section.name, c.buffering, base.logger) } : {}),
    ...(dynamic && kind === 'filter'
      ? { slowFilter: { limitNs: g.maxProcessDuration, report: deps.injectSystem, hostname: g.hostname } }
      : {}),
  });
  return runner;
}

/** The disk queue of a plugin with use_buffering, with Heka's defaults for the keys not given. */
function bufferOptions(deps: BuildDeps, name: string, table: unknown, logger: Logger): DiskBufferOptions {
  const t = (table ?? {}) as Partial<BufferSettings>;
  return {
    dir: queueDir(deps.plan.globals.baseDir, name),
    settings: {
      max_file_size: t.max_file_size ?? 512 * 1024 * 1024,
      max_buffer_size: t.max_buffer_size ?? 0,
      full_action: t.full_action ?? 'shutdown',
      cursor_update_count: t.cursor_update_count ?? 1,
    },
    logger,
    onFull: (reason) => deps.shutDown(`[${name}] ${reason}`),
  };
}

function encodeFor(
  output: string,
  encoder: EncoderInstance | undefined,
  ctx: PluginContext,
  framing: boolean,
  maxMessageSize: number,
  message: Message,
): Uint8Array | null {
  if (!encoder) throw new PluginConfigError(`output '${output}' has no encoder configured`);
  const r = encoder.encode(message, ctx);
  if (r === null || r === undefined) return null;
  const bytes = typeof r === 'string' ? Buffer.from(r) : r;
  return framing ? encodeFrame(bytes, undefined, { maxMessageSize }) : bytes;
}

export function buildInputRunner(deps: BuildDeps, p: PlannedPlugin): InputRunner {
  const { section } = p;
  const c = section.common;
  const g = deps.plan.globals;
  const base = baseContext(deps, section.name, section.type);
  // The splitter is needed only by inputs that open streams: look it up when one does.
  const splitterPlan = deps.plan.plugins.get(String(c.splitter));
  const decoderPlan = c.decoder ? plugin(deps, String(c.decoder), 'decoder', `[${section.name}] decoder`) : undefined;
  const sc = splitterPlan?.section.common ?? {};
  const splitterName = `${section.name}-${splitterPlan?.section.name ?? String(c.splitter)}`;
  let decoder: InputRunner['options']['decoder'];
  if (decoderPlan) {
    const statsName = `${section.name}-${decoderPlan.section.name}`;
    const stats = deps.decoderStats.get(statsName) ?? new Stats(g.sampleDenominator);
    deps.decoderStats.set(statsName, stats);
    const decoderCtx = baseContext(deps, statsName, decoderPlan.section.type, [decoderPlan.section.name]);
    const worker = workerDecoding(deps, decoderPlan, statsName, section.name, sc.use_message_bytes === true);
    decoder = {
      create: () => instantiate(decoderPlan, decoderCtx),
      stats,
      context: decoderCtx,
      ...(worker ? { worker } : {}),
    };
  }
  return new InputRunner({
    base,
    create: () => instantiate<InputInstance>(p, base),
    splitter: {
      create: () => {
        const sp = plugin(deps, String(c.splitter), 'splitter', `[${section.name}] splitter`);
        return instantiate(sp, baseContext(deps, splitterName, sp.section.type));
      },
      settings: {
        minBufferSize: Number(sc.min_buffer_size ?? 8192),
        maxRecordSize: maxRecordSize(g.maxMessageSize),
        keepTruncated: sc.keep_truncated === true,
        deliverIncompleteFinal: sc.deliver_incomplete_final === true,
      },
      useMessageBytes: sc.use_message_bytes === true,
    },
    decoder,
    sendDecodeFailures: c.send_decode_failures === true,
    logDecodeFailures: c.log_decode_failures !== false,
    canExit: c.can_exit === true,
    tickerInterval: Number(c.ticker_interval ?? 0),
    retry: retryPolicyFrom(c.retries as Record<string, unknown> | undefined),
    router: deps.router,
    pool: deps.inputPool,
    sampleDenominator: g.sampleDenominator,
    onExit: (r, e) => deps.onInputExit(r, e),
    onDecoderFatal: deps.onDecoderFatal,
  });
}
