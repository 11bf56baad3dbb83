/**
 * The bytes of one JSON line, written in place: strings escaped exactly as JSON.stringify escapes them
 * (`"`, `\`, the C0 controls with \b \t \n \f \r or a lowercase \u00xx, lone surrogates as \udxxx;
 * everything else as UTF-8), with a fast path for plain ASCII and no intermediate strings.
 */
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]; // 0-9a-f
const B64 = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');
const textEncoder = new TextEncoder();
/** Short escapes of JSON.stringify (0 = none: \u00xx). */
const SHORT = new Uint8Array(0x60);
SHORT[0x08] = 0x62; // \b
SHORT[0x09] = 0x74; // \t
SHORT[0x0a] = 0x6e; // \n
SHORT[0x0c] = 0x66; // \f
SHORT[0x0d] = 0x72; // \r
SHORT[0x22] = 0x22; // \"
SHORT[0x5c] = 0x5c; // \\

/** Lines are written one after another into chunks of this size and handed out as views of them. */
const CHUNK = 64 * 1024;

export class JsonWriter {
  buf = new Uint8Array(CHUNK);
  /** Where the line being written starts in `buf`. */
  private start = 0;
  pos = 0;

  /** Makes room for `n` more bytes (moving the line to a new chunk when this one is full). */
  reserve(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) {
      const len = this.pos - this.start;
      const next = new Uint8Array(Math.max(CHUNK, (len + n) * 2));
      next.set(this.buf.subarray(this.start, this.pos));
      this.buf = next;
      this.start = 0;
      this.pos = len;
    }
    return this.buf;
  }

  byte(c: number): void {
    this.reserve(1)[this.pos++] = c;
  }

  /** Bytes as they are. */
  raw(b: Uint8Array): void {
    this.pos = putBytes(this.reserve(b.length), this.pos, b);
  }

  /** Text that is known to be ASCII (numbers, uuids, base64). */
  ascii(s: string): void {
    const n = s.length;
    const buf = this.reserve(n);
    let p = this.pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** Any text as UTF-8, unescaped, as Buffer.from(s) writes it (a lone surrogate as U+FFFD). */
  text(s: string): void {
    const buf = this.reserve(s.length * 3);
    this.pos += textEncoder.encodeInto(s, buf.subarray(this.pos)).written;
  }

  /** A non-negative safe integer, or any number as String(v) writes it. */
  number(v: number): void {
    if (!(v >= 0 && v <= 0xffffffff && v === Math.floor(v))) {
      this.ascii(String(v));
      return;
    }
    const buf = this.reserve(10);
    let digits = 1;
    for (let t = v; t >= 10; t = Math.floor(t / 10)) digits++;
    let p = this.pos + digits;
    this.pos = p;
    do {
      const q = Math.floor(v / 10);
      buf[--p] = 0x30 + (v - q * 10);
      v = q;
    } while (v > 0);
  }

  /** A string as JSON.stringify(s) writes it, as UTF-8. */
  string(s: string): void {
    // Worst case 6 bytes per UTF-16 unit (an escape), and the quotes.
    this.pos = putString(this.reserve(s.length * 6 + 2), this.pos, s);
  }

  /**
   * UTF-8 bytes as a JSON string, escaped as string() escapes their text, and true; or false (nothing
   * written) when they are not valid UTF-8 or hold U+FFFD, whose text must then be written instead
   * (U+FFFD may stand for a bad byte or a lone surrogate of the text the bytes were made from).
   */
  utf8String(b: Uint8Array): boolean {
    const n = b.length;
    const buf = this.reserve(n * 6 + 2);
    let p = this.pos;
    buf[p++] = 0x22;
    let i = 0;
    while (i < n) {
      const c = b[i] as number;
      if (c < 0x80) {
        if (c >= 0x20 && c !== 0x22 && c !== 0x5c) buf[p++] = c;
        else p = escapeAscii(buf, p, c);
        i++;
        continue;
      }
      const len = sequenceLength(b, i, n);
      if (len === 0) return false;
      for (let k = 0; k < len; k++) buf[p++] = b[i + k] as number;
      i += len;
    }
    buf[p++] = 0x22;
    this.pos = p;
    return true;
  }

  /** Bytes as a quoted standard base64 string (with padding). */
  base64String(b: Uint8Array): void {
    const n = b.length;
    const buf = this.reserve(Math.ceil(n / 3) * 4 + 2);
    let p = this.pos;
    buf[p++] = 0x22;
    let i = 0;
    for (; i + 2 < n; i += 3) {
      const v = ((b[i] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i + 2] as number);
      buf[p++] = B64[v >> 18] as number;
      buf[p++] = B64[(v >> 12) & 63] as number;
      buf[p++] = B64[(v >> 6) & 63] as number;
      buf[p++] = B64[v & 63] as number;
    }
    if (i < n) {
      const two = i + 1 < n;
      const v = ((b[i] as number) << 16) | (two ? (b[i + 1] as number) << 8 : 0);
      buf[p++] = B64[v >> 18] as number;
      buf[p++] = B64[(v >> 12) & 63] as number;
      buf[p++] = two ? (B64[(v >> 6) & 63] as number) : 0x3d;
      buf[p++] = 0x3d;
    }
    buf[p++] = 0x22;
    this.pos = p;
  }

  /**
   * The line written since the last finish(). It is a view of the chunk, which is never written over:
   * the next line starts after it.
   */
  finish(): Uint8Array {
    const buf = this.buf;
    const out = new Uint8Array(buf.buffer, buf.byteOffset + this.start, this.pos - this.start);
    this.start = this.pos = (this.pos + 7) & ~7;
    return out;
  }

  /** Drops what was written since the last finish(). */
  abort(): void {
    this.pos = this.start;
  }
}

/** Room putString() may need for `s`. */
export const stringRoom = (s: string): number => s.length * 6 + 2;

/** Writes `s` as JSON.stringify(s) does, as UTF-8, at `p` (room for stringRoom(s) must exist); returns the end. */
export function putString(buf: Uint8Array, p: number, s: string): number {
  const n = s.length;
  buf[p++] = 0x22;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) buf[p++] = c;
      else p = escapeAscii(buf, p, c);
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        buf[p++] = 0xf0 | (c >> 18);
        buf[p++] = 0x80 | ((c >> 12) & 0x3f);
        buf[p++] = 0x80 | ((c >> 6) & 0x3f);
        buf[p++] = 0x80 | (c & 0x3f);
      } else {
        p = unicodeEscape(buf, p, c); // a lone surrogate
      }
    }
  }
  buf[p++] = 0x22;
  return p;
}

/** Copies `b` to `buf` at `p`; returns the end. */
export function putBytes(buf: Uint8Array, p: number, b: Uint8Array): number {
  const n = b.length;
  if (n > 32) buf.set(b, p);
  else for (let i = 0; i < n; i++) buf[p + i] = b[i] as number;
  return p + n;
}

function escapeAscii(buf: Uint8Array, p: number, c: number): number {
  const short = c < 0x60 ? (SHORT[c] as number) : 0;
  if (short !== 0) {
    buf[p] = 0x5c;
    buf[p + 1] = short;
    return p + 2;
  }
  return unicodeEscape(buf, p, c);
}

function unicodeEscape(buf: Uint8Array, p: number, c: number): number {
  buf[p] = 0x5c;
  buf[p + 1] = 0x75;
  buf[p + 2] = HEX[c >> 12] as number;
  buf[p + 3] = HEX[(c >> 8) & 15] as number;
  buf[p + 4] = HEX[(c >> 4) & 15] as number;
  buf[p + 5] = HEX[c & 15] as number;
  return p + 6;
}

const cont = (b: Uint8Array, i: number): boolean => ((b[i] as number) & 0xc0) === 0x80;

/** Length of the valid UTF-8 sequence (not U+FFFD) starting with a non-ASCII byte at i; 0 if none. */
function sequenceLength(b: Uint8Array, i: number, n: number): number {
  const c = b[i] as number;
  if (c >= 0xc2 && c <= 0xdf) return i + 1 < n && cont(b, i + 1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (i + 2 >= n || !cont(b, i + 1) || !cont(b, i + 2)) return 0;
    const v = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
    return v >= 0x800 && (v < 0xd800 || v > 0xdfff) && v !== 0xfffd ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (i + 3 >= n || !cont(b, i + 1) || !cont(b, i + 2) || !cont(b, i + 3)) return 0;
    const v = ((c & 0x07) << 18) | (((b[i + 1] as number) & 0x3f) << 12) | (((b[i + 2] as number) & 0x3f) << 6);
    return v >= 0x10000 && v <= 0x10ffff ? 4 : 0;
  }
  return 0;
}
