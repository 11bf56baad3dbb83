/**
 * SandboxOutput (Heka's sandbox_output.go): process_message delivers each matched message itself (io
 * and the looser environment of inputs and outputs), timer_event on the ticker. A negative status fails
 * the message; a fatal one (> 0, or a Lua error, in process_message or timer_event) stops the output
 * ("FATAL: ..."). Calls run as coroutines that yield to the event loop every few milliseconds.
 */
import {
  encodeMessage,
  type Message,
  type OutputContext,
  type OutputInstance,
  type PluginContext,
  PluginFatalError,
} from '@heka/core';
import { finish, type ReportFields, type Started, startSandbox, usageReport } from './common.js';
import type { SandboxConfig } from './options.js';

export class SandboxOutputInstance implements OutputInstance {
  private started!: Started;
  private stopped = false;
  private failedFatally = false;

  constructor(
    private readonly config: SandboxConfig,
    private readonly ctx: PluginContext,
  ) {}

  static async create(config: SandboxConfig, ctx: PluginContext): Promise<SandboxOutputInstance> {
    const o = new SandboxOutputInstance(config, ctx);
    o.started = await startSandbox('output', config, ctx, () => 0);
    return o;
  }

  private done(r: number): void {
    const sb = this.started.sb;
    sb.setMessage(undefined);
    if (r > 0 || sb.terminated) {
      this.failedFatally = true;
      throw new PluginFatalError(`FATAL: ${sb.lastError}`);
    }
    if (r < 0) throw new Error(sb.lastError || `process_message() returned ${r}`);
  }

  process(message: Message, _octx: OutputContext): void | Promise<void> {
    const sb = this.started.sb;
    sb.setMessage(message, () => encodeMessage(message));
    const r = sb.callAsync('process_message');
    if (typeof r === 'number') return this.done(r);
    return r.then((x) => this.done(x));
  }

  tick(_octx: OutputContext, now: bigint): void | Promise<void> {
    const r = this.started.sb.callAsync('timer_event', Number(now));
    const check = (x: number): void => {
      if (x !== 0) {
        this.failedFatally = true;
        throw new PluginFatalError(`FATAL: ${this.started.sb.lastError}`);
      }
    };
    if (typeof r === 'number') return check(r);
    return r.then(check);
  }

  report(): ReportFields {
    return usageReport(this.started.sb);
  }

  async stop(): Promise<void> {
    if (this.stopped || !this.started) return;
    this.stopped = true;
    const sb = this.started.sb;
    if (this.config.timer_event_on_shutdown && !this.failedFatally && !sb.terminated) {
      const now = (performance.timeOrigin + performance.now()) * 1e6;
      const r = await sb.callAsync('timer_event', now);
      if (r !== 0) this.ctx.logger.error(`FATAL: ${sb.lastError}`);
    }
    await finish(this.started, this.ctx);
  }
}
