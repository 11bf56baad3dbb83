/**
 * `struct` (Roberto Ierusalimschy's struct library, 2012 version with 64-bit `long long` integers, as
 * lua_sandbox 0.x built it): struct.pack(fmt, ...), struct.unpack(fmt, s[, pos]), struct.size(fmt).
 * Format: > < (endianness, little by default) ![n] (alignment) x b B h H l L T i[n] I[n] c[n] s f d and
 * spaces; sizes as on x86-64 Linux (short 2, int 4, long/size_t 8). Integers are converted through
 * 64-bit two's complement as the C code does, so they are exact up to 2^53 like any Lua 5.1 number.
 */
import { argCheck, concatBytes, cStringEnd, type LuaState, lauxlib, lua, luaError, optInteger } from './lua.js';

const MAXINTSIZE = 32;
const MAXALIGN = 8;
const BIG = 0;
const LITTLE = 1;
const MASK64 = 0xffffffffffffffffn;

interface Header {
  endian: number;
  align: number;
}

/** A format string being read: bytes up to the first NUL, and the read position. */
interface Fmt {
  b: Uint8Array;
  i: number;
  end: number;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function getnum(f: Fmt, def: number): number {
  if (f.i >= f.end || !isDigit(f.b[f.i] as number)) return def;
  let a = 0;
  do a = (a * 10 + ((f.b[f.i++] as number) - 0x30)) | 0;
  while (f.i < f.end && isDigit(f.b[f.i] as number));
  return a;
}

function optsize(L: LuaState, opt: number, f: Fmt): number {
  switch (String.fromCharCode(opt)) {
    case 'B':
    case 'b':
    case 'x':
      return 1;
    case 'H':
    case 'h':
      return 2;
    case 'L':
    case 'l':
    case 'T':
    case 'd':
      return 8;
    case 'f':
      return 4;
    case 'c':
      return getnum(f, 1);
    case 'i':
    case 'I': {
      const sz = getnum(f, 4);
      if (sz > MAXINTSIZE) luaError(L, `integral size ${sz} is larger than limit of ${MAXINTSIZE}`);
      return sz;
    }
    default:
      return 0;
  }
}

function gettoalign(len: number, h: Header, opt: number, size: number): number {
  if (size === 0 || opt === 0x63 /* c */) return 0;
  const s = Math.min(size, h.align);
  return (s - (len & (s - 1))) & (s - 1);
}

function controloptions(L: LuaState, opt: number, f: Fmt, h: Header): void {
  switch (opt) {
    case 0x20:
      return;
    case 0x3e /* > */:
      h.endian = BIG;
      return;
    case 0x3c /* < */:
      h.endian = LITTLE;
      return;
    case 0x21 /* ! */:
      {
        const a = getnum(f, MAXALIGN);
        if (!(a > 0 && (a & (a - 1)) === 0)) luaError(L, `alignment ${a} is not a power of 2`);
        h.align = a;
        return;
      }
    default: {
      const msg = concatBytes(
        new TextEncoder().encode("invalid format option '"),
        Uint8Array.of(opt),
        Uint8Array.of(0x27),
      );
      lauxlib.luaL_argerror(L, 1, msg);
    }
  }
}

function isIntegerOption(opt: number): boolean {
  return 'bBhHlLTiI'.includes(String.fromCharCode(opt));
}

/** C's conversion of a lua_Number to the unsigned 64-bit value putinteger writes (x86-64 gcc). */
function toUint64(n: number): bigint {
  if (n < 0) {
    if (n < -(2 ** 63)) return 1n << 63n;
    return BigInt.asUintN(64, BigInt(Math.trunc(n)));
  }
  if (!(n < 2 ** 64)) return 0n;
  return BigInt(Math.trunc(n));
}

function openFormat(L: LuaState): Fmt {
  const b = lauxlib.luaL_checklstring(L, 1);
  return { b, i: 0, end: cStringEnd(b) };
}

function pack(L: LuaState): number {
  const f = openFormat(L);
  const h: Header = { endian: LITTLE, align: 1 };
  const out: number[] = [];
  const view = new DataView(new ArrayBuffer(8));
  let arg = 2;
  let total = 0;
  while (f.i < f.end) {
    const opt = f.b[f.i++] as number;
    let size = optsize(L, opt, f);
    let toalign = gettoalign(total, h, opt, size);
    total += toalign;
    while (toalign-- > 0) out.push(0);
    if (isIntegerOption(opt)) {
      let v = toUint64(lauxlib.luaL_checknumber(L, arg++));
      const bytes: number[] = [];
      for (let i = 0; i < size; i++) {
        bytes.push(Number(v & 0xffn));
        v >>= 8n;
      }
      if (h.endian === BIG) bytes.reverse();
      out.push(...bytes);
    } else if (opt === 0x78 /* x */) {
      out.push(0);
    } else if (opt === 0x66 /* f */ || opt === 0x64 /* d */) {
      const n = lauxlib.luaL_checknumber(L, arg++);
      if (opt === 0x66) view.setFloat32(0, n, h.endian === LITTLE);
      else view.setFloat64(0, n, h.endian === LITTLE);
      for (let i = 0; i < size; i++) out.push(view.getUint8(i));
    } else if (opt === 0x63 /* c */ || opt === 0x73 /* s */) {
      const s = lauxlib.luaL_checklstring(L, arg++);
      if (size === 0) size = s.length;
      // lua_sandbox's struct names the argument after the string here (arg was already advanced)
      argCheck(L, s.length >= size, arg, 'string too short');
      for (let i = 0; i < size; i++) out.push(s[i] as number);
      if (opt === 0x73) {
        out.push(0);
        size++;
      }
    } else {
      controloptions(L, opt, f, h);
    }
    total += size;
  }
  lua.lua_pushstring(L, Uint8Array.from(out));
  return 1;
}

function getinteger(data: Uint8Array, at: number, endian: number, signed: boolean, size: number): number {
  if (size >= 1 && size <= 6) {
    let v = 0;
    for (let i = 0; i < size; i++) {
      const byte = data[endian === BIG ? at + i : at + size - 1 - i] as number;
      v = v * 256 + byte;
    }
    const limit = 2 ** (8 * size - 1);
    return signed && v >= limit ? v - 2 * limit : v;
  }
  let l = 0n;
  for (let i = 0; i < size; i++) {
    const byte = data[endian === BIG ? at + i : at + size - 1 - i] as number;
    l = ((l << 8n) | BigInt(byte)) & MASK64;
  }
  if (!signed) return Number(l);
  const mask = (MASK64 << BigInt((size * 8 - 1) & 63)) & MASK64;
  if (l & mask) l |= mask;
  return Number(BigInt.asIntN(64, l));
}

function unpack(L: LuaState): number {
  const f = openFormat(L);
  const data = lauxlib.luaL_checklstring(L, 2);
  const ld = data.length;
  let pos = optInteger(L, 3, 1) - 1;
  const h: Header = { endian: LITTLE, align: 1 };
  const view = new DataView(new ArrayBuffer(8));
  lua.lua_settop(L, 2);
  while (f.i < f.end) {
    const opt = f.b[f.i++] as number;
    let size = optsize(L, opt, f);
    pos += gettoalign(pos, h, opt, size);
    argCheck(L, pos >= 0 && pos + size <= ld, 2, 'data string too short');
    lauxlib.luaL_checkstack(L, 1, 'too many results');
    if (isIntegerOption(opt)) {
      const signed = opt >= 0x61; // islower
      lua.lua_pushnumber(L, getinteger(data, pos, h.endian, signed, size));
    } else if (opt === 0x78 /* x */) {
      // padding
    } else if (opt === 0x66 /* f */ || opt === 0x64 /* d */) {
      for (let i = 0; i < size; i++) view.setUint8(i, data[pos + i] as number);
      const n = opt === 0x66 ? view.getFloat32(0, h.endian === LITTLE) : view.getFloat64(0, h.endian === LITTLE);
      lua.lua_pushnumber(L, n);
    } else if (opt === 0x63 /* c */) {
      if (size === 0) {
        // the previous result (or, if there is none yet, the data string itself) is the length
        if (!lua.lua_isnumber(L, -1)) luaError(L, "format `c0' needs a previous size");
        size = Number(BigInt.asUintN(32, BigInt(Math.trunc(lua.lua_tonumber(L, -1)) || 0)));
        lua.lua_pop(L, 1);
        argCheck(L, pos + size <= ld, 2, 'data string too short');
      }
      lua.lua_pushstring(L, data.subarray(pos, pos + size));
    } else if (opt === 0x73 /* s */) {
      const e = data.indexOf(0, pos);
      if (e < 0) luaError(L, 'unfinished string in data');
      size = e - pos + 1;
      lua.lua_pushstring(L, data.subarray(pos, e));
    } else {
      controloptions(L, opt, f, h);
    }
    pos += size;
  }
  lua.lua_pushinteger(L, pos + 1);
  return lua.lua_gettop(L) - 2;
}

function structSize(L: LuaState): number {
  const f = openFormat(L);
  const h: Header = { endian: LITTLE, align: 1 };
  let pos = 0;
  while (f.i < f.end) {
    const opt = f.b[f.i++] as number;
    const sz = optsize(L, opt, f);
    pos += gettoalign(pos, h, opt, sz);
    if (opt === 0x73) lauxlib.luaL_argerror(L, 1, "option 's' has no fixed size");
    else if (opt === 0x63 && sz === 0) lauxlib.luaL_argerror(L, 1, "option 'c0' has no fixed size");
    const c = opt | 0x20;
    const alnum = isDigit(opt) || (c >= 0x61 && c <= 0x7a);
    if (!alnum) controloptions(L, opt, f, h);
    pos += sz;
  }
  lua.lua_pushinteger(L, pos);
  return 1;
}

/** luaopen_struct: the `struct` table, also set as the global `struct`. */
export function openStruct(L: LuaState): number {
  lua.lua_createtable(L, 0, 3);
  for (const [name, fn] of Object.entries({ pack, unpack, size: structSize })) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
  lua.lua_pushvalue(L, -1);
  lua.lua_setglobal(L, 'struct');
  return 1;
}
