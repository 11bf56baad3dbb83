/** Helpers the compiled matchers call: Go's string and byte-string semantics. */
import { bytesEqual } from '../message/bytes.js';
import { decodeUtf8GoStyle } from '../wire/utf8.js';

/**
 * Compares strings in UTF-8 byte order, as Go does. UTF-16 code units order the same way except
 * that surrogates (code points above U+FFFF) sort below U+E000–U+FFFF; that case is fixed up.
 */
export function compareUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Byte-wise comparison (Go's string comparison of raw bytes). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Raw bytes as Go's regexp sees them: UTF-8, each invalid byte as U+FFFD. */
export function bytesAsText(b: Uint8Array): string {
  return decodeUtf8GoStyle(b, 0, b.length);
}

export const runtime = { compareUtf8, compareBytes, bytesEqual, bytesAsText };
export type MatcherRuntime = typeof runtime;
