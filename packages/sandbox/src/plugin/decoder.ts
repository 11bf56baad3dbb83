/**
 * SandboxDecoder (Heka's sandbox_decoder.go): process_message on each record's message. Without an
 * injection the (possibly write_message-changed) message goes on; the first inject_message /
 * inject_payload replaces it, later ones add messages, and headers an injected message lacks are taken
 * from the original. A negative status is a decode failure; a fatal one (> 0, or a Lua error) terminates
 * the sandbox and is thrown as a PluginFatalError ("FATAL: ..."), on which hekad shuts down as Heka did.
 */
import {
  type DecodeResult,
  type DecoderInstance,
  type DecoderPack,
  decodeMessage,
  Message,
  type PluginContext,
  PluginFatalError,
  randomUuid,
} from '@heka/core';
import type { InjectStatus } from '../api.js';
import { text } from '../strings.js';
import { reinterpretInZone } from '../time.js';
import { finish, type ReportFields, type Started, startSandbox, usageReport } from './common.js';
import type { SandboxConfig } from './options.js';

/** The headers that, all present, let Heka keep an injected message's bytes as they were. */
const COMPLETE = ['type', 'hostname', 'logger', 'severity', 'pid'] as const;

/** Fills the headers `m` lacks from `from` (a fresh uuid when it has none). */
export function fillHeaders(m: Message, from: Message): void {
  if (!m.has('uuid')) m.uuid = randomUuid();
  if (!m.has('timestamp')) m.timestamp = from.timestamp;
  if (!m.has('type')) m.type = from.type;
  if (!m.has('hostname')) m.hostname = from.hostname;
  if (!m.has('logger')) m.logger = from.logger;
  if (!m.has('severity')) m.severity = from.severity;
  if (!m.has('pid')) m.pid = from.pid;
}

export class SandboxDecoderInstance implements DecoderInstance {
  private started!: Started;
  private stopped = false;
  /** The record's message until the first injection replaces it. */
  private current: Message | undefined;
  private packs: Message[] = [];
  private original: Message | undefined;

  constructor(private readonly ctx: PluginContext) {}

  static async create(config: SandboxConfig, ctx: PluginContext): Promise<SandboxDecoderInstance> {
    const d = new SandboxDecoderInstance(ctx);
    d.started = await startSandbox('decoder', config, ctx, {
      inject: (p, t, n) => d.inject(p, t, n),
      injectMessage: (m, _size, encoded) => d.injectBuilt(m, encoded),
    });
    d.tz = d.started.resolved.tz;
    return d;
  }

  private tz = 'UTC';

  /** The header source of a protobuf injection (Heka's `original`), and the end of the record's turn. */
  private takeOriginal(): void {
    const first = this.current;
    this.current = undefined;
    // The record's own message is not changed by a protobuf injection: its headers stay readable.
    if (first !== undefined) this.original = first;
    else if (this.original === undefined) this.original = this.packs[0];
  }

  /** Heka's rules after an injection: a configured tz (protobuf only), then the headers the message lacks. */
  private accept(m: Message, protobuf: boolean): InjectStatus {
    if (protobuf && this.tz !== 'UTC' && m.has('timestamp')) {
      m.timestamp = reinterpretInZone(m.timestamp, this.tz);
    }
    if (this.original !== undefined && m !== this.original) fillHeaders(m, this.original);
    this.packs.push(m);
    return 0;
  }

  /** inject_message(table): a message built from the table. */
  private injectBuilt(m: Message, encoded: () => Uint8Array): InjectStatus {
    this.takeOriginal();
    // Heka passed lua_sandbox's bytes on unchanged (TrustMsgBytes) when no header had to be filled in.
    if (this.tz === 'UTC' && COMPLETE.every((h) => m.has(h))) m = decodeMessage(encoded());
    return this.accept(m, true);
  }

  private inject(payload: Uint8Array, type: string, name: string): InjectStatus {
    let m: Message;
    if (type === '') {
      try {
        m = decodeMessage(payload);
      } catch {
        return 1;
      }
      this.takeOriginal();
      return this.accept(m, true);
    }
    const first = this.current;
    this.current = undefined;
    if (first !== undefined) {
      m = first;
      this.original = undefined;
    } else {
      m = Message.empty(); // a new pack: its headers come from the original
      if (this.original === undefined) this.original = this.packs[0];
    }
    m.payload = text(payload);
    m.addField({ name: 'payload_type', value: type, representation: 'file-extension' });
    m.addField({ name: 'payload_name', value: name });
    return this.accept(m, false);
  }

  decode(pack: DecoderPack): DecodeResult {
    const sb = this.started.sb;
    this.current = pack.message;
    this.packs = [];
    this.original = undefined;
    sb.setMessage(pack.message, () => pack.bytes);
    const r = sb.processMessage();
    sb.setMessage(undefined);
    const injected = this.current === undefined;
    this.current = undefined;
    const packs = this.packs;
    this.packs = [];
    if (r > 0 || (sb.terminated && r !== 0)) throw new PluginFatalError(`FATAL: ${sb.lastError}`);
    if (r < 0) {
      throw new Error(
        injected
          ? `Failed after a successful inject_message call: ${sb.lastError}`
          : `Failed parsing: ${sb.lastError} payload: ${pack.message.payload}`,
      );
    }
    return injected ? packs : pack.message;
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
