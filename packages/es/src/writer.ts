/**
 * A growable byte buffer for one encoded record, with Heka's hand-written JSON string quoting:
 * everything outside %x20-21 / %x23-5B / %x5D-10FFFF (that is `"`, `\` and the C0 controls) becomes a
 * lowercase \u00XX escape; every other character, `/`, `<`, DEL and U+2028 included, is written as is.
 */
import { copyBytes } from '@heka/core';
import { goUtf8 } from './go-text.js';

const HEX = '0123456789abcdef';

export class ByteWriter {
  private buf: Buffer;
  /** Bytes written so far. */
  length = 0;

  constructor(initialSize = 4096) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Starts a new record (the memory is reused). */
  reset(): this {
    this.length = 0;
    return this;
  }

  private room(n: number): Buffer {
    const need = this.length + n;
    if (need > this.buf.length) {
      const next = Buffer.allocUnsafe(Math.max(need, this.buf.length * 2));
      this.buf.copy(next, 0, 0, this.length);
      this.buf = next;
    }
    return this.buf;
  }

  byte(c: number): this {
    this.room(1)[this.length++] = c;
    return this;
  }

  /** Raw bytes, as they are. */
  bytes(b: Uint8Array): this {
    const n = b.length;
    const buf = this.room(n);
    if (n > 24) buf.set(b, this.length);
    else for (let i = 0, p = this.length; i < n; i++) buf[p + i] = b[i] as number;
    this.length += n;
    return this;
  }

  /** A string as UTF-8, unescaped (lone surrogates become U+FFFD). */
  text(s: string): this {
    const n = s.length;
    const buf = this.room(n * 3);
    if (n < 32) {
      let p = this.length;
      for (let i = 0; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) {
          this.length += buf.write(s, this.length);
          return this;
        }
        buf[p++] = c;
      }
      this.length = p;
      return this;
    }
    this.length += buf.write(s, this.length);
    return this;
  }

  /** Heka's writeQuotedString of a string. */
  quoted(s: string): this {
    const n = s.length;
    // Worst case: 6 bytes per escaped ASCII character, 3 per UTF-16 unit otherwise, and the quotes.
    const buf = this.room(n * 6 + 2);
    let p = this.length;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
          buf[p++] = c;
        } else {
          buf[p] = 0x5c;
          buf[p + 1] = 0x75;
          buf[p + 2] = 0x30;
          buf[p + 3] = 0x30;
          buf[p + 4] = HEX.charCodeAt(c >> 4);
          buf[p + 5] = HEX.charCodeAt(c & 15);
          p += 6;
        }
        continue;
      }
      // A run of non-ASCII text (never split inside a surrogate pair): Node's UTF-8 writer.
      let j = i + 1;
      while (j < n && s.charCodeAt(j) >= 0x80) j++;
      p += buf.write(j - i === n ? s : s.slice(i, j), p);
      i = j - 1;
    }
    buf[p++] = 0x22;
    this.length = p;
    return this;
  }

  /** Heka's writeQuotedString of bytes read as a Go string (invalid UTF-8 → U+FFFD per byte). */
  quotedBytes(b: Uint8Array): this {
    return this.quoted(goUtf8(b));
  }

  /** A right-sized copy of what was written (safe to keep after the writer is reused). */
  finish(): Uint8Array {
    return copyBytes(this.buf, 0, this.length);
  }
}

/** `"name":` as bytes, for member names known at create() time. */
export function memberBytes(name: string): Uint8Array {
  const w = new ByteWriter(64);
  w.quoted(name).byte(0x3a);
  return w.finish();
}
