/**
 * The file a logstream is reading: opened lazily, read from its position, closed when idle. Plain files
 * are read by offset through their descriptor (so a renamed or deleted file is read to its end); gzip
 * files are decompressed from the start (offsets are in the decompressed content).
 */
import { closeSync, fstatSync, open, read, readSync } from 'node:fs';
import { GzipReader, HASH_WINDOW, isGzipFile } from '@heka/logstreamer';
import type { FileRef } from './window.js';

export const CHUNK_SIZE = 256 * 1024;

const openAsync = (p: string) => new Promise<number>((res, rej) => open(p, 'r', (e, fd) => (e ? rej(e) : res(fd))));
const readAsync = (fd: number, buf: Buffer, pos: number) =>
  new Promise<number>((res, rej) => read(fd, buf, 0, buf.length, pos, (e, n) => (e ? rej(e) : res(n))));

export type OpenResult = 'ok' | 'missing' | 'other';

export class TailFile implements FileRef {
  fd: number | undefined;
  private gzReader: GzipReader | undefined;
  /** Set when the gzip content was read to its end. */
  gzDone = false;
  /** The content just before `pos` (up to HASH_WINDOW bytes), to check the file was not replaced. */
  tail: Buffer;
  /** Check `tail` against the file before reading on (after an EOF or a reopen). */
  verify = true;
  /** When the file was last seen growing (ms). */
  lastActive = Date.now();

  constructor(
    public path: string,
    readonly dev: number,
    readonly ino: number,
    readonly gz: boolean,
    public pos: number,
    before: Uint8Array,
  ) {
    this.tail = Buffer.from(before.slice(-HASH_WINDOW));
  }

  static gzipAt(path: string): boolean {
    return isGzipFile(path);
  }

  get isOpen(): boolean {
    return this.fd !== undefined || this.gzReader !== undefined;
  }

  /** Opens the file at its path: 'other' when the path now names another file (it was rotated). */
  async open(): Promise<OpenResult> {
    if (this.isOpen) return 'ok';
    if (this.gz) {
      if (this.gzDone) return 'ok';
      const r = new GzipReader(this.path);
      try {
        if (!(await r.skipTo(this.pos))) throw new Error(`${this.path} is shorter than offset ${this.pos}`);
      } catch (e) {
        r.close();
        throw e;
      }
      this.gzReader = r;
      return 'ok';
    }
    let fd: number;
    try {
      fd = await openAsync(this.path);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
      throw e;
    }
    const st = fstatSync(fd);
    if (st.ino !== this.ino || st.dev !== this.dev) {
      closeSync(fd);
      return 'other';
    }
    this.fd = fd;
    this.verify = true;
    return 'ok';
  }

  /** Size of the open plain file. */
  size(): number {
    return this.fd === undefined ? this.pos : fstatSync(this.fd).size;
  }

  /** Whether the content before pos is still what was read (false: truncated or rewritten in place). */
  unchanged(): boolean {
    if (this.fd === undefined || this.tail.length === 0) return true;
    const b = Buffer.allocUnsafe(this.tail.length);
    const n = readSync(this.fd, b, 0, b.length, this.pos - this.tail.length);
    return n === b.length && b.equals(this.tail);
  }

  /** The next bytes (about `expect` of them for plain files), or null at the (current) end. */
  async read(expect = CHUNK_SIZE): Promise<Buffer | null> {
    let chunk: Buffer | null;
    if (this.gz) {
      if (this.gzDone || !this.gzReader) return null;
      chunk = await this.gzReader.read();
      if (!chunk) {
        this.gzDone = true;
        this.closeNow();
        return null;
      }
    } else {
      const fd = this.fd as number;
      const buf = Buffer.allocUnsafe(Math.min(CHUNK_SIZE, Math.max(expect, 16 * 1024)));
      const n = await readAsync(fd, buf, this.pos);
      if (n === 0) return null;
      // The chunk is kept until acknowledged: do not keep a large buffer alive for a few bytes.
      chunk = n === buf.length ? buf : n < buf.length / 4 ? Buffer.from(buf.subarray(0, n)) : buf.subarray(0, n);
    }
    this.pos += chunk.length;
    this.lastActive = Date.now();
    this.tail =
      chunk.length >= HASH_WINDOW
        ? Buffer.from(chunk.subarray(chunk.length - HASH_WINDOW))
        : Buffer.concat([this.tail, chunk]).subarray(-HASH_WINDOW);
    return chunk;
  }

  closeNow(): void {
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      try {
        closeSync(fd);
      } catch {
        // already closed
      }
    }
    this.gzReader?.close();
    this.gzReader = undefined;
  }
}
