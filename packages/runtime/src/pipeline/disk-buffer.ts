/**
 * use_buffering: a filter's or output's disk queue, in Heka's layout (`<base_dir>/output_queue/<name>/`
 * with `N.log` files of framed, unsigned protobuf records and `checkpoint.txt` holding "<file> <offset>"
 * of the oldest record not yet done with). The router appends and goes on, so a slow or unreachable
 * plugin no longer holds the inputs back; a reader feeds the plugin's queue from the files in order.
 * Delivery is at least once: a record counts as done when the plugin is done with it, the checkpoint is
 * written every cursor_update_count records and at stop, and what follows it is read again after a restart.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { type FileHandle, open, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeMessage, encodeFrame, encodeMessage, type Logger, PluginConfigError, scanFrame } from '@heka/core';
import { Pack } from './pack.js';
import { PackPool } from './pool.js';
import type { BoundedQueue } from './queue.js';

export interface BufferSettings {
  max_file_size: number;
  max_buffer_size: number;
  full_action: 'shutdown' | 'drop' | 'block';
  cursor_update_count: number;
}

export interface DiskBufferOptions {
  /** Where the queue files live. */
  dir: string;
  settings: BufferSettings;
  logger: Logger;
  /** full_action = "shutdown": the queue is full. */
  onFull: (reason: string) => void;
}

/** The directory Heka used for a plugin's queue: non-word characters of its name become "_". */
export function queueDir(baseDir: string, name: string): string {
  return join(baseDir, 'output_queue', name.replace(/\W/g, '_'));
}

const READ_CHUNK = 1 << 20;
/** Records in the queue were framed by us; the limit only guards against a damaged file. */
const MAX_RECORD = 64 * 1024 * 1024;
const DEFAULT_MAX_FILE_SIZE = 512 * 1024 * 1024;
/** Once every record is done with, a queue file this big is replaced by a new one (disk space back). */
const ROLL_CAUGHT_UP = 8 * 1024 * 1024;

/** Queue directories open in this process: two plugins (or a plugin and its reloaded self) never share one. */
const openDirs = new Set<string>();

export class DiskBuffer {
  /** Bytes in the queue files (Heka's queue size). */
  size = 0;
  /** Records refused by full_action = "drop". */
  dropped = 0;
  private readonly files = new Map<number, number>(); // id → bytes written
  private writeId: number;
  private writeHandle: FileHandle | undefined;
  private pending: Uint8Array[] = [];
  private pendingPacks: Pack[] = [];
  private pendingBytes = 0;
  private flushing: Promise<void> = Promise.resolve();
  private flushScheduled = false;
  private readId: number;
  private readOffset: number;
  private acked: { id: number; offset: number };
  private acks = 0;
  private checkpointing: Promise<void> = Promise.resolve();
  private checkpointDirty = false;
  private reading = false;
  private acking = true;
  private dataWaiter: (() => void) | undefined;
  private roomWaiters: (() => void)[] = [];
  private readonly readPool = new PackPool('buffer', Number.MAX_SAFE_INTEGER);
  private readonly maxFileSize: number;

  constructor(private readonly options: DiskBufferOptions) {
    const { dir } = options;
    if (openDirs.has(dir)) {
      throw new PluginConfigError(
        `use_buffering: the queue ${dir} is in use by a running plugin (a changed buffered plugin needs a restart, not a reload)`,
      );
    }
    this.maxFileSize = options.settings.max_file_size || DEFAULT_MAX_FILE_SIZE;
    mkdirSync(dir, { recursive: true });
    const ids = readdirSync(dir)
      .map((f) => /^(\d+)\.log$/.exec(f)?.[1])
      .filter((x): x is string => x !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    let [readId, readOffset] = [ids[0] ?? 1, 0];
    const checkpoint = join(dir, 'checkpoint.txt');
    if (existsSync(checkpoint)) {
      const m = /^(\d+) (\d+)\s*$/.exec(readFileSync(checkpoint, 'utf8'));
      if (m && ids.includes(Number(m[1]))) [readId, readOffset] = [Number(m[1]), Number(m[2])];
      else if (m) options.logger.warn(`queue checkpoint ${m[1]} ${m[2]} names no queue file: reading from the start`);
    }
    for (const id of ids) {
      if (id < readId) {
        unlinkSync(this.path(id)); // done with before the last stop
        continue;
      }
      const bytes = statSync(this.path(id)).size;
      this.files.set(id, bytes);
      this.size += bytes;
    }
    this.writeId = ids.at(-1) ?? 1;
    if (!this.files.has(this.writeId)) {
      closeSync(openSync(this.path(this.writeId), 'a'));
      this.files.set(this.writeId, 0);
    }
    this.readId = readId;
    this.readOffset = Math.min(readOffset, this.files.get(readId) ?? 0);
    this.acked = { id: this.readId, offset: this.readOffset };
    openDirs.add(dir);
  }

  private path(id: number): string {
    return join(this.options.dir, `${id}.log`);
  }

  private get full(): boolean {
    const max = this.options.settings.max_buffer_size;
    return max > 0 && this.size + this.pendingBytes >= max;
  }

  /** Whether the plugin holds the router back: 90 % of max_buffer_size (Heka's BackPressured). */
  get backPressured(): boolean {
    const max = this.options.settings.max_buffer_size;
    return max > 0 && this.size + this.pendingBytes >= max * 0.9;
  }

  /**
   * Queues a pack the router retained for this plugin; its slot is released once the record is written.
   * False only with full_action = "block" and a full queue: wait for whenRoom() and offer it again.
   */
  append(pack: Pack): boolean {
    if (this.full) {
      const action = this.options.settings.full_action;
      if (action === 'block') return false;
      pack.release();
      if (action === 'drop') {
        if (this.dropped++ % 1000 === 0) this.options.logger.error('queue is full: dropping messages');
      } else this.options.onFull(`queue is full (max_buffer_size ${this.options.settings.max_buffer_size})`);
      return true;
    }
    const record = encodeFrame(encodeMessage(pack.message), undefined, { maxMessageSize: MAX_RECORD });
    this.pending.push(record);
    this.pendingPacks.push(pack);
    this.pendingBytes += record.length;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flushing = this.flushing.then(() => this.flush());
      });
    }
    return true;
  }

  whenRoom(): Promise<void> {
    if (!this.full) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Writes what was appended (one write per queue file touched), then releases the packs. */
  private async flush(): Promise<void> {
    const records = this.pending;
    const packs = this.pendingPacks;
    this.pending = [];
    this.pendingPacks = [];
    this.pendingBytes = 0;
    let i = 0;
    try {
      while (i < records.length) {
        let used = this.files.get(this.writeId) ?? 0;
        if (used > 0 && used + (records[i] as Uint8Array).length > this.maxFileSize) {
          await this.writeHandle?.close();
          this.writeHandle = undefined;
          this.writeId++;
          this.files.set(this.writeId, 0);
          used = 0;
        }
        const part: Uint8Array[] = [];
        let bytes = 0;
        while (
          i < records.length &&
          (bytes === 0 || used + bytes + (records[i] as Uint8Array).length <= this.maxFileSize)
        ) {
          const r = records[i++] as Uint8Array;
          part.push(r);
          bytes += r.length;
        }
        this.writeHandle ??= await open(this.path(this.writeId), 'a');
        await this.writeHandle.write(Buffer.concat(part));
        this.files.set(this.writeId, used + bytes);
        this.size += bytes;
      }
    } catch (e) {
      this.options.logger.error(`writing the queue in ${this.options.dir}: ${(e as Error).message}`);
    }
    for (const p of packs) p.release();
    this.dataWaiter?.();
  }

  /** Feeds the queued records, in order, into the plugin's queue (`queued` after each). */
  startReading(queue: BoundedQueue<Pack>, queued: () => void): void {
    if (this.reading) return;
    this.reading = true;
    const feed = (pack: Pack): boolean => {
      if (!queue.push(pack)) return false;
      queued();
      return true;
    };
    void this.readLoop(feed, () => queue.whenRoom()).catch((e: unknown) => {
      this.options.logger.error(`reading the queue in ${this.options.dir}: ${(e as Error).message}`);
    });
  }

  /** No more records are fed (those fed are still acknowledged). */
  stopReading(): void {
    this.reading = false;
    this.dataWaiter?.();
  }

  private async readLoop(feed: (pack: Pack) => boolean, room: () => Promise<void>): Promise<void> {
    let handle: FileHandle | undefined;
    let handleId = -1;
    let buf = Buffer.alloc(0);
    let bufStart = this.readOffset; // file offset of buf[0]
    try {
      while (this.reading) {
        const id = this.readId;
        const written = this.files.get(id) ?? 0;
        const have = bufStart + buf.length;
        if (have < written) {
          if (handle === undefined || handleId !== id) {
            await handle?.close();
            handle = await open(this.path(id), 'r');
            handleId = id;
          }
          const chunk = Buffer.alloc(Math.min(READ_CHUNK, written - have));
          const { bytesRead } = await handle.read(chunk, 0, chunk.length, have);
          buf = buf.length > 0 ? Buffer.concat([buf, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
          let at = 0;
          for (;;) {
            const r = scanFrame(buf, at, buf.length, MAX_RECORD);
            if (r.skippedHeaders > 0) this.options.logger.error(`queue file ${id}.log: skipped damaged bytes`);
            if (r.kind === 'more') {
              at = r.keepFrom;
              break;
            }
            at = r.end;
            const end = bufStart + r.end;
            let pack: Pack;
            try {
              const message = decodeMessage(buf.subarray(r.messageStart, r.end).slice());
              pack = new Pack(message, undefined, 0, this.readPool, () => this.ack(id, end));
            } catch (e) {
              this.options.logger.error(`queue file ${id}.log at ${end}: ${(e as Error).message}: skipped`);
              continue;
            }
            this.readPool.acquireOver();
            while (!feed(pack)) await room();
          }
          buf = buf.subarray(at);
          bufStart += at;
          continue;
        }
        if (id < this.writeId) {
          // Done reading this file: go on with the next one (it is deleted once every record is done).
          const next = [...this.files.keys()].filter((k) => k > id).sort((a, b) => a - b)[0] ?? this.writeId;
          this.readId = next;
          buf = Buffer.alloc(0);
          bufStart = 0;
          continue;
        }
        await new Promise<void>((resolve) => {
          this.dataWaiter = resolve;
        });
        this.dataWaiter = undefined;
      }
    } finally {
      await handle?.close();
    }
  }

  /** A stopping plugin gives up on these packs: they stay on disk (not done), read again at the next start. */
  keepForNextStart(packs: readonly Pack[]): void {
    this.acking = false;
    this.options.logger.warn(`stopping: ${packs.length} messages stay queued on disk for the next start`);
    for (const p of packs) p.release();
  }

  /** A record is done with: move the cursor, checkpoint now and then, delete files left behind. */
  private ack(id: number, offset: number): void {
    if (!this.acking) return;
    this.acked = { id, offset };
    for (const old of [...this.files.keys()]) {
      if (old >= id) continue;
      this.size -= this.files.get(old) ?? 0;
      this.files.delete(old);
      try {
        unlinkSync(this.path(old));
      } catch (e) {
        this.options.logger.error(`deleting queue file ${old}.log: ${(e as Error).message}`);
      }
      for (const w of this.roomWaiters.splice(0)) w();
    }
    if (++this.acks % Math.max(1, this.options.settings.cursor_update_count) === 0) this.checkpoint();
    const written = this.files.get(id) ?? 0;
    const caughtUp = id === this.writeId && offset === written && this.pending.length === 0;
    if (caughtUp && (written >= Math.min(this.maxFileSize, ROLL_CAUGHT_UP) || this.roomWaiters.length > 0)) {
      this.flushing = this.flushing.then(() => this.rollCaughtUp(id));
    }
  }

  /**
   * Every record of the write file is done with: start a new file and delete this one (otherwise a full
   * queue whose only file is being written could never make room).
   */
  private async rollCaughtUp(id: number): Promise<void> {
    const written = this.files.get(id) ?? 0;
    if (id !== this.writeId || this.acked.id !== id || this.acked.offset !== written || this.pendingBytes > 0) return;
    await this.writeHandle?.close();
    this.writeHandle = undefined;
    this.writeId = id + 1;
    this.files.set(this.writeId, 0);
    this.files.delete(id);
    this.size -= written;
    try {
      unlinkSync(this.path(id));
    } catch (e) {
      this.options.logger.error(`deleting queue file ${id}.log: ${(e as Error).message}`);
    }
    closeSync(openSync(this.path(this.writeId), 'a'));
    this.acked = { id: this.writeId, offset: 0 };
    this.checkpoint();
    this.dataWaiter?.(); // the reader moves on to the new file
    for (const w of this.roomWaiters.splice(0)) w();
  }

  /** Saves the cursor; while a write is in flight, the next one waits and takes the newest cursor. */
  private checkpoint(): void {
    if (this.checkpointDirty) return;
    this.checkpointDirty = true;
    this.checkpointing = this.checkpointing.then(() => {
      this.checkpointDirty = false;
      const { id, offset } = this.acked;
      return writeFile(join(this.options.dir, 'checkpoint.txt'), `${id} ${offset}`).catch((e: unknown) => {
        this.options.logger.error(`writing the queue checkpoint: ${(e as Error).message}`);
      });
    });
  }

  /**
   * Stops: nothing more is fed, acknowledgements from now on are ignored (what is still queued in
   * memory stays on disk for the next start), pending records are written and the checkpoint saved.
   */
  async close(): Promise<void> {
    this.stopReading();
    this.acking = false;
    await this.flushing;
    if (this.pending.length > 0) await this.flush();
    this.checkpoint();
    await this.checkpointing;
    await this.writeHandle?.close();
    this.writeHandle = undefined;
    openDirs.delete(this.options.dir);
    for (const w of this.roomWaiters.splice(0)) w();
  }
}
