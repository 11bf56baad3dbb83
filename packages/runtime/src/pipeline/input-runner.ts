/**
 * Runs one input: its context (streams with their own splitter and decoder, direct deliveries), the
 * restart policy, and Heka's exit rule (an input that stops for good shuts hekad down unless can_exit).
 */
import {
  type DecoderInstance,
  type DeliverOptions,
  encodeMessage,
  type InputContext,
  type InputInstance,
  type InputStream,
  Message,
  type PluginContext,
  type SplitterInstance,
  type StreamOptions,
} from '@heka/core';
import { Completion, Delivery, type DeliverySettings } from './delivery.js';
import type { PackPool } from './pool.js';
import { Backoff, type RetryPolicy, sleep } from './retry.js';
import type { Router } from './router.js';
import { Stats } from './stats.js';
import { SplitStream, type StreamSettings } from './stream.js';
import type { DecoderWorkers } from './workers/pool.js';
import type { OpenStream } from './workers/protocol.js';
import { WorkerDelivery } from './workers/worker-delivery.js';

/** Decoding in a worker thread: the pool and what the worker needs to make the stream's decoder. */
export interface WorkerDecoding {
  pool: DecoderWorkers;
  request: Omit<OpenStream, 'op' | 'stream' | 'decoration'>;
}

/** Where a stream's records go: decoded here, or in a worker thread. */
export type RecordDelivery = Pick<Delivery, 'deliverRecord' | 'stop'> & { flush?(): void | Promise<void> };

type Maybe<T> = T | Promise<T>;

export interface InputRunnerOptions {
  base: PluginContext;
  create: () => Promise<InputInstance>;
  splitter: { create: () => Maybe<SplitterInstance>; settings: StreamSettings; useMessageBytes: boolean };
  /** `context` is the decoder's own (its name is `<input>-<decoder>`), passed to decode(). */
  decoder:
    | { create: () => Maybe<DecoderInstance>; stats: Stats; context: PluginContext; worker?: WorkerDecoding }
    | undefined;
  sendDecodeFailures: boolean;
  logDecodeFailures: boolean;
  canExit: boolean;
  tickerInterval: number;
  retry: RetryPolicy;
  router: Router;
  pool: PackPool;
  sampleDenominator: number;
  /** The input stopped for good (its run() returned or failed past its retries) outside of shutdown. */
  onExit: (runner: InputRunner, error: Error | undefined) => void;
  /** A decoder of this input failed fatally. */
  onDecoderFatal: (decoder: string, error: Error) => void;
}

export class InputRunner {
  readonly stats: Stats;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private directDelivery: Promise<Delivery> | undefined;
  private readonly context: InputContext;
  private openStreams = 0;
  /** Streams decoding in worker threads: a stop waits until what they sent has been routed. */
  private readonly workerDeliveries = new Set<WorkerDelivery>();
  private current: InputInstance | undefined;

  /** The input's own report figures, if it has any. */
  report(): ReturnType<NonNullable<InputInstance['report']>> | undefined {
    try {
      return this.current?.report?.();
    } catch (e) {
      this.options.base.logger.error(`report failed: ${(e as Error).message}`);
      return undefined;
    }
  }

  constructor(readonly options: InputRunnerOptions) {
    this.stats = new Stats(options.sampleDenominator);
    const { base } = options;
    this.context = {
      name: base.name,
      type: base.type,
      logger: base.logger,
      globals: base.globals,
      resolvePath: base.resolvePath,
      createDecoder: base.createDecoder,
      signal: this.abort.signal,
      tickerInterval: options.tickerInterval,
      openStream: (o) => this.openStream(o),
      deliver: (m, o) => this.deliver(m, o),
    };
  }

  get name(): string {
    return this.options.base.name;
  }

  get streams(): number {
    return this.openStreams;
  }

  /**
   * Creates the first instance now, so that a configuration error fails start-up (as Heka's Init does)
   * instead of entering the restart policy; then runs it.
   */
  async start(): Promise<void> {
    const first = await this.options.create();
    this.loop = this.runLoop(first);
  }

  private async runLoop(first: InputInstance): Promise<void> {
    const { base, retry, onExit } = this.options;
    const backoff = new Backoff(retry);
    let error: Error | undefined;
    let next: InputInstance | undefined = first;
    for (;;) {
      let instance: InputInstance | undefined;
      try {
        instance = next ?? (await this.options.create());
        next = undefined;
        this.current = instance;
        await instance.run(this.context);
        error = undefined;
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
        if (!this.abort.signal.aborted) base.logger.error(`stopped: ${error.message}`);
      } finally {
        await this.stopInstance(instance);
      }
      if (this.abort.signal.aborted) return;
      if (error === undefined) break; // a clean return: the input is done
      const wait = backoff.next();
      if (wait === undefined) break;
      base.logger.info(`restarting in ${Math.round(wait)} ms (attempt ${backoff.attemptsMade})`);
      await sleep(wait, this.abort.signal);
      if (this.abort.signal.aborted) return;
    }
    onExit(this, error);
  }

  private async stopInstance(instance: InputInstance | undefined): Promise<void> {
    try {
      await instance?.stop?.();
    } catch (e) {
      this.options.base.logger.error(`stop failed: ${(e as Error).message}`);
    }
  }

  /** SIGHUP with an unchanged configuration. */
  async reopen(): Promise<void> {
    try {
      await this.current?.reopen?.();
    } catch (e) {
      this.options.base.logger.error(`reopen failed: ${(e as Error).message}`);
    }
  }

  /** Asks the input to stop and waits until its run() has returned. */
  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
    await Promise.all([...this.workerDeliveries].map((d) => d.stop()));
    const direct = await this.directDelivery;
    await direct?.stop();
  }

  private deliverySettings(): DeliverySettings {
    const { base, splitter, sendDecodeFailures, logDecodeFailures } = this.options;
    return { inputName: base.name, useMessageBytes: splitter.useMessageBytes, sendDecodeFailures, logDecodeFailures };
  }

  private async makeDelivery(decorate: ((m: Message) => void) | undefined, withDecoder = true): Promise<Delivery> {
    const { decoder, router, pool, base } = this.options;
    const instance = decoder && withDecoder ? await decoder.create() : undefined;
    return new Delivery(
      this.deliverySettings(),
      {
        router,
        pool,
        logger: decoder?.context.logger ?? base.logger,
        decoderStats: decoder?.stats,
        inputStats: this.stats,
        context: decoder?.context ?? base,
        onDecoderFatal: (e) => this.options.onDecoderFatal(decoder?.context.name ?? base.name, e),
      },
      instance,
      decorate,
    );
  }

  private deliver(message: Message, options?: DeliverOptions): void | Promise<void> {
    this.directDelivery ??= this.makeDelivery(undefined);
    const completion = options?.ack ? new Completion(options.ack) : undefined;
    return this.directDelivery.then((d) => {
      const r = d.deliverMessage(message, completion);
      if (r) return r.then(() => completion?.done());
      completion?.done();
      return undefined;
    });
  }

  private openStream(options: StreamOptions = {}): InputStream {
    this.openStreams++;
    return new ManagedStream(this, options, () => {
      this.openStreams--;
    });
  }

  /** @internal used by ManagedStream */
  async _streamParts(options: StreamOptions): Promise<{ splitter: SplitterInstance; delivery: RecordDelivery }> {
    const splitter = await this.options.splitter.create();
    const worker = this.options.decoder?.worker;
    const delivery = worker ? await this.workerDelivery(worker, options) : await this.makeDelivery(options.decorate);
    return { splitter, delivery };
  }

  /** The stream's decoder runs in a worker thread; this thread routes what comes back. */
  private async workerDelivery(worker: WorkerDecoding, options: StreamOptions): Promise<WorkerDelivery> {
    const router = await this.makeDelivery(options.decorate, false);
    let decoration: Uint8Array | null = null;
    if (options.decorate) {
      // decorate() sets the same values on every message of a stream: record them once for the worker.
      const probe = Message.empty();
      options.decorate(probe);
      decoration = encodeMessage(probe).slice();
    }
    let delivery: WorkerDelivery | undefined;
    const stream = await worker.pool.open(
      { ...worker.request, decoration },
      { result: (r) => delivery?.onResult(r), lost: (e) => delivery?.onLost(e) },
    );
    const stats = this.options.decoder?.stats as Stats;
    delivery = new WorkerDelivery(stream, router, stats, this.options.sendDecodeFailures, () =>
      this.workerDeliveries.delete(delivery as WorkerDelivery),
    );
    this.workerDeliveries.add(delivery);
    return delivery;
  }

  get _splitterSettings(): StreamSettings {
    return this.options.splitter.settings;
  }

  get _logger() {
    return this.options.base.logger;
  }
}

/** Acknowledges stream offsets in order, once every message made from the records before them is done. */
class OffsetAcks {
  private readonly entries: { end: number; done: boolean }[] = [];
  constructor(private readonly onAck: (offset: number) => void) {}

  begin(end: number): Completion {
    const entry = { end, done: false };
    this.entries.push(entry);
    return new Completion(() => {
      entry.done = true;
      let last = -1;
      while (this.entries.length > 0 && (this.entries[0] as { done: boolean }).done) {
        last = (this.entries.shift() as { end: number }).end;
      }
      if (last >= 0) this.onAck(last);
    });
  }
}

/** An input stream whose splitter and decoder instances are made on first use (they may be async). */
class ManagedStream implements InputStream {
  private inner: SplitStream | undefined;
  private parts: Promise<{ splitter: SplitterInstance; delivery: RecordDelivery }> | undefined;
  private flush: (() => void | Promise<void>) | undefined;
  private written = 0;
  private closed = false;

  constructor(
    private readonly runner: InputRunner,
    private readonly options: StreamOptions,
    private readonly onClose: () => void,
  ) {}

  get offset(): number {
    return this.written;
  }

  private ready(): SplitStream | Promise<SplitStream> {
    if (this.inner) return this.inner;
    this.parts ??= this.runner._streamParts(this.options);
    return this.parts.then(({ splitter, delivery }) => {
      const acks = this.options.onAck ? new OffsetAcks(this.options.onAck) : undefined;
      const unframe = splitter.unframe?.bind(splitter);
      const sink = (record: Uint8Array, end: number, receivedNs: number): void | Promise<void> => {
        const completion = acks?.begin(end);
        let bytes = record;
        let signer: string | undefined;
        if (unframe) {
          const u = unframe(record);
          if (u === null) {
            completion?.done();
            return undefined;
          }
          bytes = u.bytes;
          signer = u.signer;
        }
        const r = delivery.deliverRecord(bytes, signer, completion, receivedNs);
        if (r) return r.then(() => completion?.done());
        completion?.done();
        return undefined;
      };
      if (delivery.flush) this.flush = delivery.flush.bind(delivery);
      const settings = { ...this.runner._splitterSettings, datagrams: this.options.datagrams === true };
      this.inner ??= new SplitStream(splitter, settings, sink, this.runner._logger);
      return this.inner;
    });
  }

  write(chunk: Uint8Array): void | Promise<void> {
    this.written += chunk.length;
    const s = this.ready();
    if (s instanceof SplitStream) {
      const w = s.write(chunk);
      if (this.flush === undefined) return w;
      return w ? w.then(() => this.flush?.()) : this.flush();
    }
    return s.then((x) => x.write(chunk)).then(() => this.flush?.());
  }

  end(): void | Promise<void> {
    if (this.closed) return undefined;
    this.closed = true;
    if (!this.inner && !this.parts) {
      this.onClose();
      return undefined;
    }
    return Promise.resolve(this.ready())
      .then((s) => s.end())
      .finally(async () => {
        const parts = await this.parts;
        await parts?.splitter.stop?.();
        await parts?.delivery.stop();
        this.onClose();
      });
  }
}
