/**
 * Bytes as Go's regexp reads them, for a native RegExp: UTF-8 text in which every byte that does not
 * start a valid sequence reads as one U+FFFD. Indexes of matches in the text map back to byte offsets.
 * Go matches a pattern against bytes ([]byte) and reports byte offsets; a RegExp wants a string and
 * reports UTF-16 indexes: this is the bridge, for callers that cut byte streams (splitters).
 *
 * A splitter is asked again and again about what is left of the same buffer after each record. When
 * the caller says how far it got (`advance`) and the next buffer is exactly that rest of the same
 * memory, the text already decoded is reused (an O(1) slice) instead of decoding the rest again.
 */
import { Buffer, isUtf8 } from 'node:buffer';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const EMPTY = new Uint8Array(0);

/** Length of the valid UTF-8 sequence at b[i] (Go's utf8.DecodeRune rules), or 0 when it is invalid. */
export function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  if (c < 0xc2 || c > 0xf4) return 0;
  const c1 = b[i + 1] ?? 0;
  if (c < 0xe0) return (c1 & 0xc0) === 0x80 ? 2 : 0;
  if (c < 0xf0) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return c1 >= lo && c1 <= hi && ((b[i + 2] ?? 0) & 0xc0) === 0x80 ? 3 : 0;
  }
  const lo = c === 0xf0 ? 0x90 : 0x80;
  const hi = c === 0xf4 ? 0x8f : 0xbf;
  return c1 >= lo && c1 <= hi && ((b[i + 2] ?? 0) & 0xc0) === 0x80 && ((b[i + 3] ?? 0) & 0xc0) === 0x80 ? 4 : 0;
}

/** Go's reading of invalid UTF-8: valid sequences as they are, each other byte as U+FFFD. */
export function decodeLikeGo(b: Uint8Array): string {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < b.length; ) {
    const n = sequenceLength(b, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (i > start) parts.push(utf8.decode(b.subarray(start, i)));
    parts.push('\ufffd');
    start = ++i;
  }
  if (start < b.length) parts.push(utf8.decode(b.subarray(start)));
  return parts.join('');
}

/** Decoded text of byte buffers, with the map from text indexes back to byte offsets. */
export class ByteText {
  /** The text of the last buffer read. */
  text = '';
  private bytes: Uint8Array = EMPTY;
  /**
   * How indexes map to byte offsets: 'identity' when every byte is one UTF-16 unit (ASCII, or invalid
   * bytes only), 'utf8' for valid UTF-8 (the UTF-8 length of the text before), 'go' for text with
   * invalid bytes read as U+FFFD (a walk over the bytes).
   */
  private mode: 'identity' | 'utf8' | 'go' = 'identity';
  /** Mapping cursor (non-identity text): a text index and its byte offset. */
  private cursorIndex = 0;
  private cursorByte = 0;
  /** Where the rest of the current buffer starts, after advance(). */
  private nextBuffer: ArrayBufferLike | undefined;
  private nextOffset = 0;
  private nextEnd = 0;
  private nextIndex = 0;

  /** Reads a buffer, reusing the text of the previous one when this is its rest (see advance()). */
  read(buf: Uint8Array): string {
    const reuse =
      this.nextBuffer === buf.buffer &&
      this.nextOffset === buf.byteOffset &&
      this.nextEnd === buf.byteOffset + buf.length;
    this.nextBuffer = undefined;
    this.cursorIndex = this.cursorByte = 0;
    this.bytes = buf;
    if (reuse) {
      this.text = this.text.slice(this.nextIndex);
      return this.text;
    }
    let text = utf8.decode(buf);
    if (text.length === buf.length) this.mode = 'identity';
    else if (isUtf8(buf)) this.mode = 'utf8';
    else {
      this.mode = 'go';
      text = decodeLikeGo(buf);
    }
    this.text = text;
    return text;
  }

  /** The byte offset of a text index (a character boundary) in the last buffer read. */
  byteOffset(index: number): number {
    if (this.mode === 'identity') return index;
    if (index < this.cursorIndex) this.cursorIndex = this.cursorByte = 0;
    if (this.mode === 'utf8') {
      this.cursorByte += Buffer.byteLength(this.text.slice(this.cursorIndex, index), 'utf8');
      this.cursorIndex = index;
      return this.cursorByte;
    }
    const b = this.bytes;
    let i = this.cursorIndex;
    let at = this.cursorByte;
    while (i < index && at < b.length) {
      const n = sequenceLength(b, at) || 1;
      i += n === 4 ? 2 : 1;
      at += n;
    }
    this.cursorIndex = i;
    this.cursorByte = at;
    return at;
  }

  /**
   * Says that the next buffer will likely be the rest of this one from text index `index` (byte offset
   * `byteOffset`): the runtime scanning on in the same memory. read() checks that before reusing.
   */
  advance(index: number, byteOffset: number): void {
    this.nextBuffer = this.bytes.buffer;
    this.nextOffset = this.bytes.byteOffset + byteOffset;
    this.nextEnd = this.bytes.byteOffset + this.bytes.length;
    this.nextIndex = index;
  }
}
