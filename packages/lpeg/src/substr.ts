/**
 * Lua strings for ranges of the subject. Lua strings are immutable, so a string object may be shared:
 * - strings of 1 to 4 bytes ("-", "GET", "200", the two-digit parts of a date) come from a small
 *   direct-mapped cache of string objects, process-wide (string objects belong to no Lua state);
 * - up to 64 bytes, a copy (V8 keeps such small arrays on its heap, allocation is cheap);
 * - longer ranges that are a good part of the subject's buffer are views of it (no copy; the subject's
 *   bytes stay alive as long as the capture does, at most 4 times the captured size);
 * - otherwise a copy.
 */
import { newTString, type TString } from './fengari.js';

const EMPTY = newTString(new Uint8Array(0));
const SLOTS = 1024;
const cacheKey = new Int32Array(SLOTS);
const cacheLen = new Uint8Array(SLOTS); // 0: empty slot
const cacheStr: (TString | null)[] = new Array<TString | null>(SLOTS).fill(null);

/** The string of the bytes s[from, to). */
export function subString(s: Uint8Array, from: number, to: number): TString {
  const n = to - from;
  if (n <= 4) {
    if (n <= 0) return EMPTY;
    let key = s[from] as number;
    if (n > 1) key |= (s[from + 1] as number) << 8;
    if (n > 2) key |= (s[from + 2] as number) << 16;
    if (n > 3) key |= (s[from + 3] as number) << 24;
    const h = Math.imul(key ^ (n << 5), 0x9e3779b1) >>> 22;
    if (cacheKey[h] === key && cacheLen[h] === n) return cacheStr[h] as TString;
    const ts = newTString(copyBytes(s, from, to));
    cacheKey[h] = key;
    cacheLen[h] = n;
    cacheStr[h] = ts;
    return ts;
  }
  if (n > 64 && n * 4 >= s.buffer.byteLength) return newTString(new Uint8Array(s.buffer, s.byteOffset + from, n));
  return newTString(copyBytes(s, from, to));
}

/** A copy of s[from, to) (a plain loop beats slice() for the short strings captures usually are). */
export function copyBytes(s: Uint8Array, from: number, to: number): Uint8Array {
  const n = to - from;
  if (n > 64) return s.slice(from, to);
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = s[from + k] as number;
  return out;
}
