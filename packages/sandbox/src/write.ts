/**
 * write_message (decoders and encoders) with Heka's rules: header values by type, field values by Lua
 * type into new or same-typed fields, array extension by one, deletion with nil.
 */
import { Field, type Message } from '@heka/core';
import { type LuaJsFunction, lauxlib, lua } from './fengari.js';
import { toInt64 } from './numbers.js';
import type { LuaSandbox } from './sandbox.js';
import { bytesAt, text } from './strings.js';
import { parseGoInt, parseTimestampText } from './time.js';
import { HEADER_NAMES, optIndex, V_FIELD, V_RAW, V_UNKNOWN, variableAt } from './variables.js';

type Scalar = string | number | boolean;

function setField(m: Message, name: string, value: Scalar, rep: string, fi: number, ai: number): boolean {
  const all = m.fields;
  // The fi-th field of that name; `seen` ends as their number when there is none.
  let seen = 0;
  let at = -1;
  for (let i = 0; i < all.length; i++) {
    if ((all[i] as Field).name !== name) continue;
    if (seen === fi) {
      at = i;
      break;
    }
    seen++;
  }
  if (at < 0) {
    if (fi !== seen || ai !== 0) return false; // bad field index, bad array index
    const type = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'double' : 'bool';
    m.addField(new Field(name, type, rep, [value]));
    return true;
  }
  const f = all[at] as Field;
  // A Lua value can only go into a field of its own type (never an integer or bytes field).
  const ok =
    (f.valueType === 'string' && typeof value === 'string') ||
    (f.valueType === 'double' && typeof value === 'number') ||
    (f.valueType === 'bool' && typeof value === 'boolean');
  if (!ok || ai > f.value.length) return false;
  const values = f.value.slice();
  values[ai] = value;
  const list = all.slice();
  list[at] = new Field(name, f.valueType, rep, values);
  m.fields = list;
  return true;
}

function deleteField(m: Message, name: string, fi: number, ai: number, hasAi: boolean): boolean {
  const all = m.fields;
  const same: number[] = [];
  for (let i = 0; i < all.length; i++) if ((all[i] as Field).name === name) same.push(i);
  if (same.length === 0) return true; // nothing to delete
  if (fi > same.length - 1) return false;
  const at = same[fi] as number;
  const list = all.slice();
  if (hasAi) {
    const f = all[at] as Field;
    if (ai > f.value.length - 1) return false;
    const values = f.value.slice();
    values.splice(ai, 1);
    list[at] = new Field(f.name, f.valueType, f.representation, values);
  } else {
    list.splice(at, 1);
  }
  m.fields = list;
  return true;
}

function writeHeader(m: Message, name: string, value: Scalar): boolean {
  if (typeof value === 'boolean') return false;
  if (typeof value === 'number') {
    if (name === 'Severity' || name === 'Pid') {
      m[name === 'Severity' ? 'severity' : 'pid'] = Number(BigInt.asIntN(32, toInt64(value) ?? 0n));
      return true;
    }
    if (name === 'Timestamp') {
      m.timestamp = toInt64(value) ?? 0n;
      return true;
    }
    return false;
  }
  switch (name) {
    case 'Type':
      m.type = value;
      return true;
    case 'Logger':
      m.logger = value;
      return true;
    case 'Payload':
      m.payload = value;
      return true;
    case 'EnvVersion':
      m.envVersion = value;
      return true;
    case 'Hostname':
      m.hostname = value;
      return true;
    case 'Uuid': {
      const u = /^(?:urn:uuid:)?([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/.exec(
        value,
      );
      if (!u) return false;
      m.uuid = u[1] as string;
      return true;
    }
    case 'Timestamp': {
      const ts = parseTimestampText(value);
      if (ts === undefined) return false;
      m.timestamp = ts;
      return true;
    }
    case 'Severity':
    case 'Pid': {
      const v = parseGoInt(value, 32);
      if (v === undefined) return false;
      m[name === 'Severity' ? 'severity' : 'pid'] = Number(v);
      return true;
    }
    default:
      return false;
  }
}

export function writeMessage(sb: LuaSandbox): LuaJsFunction {
  return (L) => {
    const n = lua.lua_gettop(L);
    if (n < 2 || n > 5) lauxlib.luaL_error(L, 'write_message() incorrect number of arguments');
    if (lua.lua_type(L, 1) !== lua.LUA_TSTRING) lauxlib.luaL_checkstring(L, 1);
    const v = variableAt(L, 1);
    const type = lua.lua_type(L, 2);
    const rep = n < 3 || lua.lua_isnoneornil(L, 3) ? '' : text(lauxlib.luaL_checkstring(L, 3));
    const fi = optIndex(L, 4, n);
    if (fi < 0) lauxlib.luaL_argerror(L, 4, 'field index must be >= 0');
    const ai = optIndex(L, 5, n);
    if (ai < 0) lauxlib.luaL_argerror(L, 5, 'array index must be >= 0');
    const hasAi = n >= 5 && !lua.lua_isnoneornil(L, 5);
    let value: Scalar | null;
    if (type === lua.LUA_TBOOLEAN) value = lua.lua_toboolean(L, 2);
    else if (type === lua.LUA_TNUMBER) value = lua.lua_tonumber(L, 2);
    else if (type === lua.LUA_TSTRING) value = text(bytesAt(L, 2) as Uint8Array);
    else if (type === lua.LUA_TNIL) value = null;
    else {
      return lauxlib.luaL_error(
        L,
        'write_message() only accepts numeric, string, or boolean field values, or nil to delete',
      );
    }
    const m = sb.writableMessage();
    let ok = false;
    if (m !== undefined) {
      if (v.kind === V_FIELD) {
        ok = value === null ? deleteField(m, v.field, fi, ai, hasAi) : setField(m, v.field, value, rep, fi, ai);
      } else if (value !== null && v.kind !== V_UNKNOWN && v.kind !== V_RAW) {
        try {
          ok = writeHeader(m, HEADER_NAMES[v.kind] as string, value);
        } catch {
          ok = false;
        }
      }
    }
    if (!ok) lauxlib.luaL_error(L, 'write_message() failed');
    return 0;
  };
}
