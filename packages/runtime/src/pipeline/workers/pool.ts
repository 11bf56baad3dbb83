/**
 * hekad's decoder worker threads (`maxprocs` of them when maxprocs > 1). Each input stream with a
 * decoder is pinned to one worker, round robin, so a stream's records are decoded in order by one
 * decoder instance while different streams decode in parallel. The main thread keeps the I/O, the
 * splitting, the routing, the filters and the outputs.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { RootLogger } from '../../logger.js';
import type { BatchResult, FromWorker, OpenStream, ToWorker } from './protocol.js';

export interface StreamHandler {
  result(r: BatchResult): void;
  /** The worker died: nothing more will come back for this stream. */
  lost(error: Error): void;
}

interface Slot {
  worker: Worker;
  streams: Set<number>;
  dead: boolean;
}

/** The worker script, next to this module once built (tests that run the sources use the build). */
function workerScript(): URL {
  const here = new URL('./decoder-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL(here.href.replace('/src/pipeline/', '/dist/pipeline/'));
}

export class DecoderWorkers {
  private readonly slots: Slot[] = [];
  private readonly handlers = new Map<number, StreamHandler>();
  private readonly opening = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly closing = new Map<number, () => void>();
  private nextStream = 1;
  private nextSlot = 0;

  constructor(
    readonly size: number,
    private readonly logger: RootLogger,
  ) {}

  /** Opens a stream on the next worker; resolves once its decoder instance exists (or rejects why not). */
  async open(request: Omit<OpenStream, 'op' | 'stream'>, handler: StreamHandler): Promise<WorkerStream> {
    const slot = this.slot();
    const stream = this.nextStream++;
    slot.streams.add(stream);
    this.handlers.set(stream, handler);
    const opened = new Promise<void>((resolve, reject) => this.opening.set(stream, { resolve, reject }));
    this.post(slot, { op: 'open', stream, ...request });
    try {
      await opened;
    } catch (e) {
      this.forget(slot, stream);
      throw e;
    }
    return new WorkerStream(this, slot, stream);
  }

  /** @internal */
  post(slot: Slot, op: ToWorker, transfer: ArrayBuffer[] = []): void {
    if (slot.dead) throw new Error('the decoder worker thread has stopped');
    slot.worker.postMessage(op, transfer);
  }

  /** @internal resolves once the worker stopped the stream's decoder */
  close(slot: Slot, stream: number): Promise<void> {
    if (slot.dead || !slot.streams.has(stream)) {
      this.forget(slot, stream);
      return Promise.resolve();
    }
    const closed = new Promise<void>((resolve) => this.closing.set(stream, resolve));
    this.post(slot, { op: 'close', stream });
    return closed.then(() => this.forget(slot, stream));
  }

  private forget(slot: Slot, stream: number): void {
    slot.streams.delete(stream);
    this.handlers.delete(stream);
  }

  /** Ends every worker (streams must have been closed). */
  async stop(): Promise<void> {
    const slots = this.slots.splice(0);
    for (const s of slots) s.dead = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }

  private slot(): Slot {
    while (this.slots.length < this.size) this.slots.push(this.spawn());
    const i = this.nextSlot++ % this.slots.length;
    if ((this.slots[i] as Slot).dead) this.slots[i] = this.spawn(); // replace a dead worker for new streams
    return this.slots[i] as Slot;
  }

  private spawn(): Slot {
    const worker = new Worker(workerScript());
    const slot: Slot = { worker, streams: new Set(), dead: false };
    worker.unref(); // an idle worker must not keep hekad alive; streams hold the main loop anyway
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    const died = (error: Error): void => {
      if (slot.dead) return;
      slot.dead = true;
      this.logger.error(`decoder worker thread failed: ${error.message}`);
      for (const stream of [...slot.streams]) {
        this.opening.get(stream)?.reject(error);
        this.opening.delete(stream);
        this.closing.get(stream)?.();
        this.closing.delete(stream);
        this.handlers.get(stream)?.lost(error);
        this.forget(slot, stream);
      }
    };
    worker.on('error', died);
    worker.on('exit', (code) => died(new Error(`exited with code ${code}`)));
    return slot;
  }

  private onMessage(m: FromWorker): void {
    switch (m.op) {
      case 'result':
        this.handlers.get(m.stream)?.result(m);
        return;
      case 'opened': {
        const waiter = this.opening.get(m.stream);
        this.opening.delete(m.stream);
        if (m.error === undefined) waiter?.resolve();
        else waiter?.reject(new Error(m.error));
        return;
      }
      case 'closed':
        this.closing.get(m.stream)?.();
        this.closing.delete(m.stream);
        return;
      case 'log':
        this.logger.child(m.name)[m.level](m.message);
        return;
    }
  }
}

/** One stream's connection to its worker. */
export class WorkerStream {
  constructor(
    private readonly pool: DecoderWorkers,
    private readonly slot: Slot,
    readonly id: number,
  ) {}

  send(data: Uint8Array, ends: Uint32Array, signers: (string | undefined)[] | null, transfer: boolean): void {
    const buffers = transfer ? [data.buffer as ArrayBuffer, ends.buffer as ArrayBuffer] : [];
    this.pool.post(this.slot, { op: 'batch', stream: this.id, data, ends, signers }, buffers);
  }

  close(): Promise<void> {
    return this.pool.close(this.slot, this.id);
  }
}
