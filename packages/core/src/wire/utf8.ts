/**
 * UTF-8 for the wire format. Protobuf strings from Heka are Go strings: usually UTF-8, but not
 * checked. Invalid bytes decode as U+FFFD one byte at a time, which is how Go's regexp and
 * range loops see them, so matcher results agree with Heka's.
 */

type Slicer = (this: Uint8Array, start: number, end: number) => string;
const bufferProto = Buffer.prototype as unknown as { utf8Slice?: Slicer; latin1Slice?: Slicer };
const fastUtf8 = bufferProto.utf8Slice;
const fastLatin1 = bufferProto.latin1Slice;
const latin1Decoder = new TextDecoder('latin1');
// ignoreBOM: a leading U+FEFF is content (Go keeps it), not a byte order mark to strip.
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });

/** One char per byte. Used only for slices that are known to be ASCII. */
export function latin1(bytes: Uint8Array, start: number, end: number): string {
  return fastLatin1 ? fastLatin1.call(bytes, start, end) : latin1Decoder.decode(bytes.subarray(start, end));
}

/** Decodes UTF-8; invalid bytes become U+FFFD each, as Go treats them. */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  const s = fastUtf8 ? fastUtf8.call(bytes, start, end) : utf8Decoder.decode(bytes.subarray(start, end));
  // WHATWG decoding replaces a broken sequence as a whole; redo those rare cases byte by byte.
  return s.includes('\ufffd') ? decodeUtf8GoStyle(bytes, start, end) : s;
}

export function decodeUtf8GoStyle(b: Uint8Array, start: number, end: number): string {
  const parts: number[] = [];
  let i = start;
  while (i < end) {
    const c = b[i] as number;
    let cp = 0xfffd;
    let n = 1;
    if (c < 0x80) {
      cp = c;
    } else if (c >= 0xc2 && c <= 0xdf && i + 1 < end && isCont(b[i + 1])) {
      cp = ((c & 0x1f) << 6) | ((b[i + 1] as number) & 0x3f);
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef && i + 2 < end && isCont(b[i + 1]) && isCont(b[i + 2])) {
      const v = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
      if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) {
        cp = v;
        n = 3;
      }
    } else if (c >= 0xf0 && c <= 0xf4 && i + 3 < end && isCont(b[i + 1]) && isCont(b[i + 2]) && isCont(b[i + 3])) {
      const v =
        ((c & 0x07) << 18) |
        (((b[i + 1] as number) & 0x3f) << 12) |
        (((b[i + 2] as number) & 0x3f) << 6) |
        ((b[i + 3] as number) & 0x3f);
      if (v >= 0x10000 && v <= 0x10ffff) {
        cp = v;
        n = 4;
      }
    }
    parts.push(cp);
    i += n;
  }
  let out = '';
  for (let k = 0; k < parts.length; k += 4096) out += String.fromCodePoint(...parts.slice(k, k + 4096));
  return out;
}

function isCont(c: number | undefined): boolean {
  return c !== undefined && (c & 0xc0) === 0x80;
}

/** Bytes needed to encode `s` as UTF-8 (lone surrogates count as U+FFFD, 3 bytes). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // the pair is 2 UTF-16 units and 4 bytes
      i++;
    } else n += 2;
  }
  return n;
}

const encoder = new TextEncoder();
type Writer = (this: Uint8Array, s: string, offset: number, length: number) => number;
const fastUtf8Write = (Buffer.prototype as unknown as { utf8Write?: Writer }).utf8Write;

/**
 * Writes `s` as UTF-8 at `pos` (room must exist); returns the position after it. Short strings are
 * faster in JavaScript; longer ones in Node's native writer (which needs `buf` to be a Buffer).
 */
export function writeUtf8(s: string, buf: Uint8Array, pos: number): number {
  const len = s.length;
  if (len >= 24) {
    if (fastUtf8Write && Buffer.isBuffer(buf)) return pos + fastUtf8Write.call(buf, s, pos, buf.length - pos);
    return pos + encoder.encodeInto(s, buf.subarray(pos)).written;
  }
  for (let i = 0; i < len; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[pos++] = c;
      continue;
    }
    if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = i + 1 < len ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && (d & 0xfc00) === 0xdc00) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
        buf[pos++] = 0xf0 | (c >> 18);
        buf[pos++] = 0x80 | ((c >> 12) & 0x3f);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
        continue;
      }
      c = 0xfffd; // lone surrogate
    }
    buf[pos++] = 0xe0 | (c >> 12);
    buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
    buf[pos++] = 0x80 | (c & 0x3f);
  }
  return pos;
}

/** UTF-8 bytes of a string (for comparisons against raw bytes). */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}
