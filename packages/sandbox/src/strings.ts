/** Text across the JS/Lua boundary: Lua strings are bytes, message headers are JS strings (UTF-8). */
import { decodeUtf8 } from '@heka/core';
import { type LuaState, lua, pushOwnedBytes, pushTString, type TString } from './fengari.js';

const encoder = new TextEncoder();

/** UTF-8 bytes of a JS string (a fresh array the caller may keep). */
export function utf8(s: string): Uint8Array {
  const n = s.length;
  if (n < 48) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return encoder.encode(s);
      out[i] = c;
    }
    return out;
  }
  return encoder.encode(s);
}

const fcc = String.fromCharCode;

/** Short ASCII (names, small values) as one fromCharCode call: half the cost of a decoder call. */
function shortAscii(b: Uint8Array, n: number): string | undefined {
  let any = 0;
  for (let i = 0; i < n; i++) any |= b[i] as number;
  if (any >= 0x80) return undefined;
  const c = b as unknown as number[];
  // biome-ignore format: one case per length reads best as a table
  switch (n) {
    case 0: return '';
    case 1: return fcc(c[0] as number);
    case 2: return fcc(c[0] as number, c[1] as number);
    case 3: return fcc(c[0] as number, c[1] as number, c[2] as number);
    case 4: return fcc(c[0] as number, c[1] as number, c[2] as number, c[3] as number);
    case 5: return fcc(c[0] as number, c[1] as number, c[2] as number, c[3] as number, c[4] as number);
    case 6: return fcc(c[0] as number, c[1] as number, c[2] as number, c[3] as number, c[4] as number, c[5] as number);
    case 7: return fcc(c[0] as number, c[1] as number, c[2] as number, c[3] as number, c[4] as number, c[5] as number, c[6] as number);
    default: return fcc(c[0] as number, c[1] as number, c[2] as number, c[3] as number, c[4] as number, c[5] as number, c[6] as number, c[7] as number);
  }
}

/**
 * A JS string from Lua bytes: UTF-8, each invalid byte a U+FFFD (as Go, and @heka/core's decodeMessage,
 * read the bytes of a message string).
 */
export function text(b: Uint8Array): string {
  const n = b.length;
  return (n <= 8 ? shortAscii(b, n) : undefined) ?? decodeUtf8(b, 0, n);
}

/** Pushes a JS string as a Lua string. */
export function pushText(L: LuaState, s: string): void {
  pushOwnedBytes(L, utf8(s));
}

/** The bytes of the string at idx (no copy: do not change them), or undefined when it is not a string. */
export function bytesAt(L: LuaState, idx: number): Uint8Array | undefined {
  if (lua.lua_type(L, idx) !== lua.LUA_TSTRING) return undefined;
  return lua.lua_tolstring(L, idx) ?? undefined;
}

/**
 * Lua strings for values a script reads again and again (field values, hostnames, types). Lua strings
 * are immutable, so one string object can be pushed many times; its table key (fengari computes one per
 * string object, on first use as a key) is then computed only once.
 */
export class StringCache {
  private map = new Map<string, TString>();
  constructor(private readonly max = 2048) {}

  /** Pushes `s`; returns the bytes newly allocated (0 when the string was cached). */
  push(L: LuaState, s: string): number {
    const hit = this.map.get(s);
    if (hit !== undefined) {
      pushTString(L, hit);
      return 0;
    }
    const bytes = utf8(s);
    const ts = pushOwnedBytes(L, bytes);
    if (s.length <= 256) {
      if (this.map.size >= this.max) this.map.clear();
      this.map.set(s, ts);
    }
    return bytes.length;
  }
}
