/**
 * decode_message: a Heka protobuf message to a Lua table, as lua_sandbox's parser built it
 * (lsb_deserialize_protobuf.c), including its error texts.
 */
import { type LuaState, lauxlib, lua } from './fengari.js';

class DecodeFailure extends Error {}

/**
 * Pushes the Lua table for a Heka protobuf message (decode_message). Raises lua_sandbox's errors.
 * Returns an estimate of the bytes the table holds (for memory accounting).
 */
export function pushDecodedMessage(L: LuaState, bytes: Uint8Array): number {
  if (bytes.length < 20) lauxlib.luaL_error(L, 'invalid message, too short');
  let p = 0;
  let lp = 0;
  let tag = 0;
  let wire = 0;
  let hasUuid = false;
  let hasTimestamp = false;
  let fields = 0;
  let size = 56;
  const e = bytes.length;
  const top = lua.lua_gettop(L);
  lua.lua_createtable(L, 0, 10);
  const msg = lua.lua_gettop(L);
  try {
    while (p < e) {
      const key = bytes[p++] as number;
      tag = key >> 3;
      wire = key & 7;
      switch (tag) {
        case 1: {
          const r = readString(bytes, p, e, wire);
          if (r.end - lp !== 18) throw new DecodeFailure();
          pushSlice(L, bytes, r.start, r.end);
          lua.lua_setfield(L, msg, 'Uuid');
          hasUuid = true;
          p = r.end;
          break;
        }
        case 2:
        case 5:
        case 8: {
          if (wire !== 0) throw new DecodeFailure();
          const v = readVarint(bytes, p, e);
          lua.lua_pushnumber(L, Number(BigInt.asIntN(64, v.value)));
          lua.lua_setfield(L, msg, tag === 2 ? 'Timestamp' : tag === 5 ? 'Severity' : 'Pid');
          if (tag === 2) hasTimestamp = true;
          p = v.end;
          break;
        }
        case 3:
        case 4:
        case 6:
        case 7:
        case 9: {
          const r = readString(bytes, p, e, wire);
          pushSlice(L, bytes, r.start, r.end);
          lua.lua_setfield(L, msg, HEADER_NAMES[tag] as string);
          size += 25 + r.end - r.start;
          p = r.end;
          break;
        }
        case 10: {
          if (wire !== 2) throw new DecodeFailure();
          if (fields === 0) lua.lua_createtable(L, 4, 0);
          const r = pushField(L, bytes, p, e);
          lua.lua_rawseti(L, msg + 1, ++fields);
          size += r.size;
          p = r.end;
          break;
        }
        default:
          throw new DecodeFailure();
      }
      lp = p;
    }
  } catch (err) {
    if (!(err instanceof DecodeFailure)) throw err;
    lua.lua_settop(L, top);
    lauxlib.luaL_error(L, '%s', `error in tag: ${tag} wiretype: ${wire} offset: ${lp}`);
  }
  if (!(hasUuid && hasTimestamp)) {
    lua.lua_settop(L, top);
    lauxlib.luaL_error(
      L,
      `missing required field uuid: ${hasUuid ? 'found' : 'not found'} timestamp: ${hasTimestamp ? 'found' : 'not found'}`,
    );
  }
  if (fields) lua.lua_setfield(L, msg, 'Fields');
  return size;
}

const HEADER_NAMES = ['', '', '', 'Type', 'Logger', '', 'Payload', 'EnvVersion', '', 'Hostname'];

function pushSlice(L: LuaState, b: Uint8Array, start: number, end: number): void {
  lua.lua_pushlstring(L, b.subarray(start, end), end - start);
}

function readVarint(b: Uint8Array, p: number, e: number): { value: bigint; end: number } {
  let v = 0n;
  for (let i = 0; i < 10; i++) {
    if (p + i >= e) throw new DecodeFailure();
    const c = b[p + i] as number;
    v |= BigInt(c & 0x7f) << BigInt(7 * i);
    if ((c & 0x80) === 0) return { value: BigInt.asUintN(64, v), end: p + i + 1 };
  }
  throw new DecodeFailure();
}

function readString(b: Uint8Array, p: number, e: number, wire: number): { start: number; end: number } {
  if (wire !== 2) throw new DecodeFailure();
  const len = readVarint(b, p, e);
  const start = len.end;
  const end = start + Number(len.value);
  if (end > e || len.value > BigInt(e)) throw new DecodeFailure();
  return { start, end };
}

/** Pushes one Field table {name, value_type, representation, value = {...}}. */
function pushField(L: LuaState, b: Uint8Array, p: number, e: number): { end: number; size: number } {
  const len = readVarint(b, p, e);
  p = len.end;
  const end = p + Number(len.value);
  if (end > e) throw new DecodeFailure();
  lua.lua_createtable(L, 0, 4);
  const field = lua.lua_gettop(L);
  lua.lua_createtable(L, 1, 0);
  const values = field + 1;
  let count = 0;
  let hasName = false;
  let size = 56 * 2;
  while (p < end) {
    const key = b[p++] as number;
    const tag = key >> 3;
    const wire = key & 7;
    switch (tag) {
      case 1:
      case 3: {
        const r = readString(b, p, end, wire);
        pushSlice(L, b, r.start, r.end);
        lua.lua_setfield(L, field, tag === 1 ? 'name' : 'representation');
        if (tag === 1) hasName = true;
        size += 25 + r.end - r.start;
        p = r.end;
        break;
      }
      case 2: {
        if (wire !== 0) throw new DecodeFailure();
        const v = readVarint(b, p, end);
        lua.lua_pushnumber(L, Number(BigInt.asIntN(64, v.value)));
        lua.lua_setfield(L, field, 'value_type');
        p = v.end;
        break;
      }
      case 4:
      case 5: {
        const r = readString(b, p, end, wire);
        pushSlice(L, b, r.start, r.end);
        lua.lua_rawseti(L, values, ++count);
        size += 41 + r.end - r.start;
        p = r.end;
        break;
      }
      case 6:
      case 8: {
        const push = (v: bigint): void => {
          if (tag === 6) lua.lua_pushnumber(L, Number(BigInt.asIntN(64, v)));
          else lua.lua_pushboolean(L, v !== 0n);
          lua.lua_rawseti(L, values, ++count);
          size += 16;
        };
        if (wire === 0) {
          const v = readVarint(b, p, end);
          push(v.value);
          p = v.end;
        } else if (wire === 2) {
          const r = readString(b, p, end, wire);
          for (let q = r.start; q < r.end; ) {
            const v = readVarint(b, q, r.end);
            push(v.value);
            q = v.end;
          }
          p = r.end;
        } else throw new DecodeFailure();
        break;
      }
      case 7: {
        const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        if (wire === 1) {
          if (p + 8 > end) throw new DecodeFailure();
          lua.lua_pushnumber(L, view.getFloat64(p, true));
          lua.lua_rawseti(L, values, ++count);
          size += 16;
          p += 8;
        } else if (wire === 2) {
          const r = readString(b, p, end, wire);
          if ((r.end - r.start) % 8 !== 0) throw new DecodeFailure();
          for (let q = r.start; q < r.end; q += 8) {
            lua.lua_pushnumber(L, view.getFloat64(q, true));
            lua.lua_rawseti(L, values, ++count);
            size += 16;
          }
          p = r.end;
        } else throw new DecodeFailure();
        break;
      }
      default:
        throw new DecodeFailure();
    }
  }
  lua.lua_setfield(L, field, 'value');
  if (!hasName) throw new DecodeFailure();
  return { end, size };
}
