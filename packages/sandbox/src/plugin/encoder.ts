/**
 * SandboxEncoder (Heka's sandbox_encoder.go): the output is whatever the script injected last
 * (inject_payload's bytes or inject_message's protobuf); with no injection and status 0, the message
 * (with write_message's changes, made on a copy) protobuf-encoded; -2 means "nothing for this message".
 */
import { type EncodeResult, type EncoderInstance, encodeMessage, type Message, type PluginContext } from '@heka/core';
import { finish, type ReportFields, type Started, startSandbox, usageReport } from './common.js';
import type { SandboxConfig } from './options.js';

export class SandboxEncoderInstance implements EncoderInstance {
  private started!: Started;
  private stopped = false;
  private output: Uint8Array | undefined;

  constructor(private readonly ctx: PluginContext) {}

  static async create(config: SandboxConfig, ctx: PluginContext): Promise<SandboxEncoderInstance> {
    const e = new SandboxEncoderInstance(ctx);
    e.started = await startSandbox('encoder', config, ctx, (payload) => {
      e.output = payload;
      return 0;
    });
    return e;
  }

  encode(message: Message): EncodeResult {
    const sb = this.started.sb;
    this.output = undefined;
    sb.setMessage(message, () => encodeMessage(message));
    const r = sb.processMessage();
    const changed = sb.message as Message;
    sb.setMessage(undefined);
    if (r > 0 || (sb.terminated && r !== 0)) throw new Error(`FATAL: ${sb.lastError}`);
    if (r === -2) return null;
    if (r < 0) throw new Error(`Failed serializing: ${sb.lastError}`);
    return this.output ?? encodeMessage(changed);
  }

  report(): ReportFields {
    return usageReport(this.started.sb);
  }

  async stop(): Promise<void> {
    if (this.stopped || !this.started) return;
    this.stopped = true;
    await finish(this.started, this.ctx);
  }
}
