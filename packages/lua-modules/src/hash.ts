/**
 * The two hash functions the C modules use, in 32-bit JS arithmetic (no 64-bit integers needed):
 * XXH32 (bloom_filter, cuckoo_filter) and MurmurHash64A (hyperloglog, via Redis).
 */

const P1 = 2654435761;
const P2 = 2246822519;
const P3 = 3266489917;
const P4 = 668265263;
const P5 = 374761393;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function read32(b: Uint8Array, i: number): number {
  return (
    ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0
  );
}

function round(acc: number, input: number): number {
  return Math.imul(rotl((acc + Math.imul(input, P2)) | 0, 13), P1);
}

/** XXH32 of `len` bytes of `b` with `seed`, as an unsigned 32-bit number. */
export function xxh32(b: Uint8Array, len: number, seed: number): number {
  let i = 0;
  let h: number;
  if (len >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    const limit = len - 16;
    do {
      v1 = round(v1, read32(b, i));
      v2 = round(v2, read32(b, i + 4));
      v3 = round(v3, read32(b, i + 8));
      v4 = round(v4, read32(b, i + 12));
      i += 16;
    } while (i <= limit);
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + len) | 0;
  for (; i + 4 <= len; i += 4) {
    h = Math.imul(rotl((h + Math.imul(read32(b, i), P3)) | 0, 17), P4);
  }
  for (; i < len; i++) {
    h = Math.imul(rotl((h + Math.imul(b[i] as number, P5)) | 0, 11), P1);
  }
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 64-bit value as two unsigned 32-bit halves. */
export interface U64 {
  hi: number;
  lo: number;
}

/** The low 64 bits of (aHi:aLo) * (bHi:bLo), written into `out`. */
function mul64(aHi: number, aLo: number, bHi: number, bLo: number, out: U64): void {
  const a0 = aLo & 0xffff;
  const a1 = aLo >>> 16;
  const b0 = bLo & 0xffff;
  const b1 = bLo >>> 16;
  const p00 = a0 * b0;
  const p01 = a0 * b1;
  const p10 = a1 * b0;
  const p11 = a1 * b1;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const carry = p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16);
  out.lo = Math.imul(aLo, bLo) >>> 0;
  out.hi = (carry + Math.imul(aHi, bLo) + Math.imul(aLo, bHi)) >>> 0;
}

const M_HI = 0xc6a4a793;
const M_LO = 0x5bd1e995;

/** MurmurHash64A (Austin Appleby) of `b`, little-endian blocks, into `out`. */
export function murmurHash64A(b: Uint8Array, seed: number, out: U64): U64 {
  const len = b.length;
  const t: U64 = { hi: 0, lo: 0 };
  mul64(0, len, M_HI, M_LO, t);
  let hHi = t.hi;
  let hLo = (t.lo ^ seed) >>> 0;
  const blocks = len - (len & 7);
  for (let i = 0; i < blocks; i += 8) {
    mul64(read32(b, i + 4), read32(b, i), M_HI, M_LO, t);
    const kHi = t.hi;
    const kLo = (t.lo ^ (kHi >>> 15)) >>> 0;
    mul64(kHi, kLo, M_HI, M_LO, t);
    hHi = (hHi ^ t.hi) >>> 0;
    hLo = (hLo ^ t.lo) >>> 0;
    mul64(hHi, hLo, M_HI, M_LO, t);
    hHi = t.hi;
    hLo = t.lo;
  }
  const rest = len & 7;
  if (rest > 0) {
    for (let k = rest - 1; k >= 0; k--) {
      const v = b[blocks + k] as number;
      if (k >= 4) hHi = (hHi ^ (v << (8 * (k - 4)))) >>> 0;
      else hLo = (hLo ^ (v << (8 * k))) >>> 0;
    }
    mul64(hHi, hLo, M_HI, M_LO, t);
    hHi = t.hi;
    hLo = t.lo;
  }
  hLo = (hLo ^ (hHi >>> 15)) >>> 0;
  mul64(hHi, hLo, M_HI, M_LO, t);
  hHi = t.hi;
  hLo = (t.lo ^ (t.hi >>> 15)) >>> 0;
  out.hi = hHi;
  out.lo = hLo;
  return out;
}
