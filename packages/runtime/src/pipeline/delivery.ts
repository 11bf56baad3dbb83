/**
 * From record to router: unframing, making a message of a text record, decoding (0..n messages),
 * decode failures, a pool slot per message, routing, and the acknowledgements that let inputs
 * checkpoint only what every plugin has finished with.
 */
import {
  type DecodeResult,
  type DecoderInstance,
  type DecoderPack,
  type Logger,
  Message,
  type PluginContext,
} from '@heka/core';
import { Pack } from './pack.js';
import type { PackPool } from './pool.js';
import type { Router } from './router.js';
import type { Stats } from './stats.js';
import { nowNs } from './stats.js';

export interface DeliverySettings {
  inputName: string;
  useMessageBytes: boolean;
  sendDecodeFailures: boolean;
  logDecodeFailures: boolean;
}

export interface DeliveryDeps {
  router: Router;
  pool: PackPool;
  logger: Logger;
  decoderStats: Stats | undefined;
  inputStats: Stats;
  context: PluginContext;
  /** A decoder threw PluginFatalError: hekad shuts down (Heka's rule for a decoder that cannot go on). */
  onDecoderFatal: (error: Error) => void;
}

const decoder = new TextDecoder();
const MAX_DECODE_ERROR = 500;

/** Counts the messages made from one record (or one delivered message) until they are all done. */
export class Completion {
  private pending = 1;
  constructor(private readonly onDone: () => void) {}
  add(): void {
    this.pending++;
  }
  done(): void {
    if (--this.pending === 0) this.onDone();
  }
}

export class Delivery {
  constructor(
    private readonly settings: DeliverySettings,
    private readonly deps: DeliveryDeps,
    private readonly decoderInstance: DecoderInstance | undefined,
    private readonly decorate: ((message: Message) => void) | undefined,
  ) {}

  /** Stops the decoder instance (its stream has ended). */
  async stop(): Promise<void> {
    await this.decoderInstance?.stop?.();
  }

  /**
   * A record from a splitter (already unframed), received at `receivedNs`. Its bytes are the stream's
   * and never rewritten, so the message (or the decoder's pack) keeps them without a copy.
   */
  deliverRecord(
    bytes: Uint8Array,
    signer: string | undefined,
    completion: Completion | undefined,
    receivedNs: number,
  ): void | Promise<void> {
    const { useMessageBytes, inputName } = this.settings;
    let message: Message;
    if (useMessageBytes) {
      message = Message.empty(); // the decoder builds the real one from the bytes
    } else {
      message = Message.fromOwnedRecord(bytes, inputName, receivedNs);
      this.decorate?.(message);
      if (this.decoderInstance === undefined) return this.routeOneWithSlot(message, signer, completion);
    }
    const pack: DecoderPack = { message, bytes: useMessageBytes ? bytes : undefined, signer };
    return this.decode(pack, completion);
  }

  /** A message an input made itself (ctx.deliver): it goes through the decoder too, as in Heka. */
  deliverMessage(message: Message, completion: Completion | undefined): void | Promise<void> {
    return this.decode({ message, bytes: undefined, signer: undefined }, completion);
  }

  private decode(pack: DecoderPack, completion: Completion | undefined): void | Promise<void> {
    const instance = this.decoderInstance;
    if (instance === undefined) return this.routeOneWithSlot(pack.message, pack.signer, completion);
    const stats = this.deps.decoderStats as Stats;
    const t0 = stats.shouldSample() ? nowNs() : 0;
    let result: DecodeResult | Promise<DecodeResult>;
    try {
      result = instance.decode(pack, this.deps.context);
    } catch (e) {
      return this.failed(pack, e, completion);
    }
    if (result && typeof (result as Promise<DecodeResult>).then === 'function') {
      return (result as Promise<DecodeResult>).then(
        (r) => this.decoded(pack, r, t0, completion),
        (e: unknown) => this.failed(pack, e, completion),
      );
    }
    return this.decoded(pack, result as DecodeResult, t0, completion);
  }

  private decoded(
    pack: DecoderPack,
    result: DecodeResult,
    t0: number,
    completion: Completion | undefined,
  ): void | Promise<void> {
    const stats = this.deps.decoderStats as Stats;
    if (t0) stats.addDuration(nowNs() - t0);
    stats.processed++;
    return this.routeAll(result, pack.signer, completion);
  }

  private failed(pack: DecoderPack, e: unknown, completion: Completion | undefined): void | Promise<void> {
    const reason = e instanceof Error ? e.message : String(e);
    const stats = this.deps.decoderStats as Stats;
    stats.failures++;
    if ((e as { code?: string } | null)?.code === 'ERR_HEKA_PLUGIN_FATAL') this.deps.onDecoderFatal(e as Error);
    if (this.settings.logDecodeFailures) this.deps.logger.error(`decode failed: ${reason}`);
    if (!this.settings.sendDecodeFailures) return undefined;
    const m = pack.message;
    m.addField({ name: 'decode_failure', value: true });
    m.addField({ name: 'decode_error', value: truncateUtf8(reason, MAX_DECODE_ERROR) });
    return this.routeAll(m, pack.signer, completion);
  }

  /** Routes messages decoded elsewhere (a decoder worker thread), as if this delivery's decoder made them. */
  routeDecoded(
    result: DecodeResult,
    signer: string | undefined,
    completion: Completion | undefined,
  ): void | Promise<void> {
    return this.routeAll(result, signer, completion);
  }

  /**
   * A record a decoder worker failed to decode: counted, logged, and routed with decode_failure and
   * decode_error when send_decode_failures is set (the message rebuilt from the record as Heka did).
   */
  routeFailure(
    record: Uint8Array,
    signer: string | undefined,
    reason: string,
    fatal: boolean,
    completion: Completion | undefined,
  ): void | Promise<void> {
    const message = this.settings.useMessageBytes
      ? Message.empty()
      : Message.fromRecord(record, this.settings.inputName);
    if (!this.settings.useMessageBytes) this.decorate?.(message);
    const error = new Error(reason);
    if (fatal) (error as Error & { code: string }).code = 'ERR_HEKA_PLUGIN_FATAL';
    return this.failed({ message, bytes: undefined, signer }, error, completion);
  }

  /** Routes each message in order, each holding one pool slot; waits whenever the pipeline is full. */
  private routeAll(
    result: DecodeResult,
    signer: string | undefined,
    completion: Completion | undefined,
  ): void | Promise<void> {
    if (result === null || result === undefined) return undefined;
    if (result instanceof Message) return this.routeOneWithSlot(result, signer, completion);
    return this.routeFrom(result as readonly Message[], 0, signer, completion);
  }

  /** The common case (one message): no list, no closures unless the pipeline is full. */
  private routeOneWithSlot(
    message: Message,
    signer: string | undefined,
    completion: Completion | undefined,
  ): void | Promise<void> {
    const slot = this.deps.pool.acquire();
    if (slot) return slot.then(() => this.routeOne(message, signer, completion));
    return this.routeOne(message, signer, completion);
  }

  private routeFrom(
    list: readonly Message[],
    from: number,
    signer: string | undefined,
    completion: Completion | undefined,
  ): void | Promise<void> {
    for (let i = from; i < list.length; i++) {
      const at = i;
      const slot = this.deps.pool.acquire();
      if (slot) return slot.then(() => this.routeThenContinue(list, at, signer, completion));
      const routed = this.routeOne(list[at] as Message, signer, completion);
      if (routed) return routed.then(() => this.routeFrom(list, at + 1, signer, completion));
    }
    return undefined;
  }

  private routeThenContinue(
    list: readonly Message[],
    at: number,
    signer: string | undefined,
    completion: Completion | undefined,
  ): void | Promise<void> {
    const routed = this.routeOne(list[at] as Message, signer, completion);
    if (routed) return routed.then(() => this.routeFrom(list, at + 1, signer, completion));
    return this.routeFrom(list, at + 1, signer, completion);
  }

  /** Routes one message that already holds a pool slot. */
  private routeOne(
    message: Message,
    signer: string | undefined,
    completion: Completion | undefined,
  ): void | Promise<void> {
    this.deps.inputStats.processed++;
    completion?.add();
    const pack = new Pack(message, signer, 0, this.deps.pool, completion ? () => completion.done() : undefined);
    return this.deps.router.route(pack);
  }
}

/** At most `max` UTF-8 bytes of `s`, cut at a character boundary (Heka truncates decode_error to 500 bytes). */
export function truncateUtf8(s: string, max: number): string {
  const bytes = new TextEncoder().encode(s);
  if (bytes.length <= max) return s;
  let end = max;
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return decoder.decode(bytes.subarray(0, end));
}
