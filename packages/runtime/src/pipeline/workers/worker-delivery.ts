/**
 * A stream whose decoding runs in a worker thread: records are copied into batches, decoded there in
 * order, and the messages that come back are routed here in the same order, record by record, with
 * the same acknowledgements, failure handling and back-pressure as decoding on the main thread.
 */
import { decodeMessage, type Message } from '@heka/core';
import type { Completion, Delivery } from '../delivery.js';
import type { Stats } from '../stats.js';
import type { WorkerStream } from './pool.js';
import type { BatchResult } from './protocol.js';

/** A batch is sent once it holds this many records or bytes (or when the input's write ends). */
const MAX_RECORDS = 1024;
const MAX_BYTES = 256 * 1024;
/** Batches sent but not yet routed; more makes the stream wait (back-pressure). */
const MAX_IN_FLIGHT = 4;

interface Sent {
  completions: (Completion | undefined)[];
  signers: (string | undefined)[] | null;
  /** The records, kept only when a failure must be rebuilt into a message (send_decode_failures). */
  data: Uint8Array | undefined;
  ends: Uint32Array | undefined;
}

export class WorkerDelivery {
  private data = new Uint8Array(64 * 1024);
  private used = 0;
  private ends: number[] = [];
  private signers: (string | undefined)[] | null = null;
  private completions: (Completion | undefined)[] = [];
  private readonly sent: Sent[] = [];
  private readonly results: BatchResult[] = [];
  private draining = false;
  private roomWaiters: (() => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  private failure: Error | undefined;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly stream: WorkerStream,
    private readonly router: Delivery,
    private readonly stats: Stats,
    private readonly keepRecords: boolean,
    private readonly onStopped: () => void,
  ) {}

  /** @internal the pool calls this with each batch's result, in order */
  onResult(r: BatchResult): void {
    this.results.push(r);
    if (!this.draining) void this.drain();
  }

  /** @internal the worker died: what was sent will not come back */
  onLost(error: Error): void {
    this.failure = error;
    for (const s of this.sent.splice(0)) for (const c of s.completions) c?.done();
    this.wake();
  }

  /** Queues a record (a view valid only during the call: it is copied). */
  deliverRecord(
    bytes: Uint8Array,
    signer: string | undefined,
    completion: Completion | undefined,
  ): void | Promise<void> {
    if (this.failure) throw this.failure;
    const n = bytes.length;
    if (this.used + n > this.data.length) this.grow(n);
    this.data.set(bytes, this.used);
    this.used += n;
    this.ends.push(this.used);
    if (signer !== undefined || this.signers !== null) {
      this.signers ??= new Array(this.ends.length - 1).fill(undefined);
      this.signers.push(signer);
    }
    completion?.add(); // done once this record's messages are routed
    this.completions.push(completion);
    if (this.ends.length >= MAX_RECORDS || this.used >= MAX_BYTES) return this.flush();
    return undefined;
  }

  /** Sends what is queued; a promise means too many batches are in flight: wait before writing more. */
  flush(): void | Promise<void> {
    if (this.failure) throw this.failure;
    if (this.ends.length > 0) this.send();
    if (this.sent.length < MAX_IN_FLIGHT) return undefined;
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Resolves once everything sent has been routed. */
  whenIdle(): Promise<void> {
    if (this.sent.length === 0 || this.failure) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Sends the rest, waits until it is routed, then stops the stream's decoder in the worker (once). */
  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    if (!this.failure) {
      if (this.ends.length > 0) this.send();
      await this.whenIdle();
    }
    await this.stream.close();
    this.onStopped();
  }

  private grow(n: number): void {
    const next = new Uint8Array(Math.max(this.data.length * 2, this.used + n));
    next.set(this.data.subarray(0, this.used));
    this.data = next;
  }

  private send(): void {
    const data = this.data.subarray(0, this.used);
    const ends = Uint32Array.from(this.ends);
    const kept = this.keepRecords ? { data: data.slice(), ends: ends.slice() } : { data: undefined, ends: undefined };
    this.sent.push({ completions: this.completions, signers: this.signers, ...kept });
    this.stream.send(data, ends, this.signers, true); // the buffer moves to the worker

    this.data = new Uint8Array(Math.max(64 * 1024, this.used));
    this.used = 0;
    this.ends = [];
    this.signers = null;
    this.completions = [];
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      for (let r = this.results.shift(); r !== undefined; r = this.results.shift()) {
        const batch = this.sent[0];
        if (!batch) break; // lost worker: nothing to match it with
        await this.route(r, batch);
        this.sent.shift();
        this.wake();
      }
    } finally {
      this.draining = false;
    }
  }

  private wake(): void {
    if (this.sent.length < MAX_IN_FLIGHT || this.failure) for (const w of this.roomWaiters.splice(0)) w();
    if (this.sent.length === 0 || this.failure) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Routes one batch's messages record by record, waiting whenever the pipeline is full. */
  private async route(r: BatchResult, batch: Sent): Promise<void> {
    const { counts, lengths, data } = r;
    for (const ns of r.samples) this.stats.addDuration(ns);
    let at = 0;
    let m = 0;
    let failure = 0;
    for (let i = 0; i < counts.length; i++) {
      const count = counts[i] as number;
      const completion = batch.completions[i];
      const signer = batch.signers?.[i];
      let routed: void | Promise<void>;
      if (count >= 0) {
        this.stats.processed++;
        let result: Message | Message[] | undefined;
        if (count === 1) {
          const len = lengths[m++] as number;
          result = decodeMessage(data.subarray(at, at + len));
          at += len;
        } else if (count > 1) {
          result = [];
          for (let k = 0; k < count; k++) {
            const len = lengths[m++] as number;
            result.push(decodeMessage(data.subarray(at, at + len)));
            at += len;
          }
        }
        routed = this.router.routeDecoded(result, signer, completion);
      } else {
        const f = r.failures[failure++] as BatchResult['failures'][number];
        routed = this.router.routeFailure(this.record(batch, i), signer, f.reason, f.fatal, completion);
      }
      if (routed) await routed;
      completion?.done();
    }
  }

  private record(batch: Sent, i: number): Uint8Array {
    if (!batch.data || !batch.ends) return new Uint8Array(0);
    const start = i === 0 ? 0 : (batch.ends[i - 1] as number);
    return batch.data.subarray(start, batch.ends[i] as number);
  }
}
