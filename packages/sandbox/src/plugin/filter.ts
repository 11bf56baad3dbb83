/**
 * SandboxFilter (Heka's sandbox/plugins/sandbox_filter.go): process_message for each matched message,
 * timer_event on the ticker, injections limited per call (max_process_inject, max_timer_inject), and on a
 * fatal error a heka.sandbox-terminated message (a fresh injection, so that it gets out even at
 * max_message_loops) and the plugin's exit without hekad's own heka.terminated notice.
 */
import {
  decodeMessage,
  encodeMessage,
  type FilterContext,
  type FilterInstance,
  InjectionError,
  Message,
  type PluginContext,
  PluginFatalError,
} from '@heka/core';
import type { InjectStatus } from '../api.js';
import { text } from '../strings.js';
import { finish, type ReportFields, type Started, startSandbox, terminationMessage, usageReport } from './common.js';
import type { SandboxConfig } from './options.js';

const REFUSALS: Readonly<Record<InjectionError['reason'], InjectStatus>> = {
  invalid: 1, // protobuf unmarshal failed
  limit: 2, // exceeded InjectMessage count
  loop: 3, // exceeded MaxMsgLoops
  'own-matcher': 4, // creates a circular reference
};

/** lua_sandbox's injection failure code for the runtime's refusal (anything else is rethrown). */
export function injectionCode(e: unknown): InjectStatus {
  if (e instanceof InjectionError) return REFUSALS[e.reason] ?? 4;
  throw e;
}

/** A filter's injected message as Heka built it (heka.sandbox.* or heka.sandbox-output). */
export function filterMessage(
  ctx: PluginContext,
  payload: Uint8Array,
  type: string,
  name: string,
): Message | undefined {
  const { hostname, pid } = ctx.globals;
  if (type === '') {
    let m: Message;
    try {
      m = decodeMessage(payload);
    } catch {
      return undefined;
    }
    return asFilterMessage(ctx, m);
  }
  return new Message({
    type: 'heka.sandbox-output',
    logger: ctx.name,
    hostname,
    pid,
    payload: text(payload),
    fields: [
      { name: 'payload_type', value: type, representation: 'file-extension' },
      { name: 'payload_name', value: name },
    ],
  });
}

/** What a filter may not choose for the messages it injects: Type prefix, Logger and Hostname. */
export function asFilterMessage(ctx: PluginContext, m: Message): Message {
  m.type = `heka.sandbox.${m.type}`;
  m.logger = ctx.name;
  m.hostname = ctx.globals.hostname;
  return m;
}

export class SandboxFilterInstance implements FilterInstance {
  private remaining = 0;
  private started!: Started;
  private fctx: FilterContext;
  private stopped = false;
  /** Terminated by a fatal status or error: no timer_event on shutdown then. */
  private dead = false;

  constructor(
    private readonly config: SandboxConfig,
    private readonly ctx: PluginContext,
  ) {
    this.fctx = ctx as FilterContext;
  }

  static async create(config: SandboxConfig, ctx: PluginContext): Promise<SandboxFilterInstance> {
    const f = new SandboxFilterInstance(config, ctx);
    f.started = await startSandbox('filter', config, ctx, {
      inject: (p, t, n) => f.inject(p, t, n),
      injectMessage: (m) => f.send(asFilterMessage(ctx, m)),
    });
    return f;
  }

  private inject(payload: Uint8Array, type: string, name: string): InjectStatus {
    if (this.remaining <= 0) return 2;
    const m = filterMessage(this.ctx, payload, type, name);
    if (m === undefined) {
      this.remaining--;
      return 1;
    }
    return this.send(m);
  }

  private send(m: Message): InjectStatus {
    if (this.remaining <= 0) return 2;
    this.remaining--;
    if (typeof this.fctx.inject !== 'function') return 0;
    try {
      this.fctx.inject(m);
    } catch (e) {
      return injectionCode(e);
    }
    return 0;
  }

  /**
   * heka.sandbox-terminated, injected fresh (a new chain of injections: it gets out even when the message
   * being processed is at max_message_loops), then the end of the plugin, reported already.
   */
  private terminated(): never {
    const sb = this.started.sb;
    this.dead = true;
    let reported = false;
    try {
      this.fctx.inject?.(terminationMessage(this.ctx, sb.lastError), { fresh: true });
      reported = typeof this.fctx.inject === 'function';
    } catch (e) {
      // Only the filter's own matcher can refuse it: hekad's heka.terminated then says it instead.
      this.ctx.logger.error(`cannot report the termination: ${(e as Error).message}`);
    }
    throw new PluginFatalError(sb.lastError, { terminationReported: reported });
  }

  process(message: Message, fctx: FilterContext): void {
    this.fctx = fctx;
    const sb = this.started.sb;
    this.remaining = this.ctx.globals.maxProcessInject;
    sb.setMessage(message, () => encodeMessage(message));
    const r = sb.processMessage();
    sb.setMessage(undefined);
    if (r > 0 || sb.terminated) this.terminated();
    if (r < 0) throw new Error(sb.lastError || `process_message() returned ${r}`);
  }

  tick(fctx: FilterContext, now: bigint): void {
    this.fctx = fctx;
    this.remaining = this.ctx.globals.maxTimerInject;
    if (this.started.sb.timerEvent(Number(now)) !== 0) this.terminated();
  }

  report(): ReportFields {
    return usageReport(this.started.sb);
  }

  async stop(): Promise<void> {
    if (this.stopped || !this.started) return;
    this.stopped = true;
    const sb = this.started.sb;
    if (this.config.timer_event_on_shutdown && !this.dead && !sb.terminated) {
      this.remaining = this.ctx.globals.maxTimerInject;
      const now = (performance.timeOrigin + performance.now()) * 1e6;
      if (sb.timerEvent(now) !== 0) this.ctx.logger.error(`FATAL: ${sb.lastError}`);
    }
    await finish(this.started, this.ctx);
  }
}
