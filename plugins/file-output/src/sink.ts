/**
 * The file FileOutput writes: encoded records are batched and written (then fsynced) by Heka's flush
 * rules, the file is reopened on demand (SIGHUP, for logrotate) and rotated on interval boundaries.
 *
 * Flush rules (Heka's receiver loop): a batch is written when flush_count records are buffered and
 * either the operator is OR, or flush_interval is 0, or flush_interval has elapsed since the last
 * write; and on every flush_interval tick when (AND) flush_count records or (OR) any record is waiting.
 *
 * Writes never overlap: flushes, reopening and rotation run one after the other. A failed write keeps
 * its bytes (nothing is lost); while writes fail, new records are refused so that the runtime retries
 * them with back-off instead of growing the buffer.
 */
import type { FileHandle } from 'node:fs/promises';
import { type Logger, RetryLater } from '@heka/core';
import { Batch } from './batch.js';
import { type Clock, realClock } from './clock.js';
import { openOutputFile } from './open.js';
import { nextRotation, rotatedPath } from './rotation.js';

export interface SinkSettings {
  /** The path, with strftime conversions when rotating. */
  path: string;
  /** rotation_interval in hours; 0 does not rotate. */
  rotationHours: number;
  perm: number;
  folderPerm: number;
  /** Milliseconds; 0: no timer. */
  flushInterval: number;
  flushCount: number;
  flushAnd: boolean;
}

export class FileSink {
  private batch = new Batch();
  private spare = new Batch();
  private counter = 0;
  private intervalElapsed = false;
  private cancelFlushTimer: (() => void) | undefined;
  private cancelRotation: (() => void) | undefined;
  /** The last write failed: its bytes are still in the batch. */
  private failing = false;
  /** The file could not be reopened or rotated: the output cannot go on. */
  fatal: Error | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly settings: SinkSettings,
    private readonly logger: Logger,
    private readonly clock: Clock,
    private file: FileHandle,
    private currentPath: string,
  ) {}

  /** Opens the file (creating its directory); throws Heka's start-up error when it cannot. */
  static async open(settings: SinkSettings, logger: Logger, clock: Clock = realClock): Promise<FileSink> {
    const now = clock.now();
    const path = settings.rotationHours > 0 ? rotatedPath(settings.path, now) : settings.path;
    let file: FileHandle;
    try {
      file = await openOutputFile(path, settings.perm, settings.folderPerm);
    } catch (e) {
      throw new Error(`FileOutput '${path}' error opening file: ${(e as Error).message}`);
    }
    const sink = new FileSink(settings, logger, clock, file, path);
    sink.armFlushTimer();
    if (settings.rotationHours > 0) sink.scheduleRotation(nextRotation(now, settings.rotationHours));
    return sink;
  }

  /** The file being written now. */
  get path(): string {
    return this.currentPath;
  }

  /** Buffers one record; returns a promise when it triggered a write (resolved once on disk). */
  append(bytes: Uint8Array): void | Promise<void> {
    if (this.failing) {
      // Writing failed before: try again first, and refuse the record while it still fails.
      return this.flush().then(() => {
        if (this.failing) throw new RetryLater(`Can't write to ${this.currentPath}: writing keeps failing`);
        return this.append(bytes);
      });
    }
    this.batch.append(bytes);
    this.counter++;
    const { flushCount, flushAnd, flushInterval } = this.settings;
    if (this.counter >= flushCount && (!flushAnd || flushInterval === 0 || this.intervalElapsed)) {
      this.counter = 0;
      this.intervalElapsed = false;
      this.armFlushTimer();
      return this.flush();
    }
    return undefined;
  }

  private armFlushTimer(): void {
    this.cancelFlushTimer?.();
    this.cancelFlushTimer = undefined;
    if (this.settings.flushInterval > 0 && !this.closing) {
      this.cancelFlushTimer = this.clock.schedule(this.settings.flushInterval, () => this.onFlushTimer());
    }
  }

  private onFlushTimer(): void {
    const { flushAnd, flushCount } = this.settings;
    if (this.failing || (flushAnd ? this.counter >= flushCount : this.counter > 0)) {
      this.counter = 0;
      this.intervalElapsed = false;
      this.flush().catch(() => undefined); // logged by write()
    } else {
      this.intervalElapsed = true;
    }
    this.armFlushTimer();
  }

  /** Writes what is buffered (after any write in progress); resolves once it is on disk or failed. */
  flush(): Promise<void> {
    return this.enqueue(() => this.write());
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async write(): Promise<void> {
    if (this.batch.length === 0 || this.fatal) return;
    // New records go to the other buffer while this one is written.
    const out = this.batch;
    this.batch = this.spare;
    this.spare = out;
    const data = out.view();
    let done = 0;
    try {
      while (done < data.length) {
        const { bytesWritten } = await this.file.write(data, done, data.length - done, null);
        done += bytesWritten;
      }
      await this.file.datasync();
      if (this.failing) this.logger.info(`writing to ${this.currentPath} works again`);
      this.failing = false;
    } catch (e) {
      this.logger.error(`Can't write to ${this.currentPath}: ${(e as Error).message}`);
      this.batch.prepend(data.subarray(done));
      this.failing = true;
    } finally {
      out.clear();
    }
  }

  /** Resolves once every write, reopening and rotation asked for so far is done. */
  settled(): Promise<void> {
    return this.queue;
  }

  /** Closes and reopens the file at the same path (SIGHUP after logrotate moved it away). */
  reopen(): Promise<void> {
    return this.enqueue(async () => {
      await this.write();
      await this.switchTo(this.currentPath, 'reopen');
    });
  }

  private scheduleRotation(at: number): void {
    const wait = Math.max(0, at - this.clock.now());
    this.cancelRotation = this.clock.schedule(wait, () => {
      this.cancelRotation = undefined;
      this.enqueue(async () => {
        await this.write(); // what came before the boundary goes to the old file
        await this.switchTo(rotatedPath(this.settings.path, at), 'open rotated');
      }).catch(() => undefined);
      this.scheduleRotation(at + this.settings.rotationHours * 3_600_000);
    });
  }

  private async switchTo(path: string, what: 'reopen' | 'open rotated'): Promise<void> {
    if (this.closing || this.fatal) return;
    await this.file.close().catch(() => undefined);
    try {
      this.file = await openOutputFile(path, this.settings.perm, this.settings.folderPerm);
      this.currentPath = path;
    } catch (e) {
      this.fatal = new Error(`unable to ${what} file '${path}': ${(e as Error).message}`);
      this.logger.error(this.fatal.message);
      throw this.fatal;
    }
  }

  /** Writes what is buffered and closes the file (idempotent). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.cancelFlushTimer?.();
      this.cancelRotation?.();
      await this.flush().catch(() => undefined);
      if (this.batch.length > 0)
        this.logger.error(`${this.batch.length} bytes could not be written to ${this.currentPath}`);
      await this.queue;
      await this.file.close().catch(() => undefined);
    })();
    return this.closing;
  }
}
