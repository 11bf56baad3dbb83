/**
 * SandboxInput (Heka's sandbox_input.go): process_message is the input. Each inject_message becomes a
 * message delivered through the input (waiting when the pipeline is full). A status <= 0 ends one run:
 * with a ticker_interval the script is called again every tick (polling), otherwise the input is done
 * ("single run completed"). A status > 0 or a Lua error ends the input after logging the error. The
 * script runs as a coroutine that yields to the event loop regularly, so a long-running or endless
 * process_message never blocks hekad.
 */
import { decodeMessage, type InputContext, type InputInstance, type Message, type PluginContext } from '@heka/core';
import { abortableSleep } from '@heka/go-time';
import type { InjectResult } from '../api.js';
import { reinterpretInZone } from '../time.js';
import { finish, type ReportFields, type Started, startSandbox, usageReport } from './common.js';
import type { SandboxConfig } from './options.js';

function aborted(signal: AbortSignal): Promise<'aborted'> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve('aborted');
    else signal.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
}

export class SandboxInputInstance implements InputInstance {
  private started!: Started;
  private stopped = false;
  private ictx: InputContext | undefined;
  /** Injected messages and their bytes (Heka's ProcessMessageCount / ProcessMessageBytes). */
  injected = 0;
  injectedBytes = 0;

  constructor(private readonly ctx: PluginContext) {}

  static async create(config: SandboxConfig, ctx: PluginContext): Promise<SandboxInputInstance> {
    const i = new SandboxInputInstance(ctx);
    i.started = await startSandbox('input', config, ctx, {
      inject: (p) => i.inject(p),
      injectMessage: (m, size) => i.deliver(m, size),
    });
    return i;
  }

  private inject(payload: Uint8Array): InjectResult {
    const ctx = this.ictx;
    if (ctx === undefined || ctx.signal.aborted) return 5;
    let m: ReturnType<typeof decodeMessage>;
    try {
      m = decodeMessage(payload);
    } catch {
      return 1;
    }
    return this.deliver(m, payload.length);
  }

  private deliver(m: Message, size: number): InjectResult {
    const ctx = this.ictx;
    if (ctx === undefined || ctx.signal.aborted) return 5;
    const tz = this.started.resolved.tz;
    if (tz !== 'UTC' && m.has('timestamp')) m.timestamp = reinterpretInZone(m.timestamp, tz);
    this.injected++;
    this.injectedBytes += size;
    return ctx.deliver(m) ?? 0;
  }

  async run(ctx: InputContext): Promise<void> {
    this.ictx = ctx;
    const sb = this.started.sb;
    const stop = aborted(ctx.signal);
    try {
      for (;;) {
        if (ctx.signal.aborted) break;
        const call = sb.callAsync('process_message');
        const r = typeof call === 'number' ? call : await Promise.race([call, stop]);
        if (r === 'aborted' || ctx.signal.aborted) break;
        if (r <= 0) {
          if (r < 0 && sb.lastError) ctx.logger.error(sb.lastError);
          if (ctx.tickerInterval <= 0) {
            ctx.logger.info('single run completed');
            break;
          }
          await abortableSleep(ctx.tickerInterval * 1000, ctx.signal);
        } else {
          if (!sb.lastError.endsWith('shutting down')) ctx.logger.error(sb.lastError);
          break;
        }
      }
    } finally {
      sb.abandon();
      await this.stop();
    }
  }

  report(): ReportFields {
    return {
      ...usageReport(this.started.sb),
      ProcessMessageCount: { value: this.injected, representation: 'count' },
      ProcessMessageBytes: { value: this.injectedBytes, representation: 'B' },
    };
  }

  async stop(): Promise<void> {
    if (this.stopped || !this.started) return;
    this.stopped = true;
    this.started.sb.abandon();
    await finish(this.started, this.ctx);
  }
}
