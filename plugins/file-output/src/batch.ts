/** A growable byte buffer, reused between flushes (Heka's outBatch). */
export class Batch {
  private buf: Buffer;
  length = 0;

  constructor(capacity = 16 * 1024) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  append(bytes: Uint8Array): void {
    const need = this.length + bytes.length;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    this.buf.set(bytes, this.length);
    this.length = need;
  }

  /** Puts bytes that could not be written back in front of what came since. */
  prepend(bytes: Uint8Array): void {
    const rest = Buffer.from(this.view());
    this.length = 0;
    this.append(bytes);
    this.append(rest);
  }

  /** The content (valid until the next change). */
  view(): Buffer {
    return this.buf.subarray(0, this.length);
  }

  clear(): void {
    this.length = 0;
  }
}
