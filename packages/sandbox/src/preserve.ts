/**
 * preserve_data: the sandbox's globals written as Lua source that rebuilds them, in lua_sandbox's format
 * (reference §5.5), and read back by running that source after the script has loaded:
 *
 *   if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= 0 then return end
 *   _G["count"] = 10
 *   _G["t"] = {}
 *   _G["t"][1] = "a"
 *   _G["alias"] = _G["t"]
 *
 * Strings are quoted like Lua 5.1's %q, numbers written as lua_sandbox wrote them (NaN and infinities as
 * 0/0, 1/0, -1/0). Skipped: functions, threads, light userdata, tables with a metatable, loaded modules,
 * _G itself, and userdata without a serializer. A userdata is written by the serializer a module package
 * registers for its metatable's `__name` (@heka/lua-modules' `luaSerializers`), or by an `lsb_serialize`
 * function in its metatable (or user-value table) called as `lsb_serialize(ud, "_G[...]")`; either gives
 * the Lua source that recreates it. A key that is not a number, string or boolean makes preservation fail
 * ("serialize_data cannot preserve type 'function'").
 */

import { forEachEntry } from './encode.js';
import { type LuaState, lauxlib, lua } from './fengari.js';
import { serializeNumber } from './numbers.js';
import { userdataMethod } from './output.js';
import type { LuaSerializer } from './require.js';

export class PreservationError extends Error {}

/** Lua 5.1's %q of a byte string, as a one-char-per-byte JS string. */
function quote(b: Uint8Array): string {
  let s = '"';
  for (const c of b) {
    if (c === 34 || c === 92 || c === 10) s += `\\${String.fromCharCode(c)}`;
    else if (c === 13) s += '\\r';
    else if (c === 0) s += '\\000';
    else s += String.fromCharCode(c);
  }
  return `${s}"`;
}

function binary(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 8192) s += String.fromCharCode(...b.subarray(i, i + 8192));
  return s;
}

function typename(L: LuaState, idx: number): string {
  return new TextDecoder().decode(lauxlib.luaL_typename(L, idx));
}

function data(L: LuaState, idx: number): string {
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TNUMBER:
      return serializeNumber(lua.lua_tonumber(L, idx));
    case lua.LUA_TSTRING:
      return quote(lua.lua_tolstring(L, idx) as Uint8Array);
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, idx) ? 'true' : 'false';
    default:
      throw new PreservationError(`serialize_data cannot preserve type '${typename(L, idx)}'`);
  }
}

/**
 * Serialises the globals (one-char-per-byte text, write it as latin1). Removes _PRESERVATION_VERSION
 * from the globals as lua_sandbox did (the state is about to be discarded).
 */
export function serializeGlobals(L: LuaState, serializers: ReadonlyMap<string, LuaSerializer> = new Map()): string {
  lua.lua_getglobal(L, '_PRESERVATION_VERSION');
  const t = lua.lua_type(L, -1);
  const version = t === lua.LUA_TNUMBER ? Math.trunc(lua.lua_tonumber(L, -1)) | 0 : 0;
  lua.lua_pop(L, 1);
  if (t !== lua.LUA_TNIL) {
    lua.lua_pushnil(L);
    lua.lua_setglobal(L, '_PRESERVATION_VERSION');
  }

  const skip = new Set<unknown>();
  lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, '_LOADED');
  if (lua.lua_istable(L, -1)) {
    lua.lua_pushnil(L);
    while (lua.lua_next(L, -2)) {
      if (lua.lua_istable(L, -1)) skip.add(lua.lua_topointer(L, -1));
      lua.lua_pop(L, 1);
    }
  }
  lua.lua_pop(L, 1);

  /** The registered serializer of the userdata at the top, by its metatable's __name. */
  const serializerFor = (L2: LuaState): LuaSerializer | undefined => {
    if (serializers.size === 0) return undefined;
    if (lauxlib.luaL_getmetafield(L2, -1, '__name') === lua.LUA_TNIL) return undefined;
    const name =
      lua.lua_type(L2, -1) === lua.LUA_TSTRING ? new TextDecoder().decode(lua.lua_tolstring(L2, -1) as Uint8Array) : '';
    lua.lua_pop(L2, 1);
    return serializers.get(name);
  };

  const parts: string[] = [`if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= ${version} then return end\n`];
  const seen = new Map<unknown, string>();
  lua.lua_pushglobaltable(L);
  const globals = lua.lua_topointer(L, -1);
  skip.add(globals);

  const walk = (parent: string): void => {
    lua.lua_checkstack(L, 6);
    forEachEntry(L, () => kvp(parent));
  };

  const kvp = (parent: string): void => {
    const vt = lua.lua_type(L, -1);
    switch (vt) {
      case lua.LUA_TTABLE:
        if (lua.lua_getmetatable(L, -1)) {
          lua.lua_pop(L, 1);
          return;
        }
        if (skip.has(lua.lua_topointer(L, -1))) return;
        break;
      case lua.LUA_TUSERDATA:
        if (serializerFor(L) === undefined) {
          if (!userdataMethod(L, -1, 'lsb_serialize')) return;
          lua.lua_pop(L, 1);
        }
        break;
      case lua.LUA_TNUMBER:
      case lua.LUA_TSTRING:
      case lua.LUA_TBOOLEAN:
        break;
      default:
        return;
    }
    const path = `${parent}[${data(L, -2)}]`;
    if (vt === lua.LUA_TTABLE || vt === lua.LUA_TUSERDATA) {
      const ptr = lua.lua_topointer(L, -1);
      const prior = seen.get(ptr);
      if (prior !== undefined) {
        parts.push(`${path} = ${prior}\n`);
        return;
      }
      seen.set(ptr, path);
      if (vt === lua.LUA_TTABLE) {
        parts.push(`${path} = {}\n`);
        walk(path);
        return;
      }
      const registered = serializerFor(L);
      if (registered !== undefined) {
        const source = registered(L, lua.lua_gettop(L), path);
        // One char per byte when every char fits a byte (the modules' convention), else UTF-8.
        const wide = [...source].some((c) => c.charCodeAt(0) > 0xff);
        parts.push(wide ? binary(new TextEncoder().encode(source)) : source);
        return;
      }
      userdataMethod(L, -1, 'lsb_serialize');
      lua.lua_pushvalue(L, -2);
      lua.lua_pushstring(L, path);
      lua.lua_call(L, 2, 1);
      if (lua.lua_type(L, -1) === lua.LUA_TSTRING) parts.push(binary(lua.lua_tolstring(L, -1) as Uint8Array));
      lua.lua_pop(L, 1);
      return;
    }
    parts.push(`${path} = ${data(L, -1)}\n`);
  };

  const top = lua.lua_gettop(L);
  try {
    walk('_G');
  } finally {
    lua.lua_settop(L, top - 1);
  }
  return parts.join('');
}
