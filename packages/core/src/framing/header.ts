/**
 * The framing Header protobuf: message_length (1), hmac_hash_function (3, MD5 = 0 default, SHA1 = 1),
 * hmac_signer (4), hmac_key_version (5), hmac (6). No field 2.
 */

import { decodeUtf8 } from '../wire/utf8.js';

export type HmacHash = 'md5' | 'sha1';

export interface FrameHeader {
  messageLength: number | undefined;
  hmacHashFunction: number | undefined;
  hmacSigner: string | undefined;
  hmacKeyVersion: number | undefined;
  hmac: Uint8Array | undefined;
}

export interface HeaderDecodeResult {
  header: FrameHeader;
  /** Set when the bytes did not decode completely; fields read before the error are kept (as in Go). */
  error: string | undefined;
}

/**
 * Decodes header bytes the way Heka's generated unmarshaller does: field by field, stopping at the
 * first error but keeping what it had read, and skipping unknown fields.
 */
export function decodeHeader(b: Uint8Array, start: number, end: number): HeaderDecodeResult {
  const header: FrameHeader = {
    messageLength: undefined,
    hmacHashFunction: undefined,
    hmacSigner: undefined,
    hmacKeyVersion: undefined,
    hmac: undefined,
  };
  let pos = start;
  /** The low 32 bits of the last varint, exact (what Go keeps for a uint32 field). */
  let low32 = 0;
  const varint = (): number | undefined => {
    let v = 0;
    let mul = 1;
    low32 = 0;
    for (let i = 0; i < 10; i++) {
      if (pos >= end) return undefined;
      const c = b[pos++] as number;
      if (mul < 2 ** 53) v += (c & 0x7f) * mul;
      // Bits 0..34 come from the first 5 bytes; summed separately, as `v` loses low bits beyond 2^53.
      if (i < 5) low32 += (c & 0x7f) * mul;
      mul *= 128;
      if (c < 0x80) {
        low32 %= 2 ** 32;
        return v;
      }
    }
    return undefined;
  };
  const bytes = (): Uint8Array | undefined => {
    const len = varint();
    if (len === undefined || len > end - pos) return undefined;
    const out = b.subarray(pos, pos + len);
    pos += len;
    return out;
  };
  while (pos < end) {
    const tag = varint();
    if (tag === undefined) return { header, error: 'truncated tag' };
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    const expected = field === 1 || field === 3 || field === 5 ? 0 : field === 4 || field === 6 ? 2 : -1;
    if (expected >= 0 && wireType !== expected) return { header, error: `wrong wire type for field ${field}` };
    if (expected === 0) {
      if (varint() === undefined) return { header, error: 'truncated varint' };
      // uint32 fields keep the low 32 bits, as Go's decoder does.
      const u32 = low32;
      if (field === 1) header.messageLength = u32;
      else if (field === 3) header.hmacHashFunction = u32;
      else header.hmacKeyVersion = u32;
    } else if (expected === 2) {
      const v = bytes();
      if (v === undefined) return { header, error: 'truncated bytes' };
      // Not TextDecoder: it would strip a leading BOM, so the `<signer>_<version>` key would not match.
      if (field === 4) header.hmacSigner = decodeUtf8(v, 0, v.length);
      else header.hmac = v.slice();
    } else if (!skipUnknown(wireType)) {
      return { header, error: `cannot skip wire type ${wireType}` };
    }
  }
  return { header, error: undefined };

  function skipUnknown(wireType: number): boolean {
    if (wireType === 0) return varint() !== undefined;
    if (wireType === 2) return bytes() !== undefined;
    const n = wireType === 1 ? 8 : wireType === 5 ? 4 : -1;
    if (n < 0 || end - pos < n) return false;
    pos += n;
    return true;
  }
}

/** Encodes a header as Heka's client does: MD5 (the default) is not written; SHA1 is `18 01`. */
export function encodeHeader(
  messageLength: number,
  signed?: { hash: HmacHash; signer: string; keyVersion: number; hmac: Uint8Array },
): Uint8Array {
  const parts: number[] = [0x08, ...varint(messageLength)];
  if (signed) {
    if (signed.hash === 'sha1') parts.push(0x18, 0x01);
    const signer = new TextEncoder().encode(signed.signer);
    parts.push(0x22, ...varint(signer.length), ...signer);
    parts.push(0x28, ...varint(signed.keyVersion));
    parts.push(0x32, ...varint(signed.hmac.length), ...signed.hmac);
  }
  return Uint8Array.from(parts);
}

function varint(v: number): number[] {
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}
