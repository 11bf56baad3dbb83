/**
 * From the stream's acknowledged offsets to journal positions. A logstream is one byte stream made of
 * segments (a part of one file each); the runtime acknowledges stream offsets once every message made
 * from the records before them is done. The window keeps the bytes needed to hash the 500 bytes before the
 * acknowledged offset (and everything not yet acknowledged), so the journal never names a position whose
 * records were not delivered, and its hash is computed from what was really read.
 */
import { HASH_WINDOW, hashWindow, type JournalPosition } from '@heka/logstreamer';

/** A file as the journal should name it (the path follows the file when rotation renames it). */
export interface FileRef {
  path: string;
}

interface Segment {
  /** Stream offset of the segment's first byte. */
  start: number;
  ref: FileRef;
  /** File offset at `start`. */
  fileOffset: number;
  /** The file's content just before fileOffset (up to HASH_WINDOW bytes). */
  prefix: Uint8Array;
}

interface Chunk {
  start: number;
  bytes: Uint8Array;
}

export class AckWindow {
  private segments: Segment[] = [];
  private chunks: Chunk[] = [];
  private head = 0;
  /** Stream offset of the next byte written. */
  written = 0;
  /** Highest acknowledged stream offset. */
  acked = 0;

  /** The following bytes come from `ref` at `fileOffset`. */
  startSegment(ref: FileRef, fileOffset: number, prefix: Uint8Array): void {
    const last = this.segments.at(-1);
    if (last && last.start === this.written) this.segments.pop(); // nothing was read from it
    this.segments.push({ start: this.written, ref, fileOffset, prefix: prefix.slice(-HASH_WINDOW) });
  }

  /** Records bytes written to the stream (kept, not copied, until acknowledged). */
  add(bytes: Uint8Array): void {
    this.chunks.push({ start: this.written, bytes });
    this.written += bytes.length;
  }

  ack(offset: number): void {
    if (offset <= this.acked) return;
    this.acked = offset;
    const keepFrom = offset - HASH_WINDOW;
    let h = this.head;
    const chunks = this.chunks;
    while (h < chunks.length - 1) {
      const c = chunks[h] as Chunk;
      if (c.start + c.bytes.length > keepFrom) break;
      h++;
    }
    if (h > 1024 || (h > 0 && h * 2 > chunks.length)) {
      this.chunks = chunks.slice(h);
      h = 0;
    }
    this.head = h;
    while (this.segments.length > 1 && (this.segments[1] as Segment).start < offset) this.segments.shift();
  }

  /** Bytes written but not acknowledged (held by the window). */
  get pending(): number {
    return this.written - this.acked;
  }

  /** The journal position of the acknowledged offset; undefined before anything was acknowledged. */
  position(): JournalPosition | undefined {
    const x = this.acked;
    const seg = this.segments[0];
    if (x === 0 || !seg || seg.start >= x) return undefined;
    const fileOffset = seg.fileOffset + (x - seg.start);
    const need = Math.min(HASH_WINDOW, fileOffset);
    const from = Math.max(seg.start, x - need);
    const parts: Uint8Array[] = [];
    let got = 0;
    for (let i = this.head; i < this.chunks.length; i++) {
      const c = this.chunks[i] as Chunk;
      const end = c.start + c.bytes.length;
      if (end <= from) continue;
      if (c.start >= x) break;
      const part = c.bytes.subarray(Math.max(from, c.start) - c.start, Math.min(x, end) - c.start);
      parts.push(part);
      got += part.length;
    }
    if (got < need) parts.unshift(seg.prefix.subarray(Math.max(0, seg.prefix.length - (need - got))));
    return { fileName: seg.ref.path, seek: fileOffset, hash: hashWindow(Buffer.concat(parts)) };
  }
}
