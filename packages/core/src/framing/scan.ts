/**
 * Finding frames in a byte stream, following Heka's HekaFramingSplitter: look for a record
 * separator, read the header length, require the unit separator and a decodable header whose
 * message_length is within the limit; on any mismatch skip just that separator byte and look again.
 */
import { HEADER_FRAMING_SIZE, RECORD_SEPARATOR, UNIT_SEPARATOR } from './constants.js';
import { decodeHeader, type FrameHeader } from './header.js';

export type ScanResult =
  /** A whole frame occupies [start, end); the message is [messageStart, end). */
  | { kind: 'frame'; start: number; messageStart: number; end: number; skippedHeaders: number; oversize: number }
  /** No complete frame yet: bytes before `keepFrom` are garbage and may be discarded. */
  | { kind: 'more'; keepFrom: number; skippedHeaders: number; oversize: number };

/** Scans buf[from, to) for the next frame. */
export function scanFrame(buf: Uint8Array, from: number, to: number, maxMessageSize: number): ScanResult {
  let skippedHeaders = 0;
  let oversize = 0;
  let i = from;
  for (;;) {
    const rs = buf.indexOf(RECORD_SEPARATOR, i);
    if (rs < 0 || rs >= to) return { kind: 'more', keepFrom: to, skippedHeaders, oversize };
    if (to - rs < 2) return { kind: 'more', keepFrom: rs, skippedHeaders, oversize };
    const headerEnd = rs + (buf[rs + 1] as number) + HEADER_FRAMING_SIZE;
    if (to < headerEnd) return { kind: 'more', keepFrom: rs, skippedHeaders, oversize };
    let length = -1;
    if (buf[headerEnd - 1] === UNIT_SEPARATOR) {
      length = messageLength(buf, rs + 2, headerEnd - 1);
      if (length > maxMessageSize) {
        oversize++;
        length = -1;
      }
    }
    if (length >= 0) {
      const end = headerEnd + length;
      if (to < end) return { kind: 'more', keepFrom: rs, skippedHeaders, oversize };
      return { kind: 'frame', start: rs, messageStart: headerEnd, end, skippedHeaders, oversize };
    }
    skippedHeaders++;
    i = rs + 1;
  }
}

/**
 * The message length a header announces, or -1 when Heka would reject the header. Like Heka, a header
 * that fails to decode part-way still counts if message_length was read before the failure.
 */
function messageLength(buf: Uint8Array, start: number, end: number): number {
  // Fast path for the usual unsigned header: 08 <varint>.
  if (buf[start] === 0x08) {
    let v = 0;
    let mul = 1;
    for (let p = start + 1; p < end && p < start + 6; p++) {
      const c = buf[p] as number;
      v += (c & 0x7f) * mul;
      mul *= 128;
      if (c < 0x80) {
        if (p + 1 === end) return v % 2 ** 32;
        break;
      }
    }
  }
  const { header, error } = decodeHeader(buf, start, end);
  if (error !== undefined) return header.messageLength ?? -1;
  return header.messageLength ?? 0;
}

/** The decoded header of a frame found by scanFrame (for authentication). */
export function frameHeader(buf: Uint8Array, frameStart: number): { header: FrameHeader; error: string | undefined } {
  return decodeHeader(buf, frameStart + 2, frameStart + 2 + (buf[frameStart + 1] as number));
}
