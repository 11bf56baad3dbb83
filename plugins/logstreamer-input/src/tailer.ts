/**
 * One logstream: one stream (splitter and decoder) fed from its files in order, following rotation by
 * rename (the renamed file is read to its end, then the next file once it has data) and by copy-truncate
 * (the unread rest is read from the copy, then the truncated file from its start), and journaling only
 * positions whose records were all delivered.
 */
import { statSync } from 'node:fs';
import type { InputStream, Logger, Message, StreamOptions } from '@heka/core';
import {
  type Logfile,
  type LogstreamerSettings,
  locatePosition,
  readJournal,
  tailPosition,
  windowBefore,
} from '@heka/logstreamer';
import { Checkpoint } from './checkpoint.js';
import { TailFile } from './file.js';

export interface TailerHost {
  readonly settings: LogstreamerSettings;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  openStream(options: StreamOptions): InputStream;
  /** Scans log_directory now (concurrent calls share one scan). */
  rescan(): Promise<void>;
}

const key = (f: { dev: number; ino: number }) => `${f.dev}:${f.ino}`;
const EMPTY = Buffer.alloc(0);

function statOf(p: string) {
  return statSync(p, { throwIfNoEntry: false });
}

export class Tailer {
  files: Logfile[] = [];
  cur: TailFile | undefined;
  busy = false;
  queued = false;
  private stream: InputStream | undefined;
  private readonly checkpoint: Checkpoint;
  private started = false;
  /** Files read to their end and left (inode numbers: only a fallback when the current file vanished). */
  private readonly finished = new Set<string>();
  /** The files that followed the current one when it was last seen in a scan. */
  private successors: string[] = [];
  private lastRescan = 0;
  /** The current file was not found by the last scan (deleted or moved out of the logstream). */
  private gone = false;
  readonly journal: string;

  constructor(
    readonly name: string,
    private readonly host: TailerHost,
    journal: string,
    /** initial_tail applies (a logstream found by the first scan, without a journal). */
    private readonly mayTail: boolean,
  ) {
    this.journal = journal;
    this.checkpoint = new Checkpoint(journal, name, host.logger);
  }

  /** The logstream's files after a scan (oldest first); forgets finished files that are gone. */
  setFiles(files: Logfile[]): void {
    this.files = files;
    const i = this.indexOfCurrent();
    if (i >= 0) this.successors = files.slice(i + 1).map(key);
    if (this.finished.size === 0) return;
    const present = new Set(files.map(key));
    for (const k of this.finished) if (!present.has(k)) this.finished.delete(k);
  }

  /** Cheap test (one or two stats) of whether poll() has anything to do. */
  needsPoll(): boolean {
    const cur = this.cur;
    if (!this.started || !cur) return this.files.length > 0;
    if (cur.gz) return !cur.gzDone || this.indexOfCurrent() < this.files.length - 1;
    try {
      const st = statOf(cur.path);
      if (!st || st.ino !== cur.ino || st.dev !== cur.dev) return true;
      if ((cur.isOpen ? cur.size() : st.size) !== cur.pos) return true;
      const i = this.indexOfCurrent();
      return i >= 0 && i < this.files.length - 1;
    } catch {
      return true;
    }
  }

  async poll(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.work();
    } catch (e) {
      if (!this.host.signal.aborted) this.host.logger.error(`logstream '${this.name}': ${(e as Error).message}`);
      this.cur?.closeNow();
    } finally {
      this.busy = false;
    }
  }

  private async work(): Promise<void> {
    if (!this.started && !(await this.start())) return;
    for (let round = 0; round < 64 && !this.host.signal.aborted; round++) {
      const cur = this.cur;
      if (!cur) {
        const first = this.files[0];
        if (!first) return;
        this.switchTo(first, 0, EMPTY, TailFile.gzipAt(first.path));
        continue;
      }
      const state = await this.readAvailable(cur);
      if (state === 'aborted') return;
      if (state === 'replaced') {
        await this.recoverTruncation(cur);
        continue;
      }
      const next = await this.nextFile(cur);
      if (next === 'renamed') continue;
      if (!next) return;
      if (cur.isOpen && !cur.gz && cur.size() > cur.pos) continue; // written to before moving on: read it first
      this.finished.add(key(cur));
      this.switchTo(next, 0, EMPTY, TailFile.gzipAt(next.path));
    }
  }

  /** Reads what the current file has; 'moved' when its path no longer names it. */
  private async readAvailable(cur: TailFile): Promise<'eof' | 'moved' | 'replaced' | 'aborted'> {
    if (!cur.isOpen) {
      if (cur.gz && cur.gzDone) return 'eof';
      if (!cur.gz) {
        const st = statOf(cur.path);
        if (!st || st.ino !== cur.ino || st.dev !== cur.dev) return 'moved';
        if (st.size === cur.pos) return 'eof';
      }
      if ((await cur.open()) !== 'ok') return 'moved';
    }
    for (;;) {
      if (this.host.signal.aborted) return 'aborted';
      let expect = 0;
      if (!cur.gz) {
        const size = cur.size();
        if (cur.verify) {
          cur.verify = false;
          if (size < cur.pos || !cur.unchanged()) return 'replaced';
        }
        expect = size - cur.pos;
        if (expect <= 0) {
          cur.verify = true;
          return 'eof';
        }
      }
      const chunk = await cur.read(expect);
      if (!chunk) {
        cur.verify = true;
        return 'eof';
      }
      this.checkpoint.window.add(chunk);
      this.stream ??= this.host.openStream({
        name: this.name,
        decorate: this.decorate,
        onAck: (offset) => this.checkpoint.ack(offset),
      });
      const w = this.stream.write(chunk);
      if (w) await w;
    }
  }

  private readonly decorate = (m: Message): void => {
    m.type = 'logfile';
    m.hostname = this.host.settings.hostname;
    m.logger = this.name;
  };

  private indexOfCurrent(): number {
    const cur = this.cur;
    return cur ? this.files.findIndex((f) => f.ino === cur.ino && f.dev === cur.dev) : -1;
  }

  /**
   * At the end of the current file: the file to read next once it has data, 'renamed' when the current
   * file was found under a new name, or undefined to wait.
   */
  private async nextFile(cur: TailFile): Promise<Logfile | 'renamed' | undefined> {
    const st = statOf(cur.path);
    const inPlace = st !== undefined && st.ino === cur.ino && st.dev === cur.dev;
    // Learn the new names (a renamed file is then in place under its new path); while the file stays
    // gone from the logstream, at most once a second.
    if (!inPlace && (!this.gone || Date.now() - this.lastRescan > 1000)) {
      this.lastRescan = Date.now();
      await this.host.rescan();
    }
    const i = this.indexOfCurrent();
    this.gone = !inPlace && i < 0;
    let candidates: Logfile[];
    if (i >= 0) {
      const found = this.files[i] as Logfile;
      if (found.path !== cur.path) {
        cur.path = found.path;
        if (!cur.isOpen) return 'renamed';
      }
      candidates = this.files.slice(i + 1);
    } else if (!inPlace) {
      // Deleted or moved out of the logstream: the files that followed it when it was last seen, else
      // whatever now has its name.
      const after = new Set(this.successors);
      candidates = this.files.filter((f) => after.has(key(f)) && !this.finished.has(key(f)));
      if (candidates.length === 0) candidates = this.files.filter((f) => f.path === cur.path);
    } else {
      return undefined;
    }
    for (const f of candidates) {
      if (f.ino === cur.ino && f.dev === cur.dev) continue;
      const s = statOf(f.path);
      if (!s || s.ino !== f.ino || s.dev !== f.dev) continue;
      if (s.size === 0) return undefined; // a new empty file: it is next once it has data
      return f;
    }
    return undefined;
  }

  /** The current file shrank or its content changed: find the copy rotation made, else read it again. */
  private async recoverTruncation(cur: TailFile): Promise<void> {
    await this.host.rescan();
    for (let i = this.files.length - 1; i >= 0; i--) {
      const f = this.files[i] as Logfile;
      if (f.ino === cur.ino && f.dev === cur.dev) continue;
      const gz = TailFile.gzipAt(f.path);
      if (!gz && f.size < cur.pos) continue;
      const before = await windowBefore(f.path, cur.pos, gz);
      if (before?.equals(cur.tail)) {
        this.host.logger.info(`logstream '${this.name}': ${cur.path} was truncated; reading on in ${f.path}`);
        this.switchTo(f, cur.pos, cur.tail, gz);
        return;
      }
    }
    this.host.logger.warn(
      `logstream '${this.name}': ${cur.path} was truncated or replaced at offset ${cur.pos} and no rotated copy has its content; reading it from the start`,
    );
    this.switchTo(cur, 0, EMPTY, false);
  }

  private switchTo(f: { path: string; dev: number; ino: number }, offset: number, before: Uint8Array, gz: boolean) {
    this.cur?.closeNow();
    this.cur = new TailFile(f.path, f.dev, f.ino, gz, offset, before);
    this.checkpoint.window.startSegment(this.cur, offset, before);
  }

  /** Where to begin: the journal's position, else the oldest file (or the newest's end with initial_tail). */
  private async start(): Promise<boolean> {
    if (this.files.length === 0) return false;
    const j = readJournal(this.journal);
    const log = this.host.logger;
    if (j.kind === 'error') log.warn(`logstream '${this.name}': ${j.message}; starting without it`);
    if (j.kind === 'position') {
      const p = j.position;
      const found = await locatePosition(p, this.files);
      if (found) {
        this.switchTo(found.file, found.offset, found.before, found.gz);
      } else {
        const named = this.files.find((f) => f.path === p.fileName);
        log.warn(
          `logstream '${this.name}': no file has the content of journal position ${p.fileName}:${p.seek}; reading ${named ? `${named.path} (replaced) from the start` : 'from the oldest file'}`,
        );
        const f = named ?? (this.files[0] as Logfile);
        if (named) for (const o of this.files.slice(0, this.files.indexOf(named))) this.finished.add(key(o));
        this.switchTo(f, 0, EMPTY, TailFile.gzipAt(f.path));
      }
    } else if (this.host.settings.initialTail && this.mayTail) {
      const newest = this.files.at(-1) as Logfile;
      const t = await tailPosition(newest);
      for (const o of this.files.slice(0, -1)) this.finished.add(key(o));
      this.switchTo(newest, t?.offset ?? 0, t?.before ?? EMPTY, t?.gz ?? TailFile.gzipAt(newest.path));
    } else {
      const f = this.files[0] as Logfile;
      this.switchTo(f, 0, EMPTY, TailFile.gzipAt(f.path));
    }
    this.started = true;
    return true;
  }

  save(now: number): void {
    this.checkpoint.save(now);
  }

  /** Closes the file if it has been idle since `before`. */
  closeIfIdle(before: number): boolean {
    const cur = this.cur;
    if (this.busy || !cur?.isOpen || cur.lastActive > before) return false;
    cur.closeNow();
    return true;
  }

  closeIfOver(over: boolean): void {
    if (over && !this.busy) this.cur?.closeNow();
  }

  /** Stops reading: ends the stream and saves the journal; acknowledgements that come later save it again. */
  async finish(): Promise<void> {
    this.checkpoint.draining = true;
    this.cur?.closeNow();
    try {
      await this.stream?.end();
    } catch (e) {
      this.host.logger.error(`logstream '${this.name}': ${(e as Error).message}`);
    }
    this.checkpoint.save(Date.now(), true);
  }
}
