/**
 * inject_message's Lua table to Heka protobuf, byte for byte as lua_sandbox serialised it
 * (lsb_serialize_protobuf.c), with its error texts and its output_limit checks: one buffer, each write
 * first asking for the room lua_sandbox asked for (10 bytes for any varint, 18 for the uuid, one for the
 * final NUL), sub-message lengths written as a one-byte placeholder and widened afterwards.
 *
 * This path reads the table through the Lua API (metatables, userdata output functions). The decoders',
 * filters' and inputs' injections take the direct path of build.ts, which gives the same results.
 */
import { type LuaState, lauxlib, lua } from './fengari.js';
import { luaNumberToString, toInt64 } from './numbers.js';
import { userdataOutput } from './output.js';
import { utf8 } from './strings.js';

export class EncodeError extends Error {}
export class TooBigError extends Error {}

/** Bytes of the varint lua_sandbox writes for a number it cast to unsigned 64 bits. */
export function varintSize(v: bigint | number): number {
  if (typeof v === 'bigint') {
    if (v < 0n) return 10;
    let n = 1;
    while (v >= 0x80n) {
      v >>= 7n;
      n++;
    }
    return n;
  }
  if (v < 0) return 10;
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 128);
    n++;
  }
  return n;
}

class Writer {
  buf = new Uint8Array(1024);
  pos = 0;
  max = 0;

  /** lsb_realloc_output's test: `n` more bytes must fit under the limit (0 = none). */
  need(n: number): void {
    const end = this.pos + n;
    if (end > this.max) throw new TooBigError('output_limit exceeded');
    if (end > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < end) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(0, this.pos));
      this.buf = next;
    }
  }
  tag(id: number, wire: number): void {
    this.need(1);
    this.buf[this.pos++] = wire | (id << 3);
  }
  varint(v: bigint | number): void {
    this.need(10);
    const b = this.buf;
    if (typeof v === 'number' && v >= 0) {
      while (v >= 0x80) {
        b[this.pos++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
      b[this.pos++] = v;
      return;
    }
    let x = BigInt.asUintN(64, BigInt(v));
    while (x >= 0x80n) {
      b[this.pos++] = Number(x & 0x7fn) | 0x80;
      x >>= 7n;
    }
    b[this.pos++] = Number(x);
  }
  raw(s: Uint8Array): void {
    this.need(s.length);
    this.buf.set(s, this.pos);
    this.pos += s.length;
  }
  string(id: number, s: Uint8Array): void {
    this.tag(id, 2);
    this.varint(s.length);
    this.raw(s);
  }
  double(d: number): void {
    this.need(8);
    new DataView(this.buf.buffer).setFloat64(this.pos, d, true);
    this.pos += 8;
  }
  bool(b: boolean): void {
    this.need(1);
    this.buf[this.pos++] = b ? 1 : 0;
  }
  /** update_field_length: the one-byte length at `at` becomes the varint of what follows it. */
  fixLength(at: number): void {
    const len = this.pos - at - 1;
    if (len < 128) {
      this.buf[at] = len;
      return;
    }
    const extra = varintSize(len) - 1;
    this.need(extra);
    this.buf.copyWithin(at + 1 + extra, at + 1, this.pos);
    const end = this.pos + extra;
    this.pos = at;
    this.varint(len);
    this.pos = end;
  }
}

const w = new Writer();

/**
 * Visits the entries of the table at the top in C Lua's lua_next order: the array part 1..#t first,
 * then the other keys (fengari keeps insertion order, and a table constructor inserts its array part
 * backwards). `fn` finds the key at -2 and the value at -1.
 */
export function forEachEntry(L: LuaState, fn: () => void): void {
  const t = lua.lua_gettop(L);
  const n = lua.lua_rawlen(L, t);
  for (let i = 1; i <= n; i++) {
    lua.lua_pushnumber(L, i);
    lua.lua_rawgeti(L, t, i);
    fn();
    lua.lua_settop(L, t);
  }
  lua.lua_pushnil(L);
  while (lua.lua_next(L, t)) {
    if (n > 0 && lua.lua_type(L, -2) === lua.LUA_TNUMBER) {
      const k = lua.lua_tonumber(L, -2);
      if (k >= 1 && k <= n && Number.isInteger(k)) {
        lua.lua_pop(L, 1);
        continue;
      }
    }
    fn();
    lua.lua_settop(L, t + 1);
  }
}

/** Text of a string or number value (lua_isstring / lua_tolstring, numbers written the 5.1 way). */
function stringish(L: LuaState, idx: number): Uint8Array | undefined {
  const t = lua.lua_type(L, idx);
  if (t === lua.LUA_TSTRING) return lua.lua_tolstring(L, idx) as Uint8Array;
  if (t === lua.LUA_TNUMBER) return utf8(luaNumberToString(lua.lua_tonumber(L, idx)));
  return undefined;
}

function typename(L: LuaState, idx: number): string {
  return new TextDecoder().decode(lauxlib.luaL_typename(L, idx));
}

// Random uuids are drawn from the OS in batches (one call per message was a large part of the cost).
let pool = new Uint8Array(0);
let poolAt = 0;
function pooledRandom(): Uint8Array {
  if (poolAt + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(16 * 1024));
    poolAt = 0;
  }
  poolAt += 16;
  return pool.subarray(poolAt - 16, poolAt);
}
let uuidSource: () => Uint8Array = pooledRandom;

/** For tests: a fixed uuid source (none: back to random bytes). */
export function setUuidSource(fn?: () => Uint8Array): void {
  uuidSource = fn ?? pooledRandom;
}

/** 16 random bytes with lua_sandbox's version and variant bits (the caller may keep them until the next call). */
export function nextUuid(): Uint8Array {
  const u = uuidSource();
  u[6] = ((u[6] as number) & 0x0f) | 0x40;
  u[8] = ((u[8] as number) & 0x0f) | 0xa0;
  return u;
}

/** The Timestamp lua_sandbox writes when the table has none: now, with one-second resolution. */
export function defaultTimestamp(): bigint {
  return BigInt(Math.floor(Date.now() / 1000)) * 1000000000n;
}

/**
 * Serialises the table at `idx` as a Heka message. Throws EncodeError (with lua_sandbox's text) for a
 * value it cannot encode and TooBigError past `limit` bytes (0: no limit).
 */
export function encodeTable(L: LuaState, idx: number, limit: number): Uint8Array {
  idx = lua.lua_absindex(L, idx);
  w.pos = 0;
  w.max = limit > 0 ? limit : Number.MAX_SAFE_INTEGER;
  w.need(18);
  lua.lua_getfield(L, idx, 'Uuid');
  const uuid = lua.lua_type(L, -1) === lua.LUA_TSTRING ? (lua.lua_tolstring(L, -1) as Uint8Array) : undefined;
  lua.lua_pop(L, 1);
  w.buf[w.pos++] = 0x0a;
  w.buf[w.pos++] = 16;
  w.buf.set(uuid && uuid.length === 16 ? uuid : nextUuid(), w.pos);
  w.pos += 16;
  lua.lua_getfield(L, idx, 'Timestamp');
  const ts = lua.lua_isnumber(L, -1) ? (toInt64(lua.lua_tonumber(L, -1)) ?? 0n) : defaultTimestamp();
  lua.lua_pop(L, 1);
  w.tag(2, 0);
  w.varint(ts);
  encodeString(L, 3, 'Type', idx);
  encodeString(L, 4, 'Logger', idx);
  encodeInt(L, 5, 'Severity', idx);
  encodeString(L, 6, 'Payload', idx);
  encodeString(L, 7, 'EnvVersion', idx);
  encodeInt(L, 8, 'Pid', idx);
  encodeString(L, 9, 'Hostname', idx);
  encodeFields(L, idx);
  w.need(1); // lua_sandbox's NUL terminator
  return w.buf.slice(0, w.pos);
}

function encodeString(L: LuaState, id: number, name: string, idx: number): void {
  lua.lua_getfield(L, idx, name);
  const s = stringish(L, -1);
  if (s) w.string(id, s);
  lua.lua_pop(L, 1);
}

function encodeInt(L: LuaState, id: number, name: string, idx: number): void {
  lua.lua_getfield(L, idx, name);
  if (lua.lua_isnumber(L, -1)) {
    w.tag(id, 0);
    w.varint(toInt64(lua.lua_tonumber(L, -1)) ?? 0n);
  }
  lua.lua_pop(L, 1);
}

/** A field's tag and one-byte length placeholder; returns the placeholder's position. */
function openField(): number {
  w.tag(10, 2);
  const at = w.pos;
  w.varint(0);
  return at;
}

function encodeFields(L: LuaState, idx: number): void {
  lua.lua_getfield(L, idx, 'Fields');
  if (!lua.lua_istable(L, -1)) {
    lua.lua_pop(L, 1);
    return;
  }
  lua.lua_rawgeti(L, -1, 1);
  if (lua.lua_istable(L, -1)) {
    // Array form: {{name = "n", value = v, value_type = t, representation = "r"}, ...}
    for (let i = 1; !lua.lua_isnoneornil(L, -1); ) {
      const at = openField();
      lua.lua_getfield(L, -1, 'name');
      const name = stringish(L, -1);
      if (!name) throw new EncodeError('field name must be a string');
      w.string(1, name);
      lua.lua_pop(L, 1);
      encodeFieldObject(L);
      w.fixLength(at);
      lua.lua_pop(L, 1);
      lua.lua_rawgeti(L, -1, ++i);
    }
    lua.lua_pop(L, 2);
    return;
  }
  lua.lua_pop(L, 1);
  // Hash form: {name = value, ...}
  forEachEntry(L, () => {
    const at = openField();
    const name = stringish(L, -2);
    if (!name) throw new EncodeError('field name must be a string');
    w.string(1, name);
    encodeFieldValue(L, 1, undefined, -1);
    w.fixLength(at);
  });
  lua.lua_pop(L, 1);
}

/** The field object at the top: {value = ..., value_type = n, representation = "s"}. */
function encodeFieldObject(L: LuaState): void {
  lua.lua_getfield(L, -1, 'representation');
  const rep = stringish(L, -1);
  lua.lua_getfield(L, -2, 'value_type');
  const vt = lua.lua_isnumber(L, -1) ? Math.trunc(lua.lua_tonumber(L, -1)) : -1;
  lua.lua_getfield(L, -3, 'value');
  encodeFieldValue(L, 1, rep, vt);
  lua.lua_pop(L, 3);
}

/**
 * The value at the top. `first` > 0 for the first value (lua_objlen of the array when there are more):
 * the field's value_type, representation and, for packed arrays, their tag and length come first.
 */
function encodeFieldValue(L: LuaState, first: number, rep: Uint8Array | undefined, vt: number): void {
  const t = lua.lua_type(L, -1);
  switch (t) {
    case lua.LUA_TSTRING: {
      if (vt === -1) vt = 0;
      else if (vt !== 0 && vt !== 1) throw new EncodeError(`invalid string value_type: ${vt}`);
      if (first) {
        if (vt === 1) {
          w.tag(2, 0);
          w.varint(1);
        }
        if (rep) w.string(3, rep);
      }
      w.string(vt === 1 ? 5 : 4, lua.lua_tolstring(L, -1) as Uint8Array);
      return;
    }
    case lua.LUA_TNUMBER: {
      if (vt === -1) vt = 3;
      else if (vt !== 2 && vt !== 3) throw new EncodeError(`invalid numeric value_type: ${vt}`);
      if (first) {
        w.tag(2, 0);
        w.varint(vt);
        if (rep) w.string(3, rep);
        if (first === 1) w.tag(vt === 2 ? 6 : 7, vt === 2 ? 0 : 1);
        else if (vt === 2) {
          w.tag(6, 2);
          packedAt = w.pos;
          w.varint(0); // the packed length, fixed once the values are written
        } else {
          w.tag(7, 2);
          w.varint(first * 8);
        }
      }
      const n = lua.lua_tonumber(L, -1);
      if (vt === 2) w.varint(toInt64(n) ?? 0n);
      else w.double(n);
      return;
    }
    case lua.LUA_TBOOLEAN: {
      if (vt !== -1 && vt !== 4) throw new EncodeError(`invalid boolean value_type: ${vt}`);
      if (first) {
        w.tag(2, 0);
        w.varint(4);
        if (rep) w.string(3, rep);
        if (first === 1) w.tag(8, 0);
        else {
          w.tag(8, 2);
          w.varint(first);
        }
      }
      w.bool(lua.lua_toboolean(L, -1));
      return;
    }
    case lua.LUA_TTABLE: {
      lua.lua_rawgeti(L, -1, 1);
      const at = lua.lua_type(L, -1);
      lua.lua_pop(L, 1);
      if (at === lua.LUA_TNIL) encodeFieldObject(L);
      else if (at === lua.LUA_TNUMBER || at === lua.LUA_TSTRING || at === lua.LUA_TBOOLEAN) {
        encodeFieldArray(L, at, rep, vt);
      } else {
        lua.lua_rawgeti(L, -1, 1);
        const name = typename(L, -1);
        lua.lua_pop(L, 1);
        throw new EncodeError(`unsupported array type: ${name}`);
      }
      return;
    }
    case lua.LUA_TUSERDATA: {
      const out = userdataOutput(L, -1);
      if (out === undefined) throw new EncodeError('user data object does not implement lsb_output');
      if (first) {
        w.tag(2, 0);
        w.varint(1);
        if (rep) w.string(3, rep);
      }
      w.tag(5, 2);
      const at = w.pos;
      w.varint(0);
      w.raw(out);
      w.fixLength(at);
      return;
    }
    default:
      throw new EncodeError(`unsupported type: ${typename(L, -1)}`);
  }
}

/** Where the length of the packed integers being written goes. */
let packedAt = -1;

function encodeFieldArray(L: LuaState, t: number, rep: Uint8Array | undefined, vt: number): void {
  let first = lua.lua_rawlen(L, -1);
  const packed = first > 1 && vt === 2;
  packedAt = -1;
  forEachEntry(L, () => {
    if (lua.lua_type(L, -1) !== t) throw new EncodeError('array has mixed types');
    encodeFieldValue(L, first, rep, vt);
    first = 0;
  });
  if (packed && packedAt >= 0) w.fixLength(packedAt);
}
