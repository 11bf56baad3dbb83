/**
 * Reading a log file from an offset: plain files by position, gzip files (recognised by their magic
 * bytes, as Heka does) by decompressing from the start and discarding up to the offset, in bounded
 * memory. Offsets in gzip files are offsets in the decompressed content.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { HASH_WINDOW } from './journal.js';

/** Whether a file starts with the gzip magic bytes. */
export function isGzipFile(file: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Decompressed content of a gzip file, chunk by chunk, from an offset. */
export class GzipReader {
  private readonly input;
  private readonly iterator: AsyncIterator<Buffer>;
  private pending: Buffer | undefined;
  private closed = false;
  /** Decompressed offset of the next byte read() returns. */
  offset = 0;

  constructor(file: string) {
    this.input = createReadStream(file, { highWaterMark: 256 * 1024 });
    const gunzip = createGunzip({ chunkSize: 256 * 1024 });
    this.input.on('error', (e) => gunzip.destroy(e));
    this.iterator = this.input.pipe(gunzip)[Symbol.asyncIterator]();
  }

  /** The next chunk, or null at the end. Rejects on corrupt or truncated data. */
  async read(): Promise<Buffer | null> {
    if (this.pending) {
      const p = this.pending;
      this.pending = undefined;
      this.offset += p.length;
      return p;
    }
    if (this.closed) return null;
    const r = await this.iterator.next();
    if (r.done) return null;
    this.offset += r.value.length;
    return r.value;
  }

  /** Discards content up to `target`; false when the content ends before it. */
  async skipTo(target: number): Promise<boolean> {
    while (this.offset < target) {
      const chunk = await this.read();
      if (!chunk) return false;
      if (this.offset > target) {
        const keep = this.offset - target;
        this.pending = chunk.subarray(chunk.length - keep);
        this.offset = target;
      }
    }
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.input.destroy();
    void this.iterator.return?.().catch(() => undefined);
  }
}

/**
 * The (up to) HASH_WINDOW bytes before `offset` in a file's content, or undefined when the content is
 * shorter than `offset` or cannot be read.
 */
export async function windowBefore(file: string, offset: number, gz = isGzipFile(file)): Promise<Buffer | undefined> {
  const start = Math.max(0, offset - HASH_WINDOW);
  const want = offset - start;
  if (!gz) {
    let fd: number | undefined;
    try {
      fd = openSync(file, 'r');
      const b = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, b, got, want - got, start + got);
        if (n === 0) return undefined;
        got += n;
      }
      return b;
    } catch {
      return undefined;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }
  const r = new GzipReader(file);
  try {
    if (!(await r.skipTo(start))) return undefined;
    const parts: Buffer[] = [];
    let got = 0;
    while (got < want) {
      const c = await r.read();
      if (!c) return undefined;
      parts.push(c);
      got += c.length;
    }
    return Buffer.concat(parts).subarray(0, want);
  } catch {
    return undefined;
  } finally {
    r.close();
  }
}
