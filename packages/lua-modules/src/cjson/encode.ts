/**
 * cjson.encode as lua_sandbox built lua-cjson: "%.14g" numbers (encode_number_precision), the escape
 * table of lua-cjson (\/ and \u007f included), arrays detected from positive integer keys, the sparse
 * array rules, and the output buffer bounded by the sandbox's output_limit with lua-cjson's exact
 * reservation points (a string reserves len*6+2 bytes, a number 32), so "strbuf output_limit exceeded"
 * is raised where lua_sandbox raised it.
 */
import { ByteBuilder } from '../bytes.js';
import { formatG } from '../cformat.js';
import { type LuaState, lua, luaError } from '../lua.js';
import type { JsonConfig } from './config.js';

const FMT_BUFSIZE = 32;

const ESCAPES: (string | null)[] = new Array(256).fill(null);
for (let c = 0; c < 32; c++) ESCAPES[c] = `\\u${c.toString(16).padStart(4, '0')}`;
ESCAPES[8] = '\\b';
ESCAPES[9] = '\\t';
ESCAPES[10] = '\\n';
ESCAPES[12] = '\\f';
ESCAPES[13] = '\\r';
ESCAPES[0x22] = '\\"';
ESCAPES[0x2f] = '\\/';
ESCAPES[0x5c] = '\\\\';
ESCAPES[0x7f] = '\\u007f';

/** lua-cjson's strbuf with lua_sandbox's max_size (0 = unlimited). */
class JsonBuffer extends ByteBuilder {
  L: LuaState | null = null;
  maxSize = 0;

  /** strbuf_ensure_empty_length: fails when length + n + 1 would pass max_size. */
  ensure(n: number): void {
    if (this.maxSize > 0 && this.length + n + 1 > this.maxSize) {
      luaError(this.L as LuaState, 'strbuf output_limit exceeded');
    }
  }
}

function typeName(L: LuaState, idx: number): string {
  const t = lua.lua_type(L, idx);
  if (t === lua.LUA_TLIGHTUSERDATA) return 'userdata';
  return String.fromCharCode(...lua.lua_typename(L, t));
}

function encodeError(L: LuaState, idx: number, reason: string): never {
  return luaError(L, `Cannot serialise ${typeName(L, idx)}: ${reason}`);
}

function appendString(L: LuaState, out: JsonBuffer, idx: number): void {
  const s = lua.lua_tolstring(L, idx) as Uint8Array;
  out.ensure(s.length * 6 + 2);
  out.byte(0x22);
  let run = 0;
  for (let i = 0; i < s.length; i++) {
    const esc = ESCAPES[s[i] as number];
    if (esc === null || esc === undefined) continue;
    if (run < i) out.bytes(s, run, i);
    out.ascii(esc);
    run = i + 1;
  }
  if (run < s.length) out.bytes(s, run, s.length);
  out.byte(0x22);
}

function appendNumber(L: LuaState, cfg: JsonConfig, out: JsonBuffer, idx: number): void {
  const num = lua.lua_tonumber(L, idx);
  if (!Number.isFinite(num)) {
    if (cfg.encodeInvalidNumbers === 0) encodeError(L, idx, 'must not be NaN or Infinity');
    let text = 'null';
    if (cfg.encodeInvalidNumbers === 1) text = Number.isNaN(num) ? 'NaN' : num < 0 ? '-Infinity' : 'Infinity';
    out.ensure(text.length);
    out.ascii(text);
    return;
  }
  out.ensure(FMT_BUFSIZE);
  const p = cfg.encodeNumberPrecision;
  if (Number.isSafeInteger(num) && Math.abs(num) < 10 ** p && !Object.is(num, -0)) out.ascii(String(num));
  else out.ascii(formatG(num, p));
}

/** lua_array_length: the largest positive integer key, or -1 when the table is an object. */
function arrayLength(L: LuaState, cfg: JsonConfig): number {
  let max = 0;
  let items = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    if (lua.lua_type(L, -2) === lua.LUA_TNUMBER) {
      const k = lua.lua_tonumber(L, -2);
      if (k !== 0 && Math.floor(k) === k && k >= 1) {
        if (k > max) max = k > 2147483647 ? -2147483648 : k;
        items++;
        lua.lua_pop(L, 1);
        continue;
      }
    }
    lua.lua_pop(L, 2);
    return -1;
  }
  if (cfg.encodeSparseRatio > 0 && max > items * cfg.encodeSparseRatio && max > cfg.encodeSparseSafe) {
    if (!cfg.encodeSparseConvert) encodeError(L, -1, 'excessively sparse array');
    return -1;
  }
  return max;
}

function appendData(L: LuaState, cfg: JsonConfig, depth: number, out: JsonBuffer): void {
  switch (lua.lua_type(L, -1)) {
    case lua.LUA_TSTRING:
      appendString(L, out, -1);
      return;
    case lua.LUA_TNUMBER:
      appendNumber(L, cfg, out, -1);
      return;
    case lua.LUA_TBOOLEAN: {
      const text = lua.lua_toboolean(L, -1) ? 'true' : 'false';
      out.ensure(text.length);
      out.ascii(text);
      return;
    }
    case lua.LUA_TTABLE: {
      const d = depth + 1;
      if (d > cfg.encodeMaxDepth || !lua.lua_checkstack(L, 3)) {
        luaError(L, `Cannot serialise, excessive nesting (${d})`);
      }
      const len = arrayLength(L, cfg);
      if (len > 0) appendArray(L, cfg, d, out, len);
      else appendObject(L, cfg, d, out);
      return;
    }
    case lua.LUA_TNIL:
      out.ensure(4);
      out.ascii('null');
      return;
    case lua.LUA_TLIGHTUSERDATA:
      if (lua.lua_touserdata(L, -1) === null) {
        out.ensure(4);
        out.ascii('null');
        return;
      }
      encodeError(L, -1, 'type not supported');
      return;
    default:
      encodeError(L, -1, 'type not supported');
  }
}

function appendArray(L: LuaState, cfg: JsonConfig, depth: number, out: JsonBuffer, length: number): void {
  out.ensure(1);
  out.byte(0x5b);
  for (let i = 1; i <= length; i++) {
    if (i > 1) {
      out.ensure(1);
      out.byte(0x2c);
    }
    lua.lua_rawgeti(L, -1, i);
    appendData(L, cfg, depth, out);
    lua.lua_pop(L, 1);
  }
  out.ensure(1);
  out.byte(0x5d);
}

function isPositiveInteger(L: LuaState, idx: number): boolean {
  if (lua.lua_type(L, idx) !== lua.LUA_TNUMBER) return false;
  const k = lua.lua_tonumber(L, idx);
  return Number.isInteger(k) && k >= 1;
}

/** Writes the key (at -2) and value (at -1) of one member. */
function appendMember(L: LuaState, cfg: JsonConfig, depth: number, out: JsonBuffer, comma: boolean): void {
  if (comma) {
    out.ensure(1);
    out.byte(0x2c);
  }
  const keyType = lua.lua_type(L, -2);
  if (keyType === lua.LUA_TNUMBER) {
    out.ensure(1);
    out.byte(0x22);
    appendNumber(L, cfg, out, -2);
    out.ensure(2);
    out.ascii('":');
  } else if (keyType === lua.LUA_TSTRING) {
    appendString(L, out, -2);
    out.ensure(1);
    out.byte(0x3a);
  } else {
    encodeError(L, -2, 'table key must be a number or string');
  }
  appendData(L, cfg, depth, out);
}

/**
 * An object. Lua 5.1 visited a table's array part (keys 1..n, ascending) before its hash part;
 * fengari keeps one insertion-ordered map, so positive integer keys are written first, ascending,
 * then the other keys in fengari's table order.
 */
function appendObject(L: LuaState, cfg: JsonConfig, depth: number, out: JsonBuffer): void {
  out.ensure(1);
  out.byte(0x7b);
  const ints: number[] = [];
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    if (isPositiveInteger(L, -2)) ints.push(lua.lua_tonumber(L, -2));
    lua.lua_pop(L, 1);
  }
  ints.sort((a, b) => a - b);
  let comma = false;
  for (const k of ints) {
    lua.lua_pushnumber(L, k);
    lua.lua_pushvalue(L, -1);
    lua.lua_rawget(L, -3);
    appendMember(L, cfg, depth, out, comma);
    comma = true;
    lua.lua_pop(L, 2);
  }
  lua.lua_pushnil(L);
  while (lua.lua_next(L, -2)) {
    if (!isPositiveInteger(L, -2)) {
      appendMember(L, cfg, depth, out, comma);
      comma = true;
    }
    lua.lua_pop(L, 1);
  }
  out.ensure(1);
  out.byte(0x7d);
}

let shared: JsonBuffer | null = null;

/**
 * Encodes the value on top of the stack; `maxSize` is the sandbox's output_limit (0 = unlimited). The
 * result is a view into a buffer reused by the next call (lua-cjson kept its buffer too): copy it.
 */
export function encode(L: LuaState, cfg: JsonConfig, maxSize: number): Uint8Array {
  // a nested encode (a __index metamethod cannot run here, but be safe) gets a buffer of its own
  const out = shared ?? new JsonBuffer(1024);
  shared = null;
  out.L = L;
  out.maxSize = maxSize;
  out.length = 0;
  try {
    appendData(L, cfg, 0, out);
    return out.buf.subarray(0, out.length);
  } finally {
    out.L = null;
    if (out.buf.length <= 1 << 20) shared = out;
  }
}
