/**
 * Test helpers: a real fengari state with the modules preloaded (package.preload, so scripts use the
 * ordinary `require`), code runners that return results as JS values, and error capture.
 */
import { expect } from 'vitest';
import fengari, { type LuaJsFunction, type LuaState } from '../src/fengari.js';
import { luaModules, outputNumber } from '../src/index.js';

export const { lua, lauxlib, lualib } = fengari;
export type { LuaState };

export interface SandboxConfig {
  output_limit?: number;
  memory_limit?: number;
}

/** A fresh state with the standard libraries, the modules preloaded and, optionally, `lsb_config`. */
export function newState(config?: SandboxConfig): LuaState {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  if (config) {
    lua.lua_createtable(L, 0, 2);
    for (const [k, v] of Object.entries(config)) {
      lua.lua_pushnumber(L, v);
      lua.lua_setfield(L, -2, k);
    }
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'lsb_config');
  }
  lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, lauxlib.LUA_PRELOAD_TABLE);
  for (const [name, open] of Object.entries(luaModules)) {
    lua.lua_pushcfunction(L, open as LuaJsFunction);
    lua.lua_setfield(L, -2, name);
  }
  lua.lua_pop(L, 1);
  return L;
}

export type JsValue = number | string | boolean | null | 'table' | 'userdata' | 'lightuserdata' | 'function';

/** Bytes as a JS string, one char per byte (byte-exact for binary results). */
export function bytesToString(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 4096) s += String.fromCharCode(...b.subarray(i, i + 4096));
  return s;
}

export function toJs(L: LuaState, idx: number): JsValue {
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TNUMBER:
      return lua.lua_tonumber(L, idx);
    case lua.LUA_TSTRING:
      return bytesToString(lua.lua_tolstring(L, idx) as Uint8Array);
    case lua.LUA_TBOOLEAN:
      return lua.lua_toboolean(L, idx);
    case lua.LUA_TNIL:
      return null;
    case lua.LUA_TTABLE:
      return 'table';
    case lua.LUA_TUSERDATA:
      return 'userdata';
    case lua.LUA_TLIGHTUSERDATA:
      return 'lightuserdata';
    default:
      return 'function';
  }
}

function load(L: LuaState, code: string): void {
  const src = new TextEncoder().encode(code);
  if (lauxlib.luaL_loadbuffer(L, src, src.length, '=test') !== lua.LUA_OK) {
    throw new Error(`syntax: ${lua.lua_tojsstring(L, -1)}`);
  }
}

/** Runs a chunk; returns what it returns (a Lua error fails with its message). */
export function run(L: LuaState, code: string): JsValue[] {
  const base = lua.lua_gettop(L);
  load(L, code);
  if (lua.lua_pcall(L, 0, lua.LUA_MULTRET, 0) !== lua.LUA_OK) {
    const msg = lua.lua_tojsstring(L, -1);
    lua.lua_settop(L, base);
    throw new Error(`lua error: ${msg}`);
  }
  const out: JsValue[] = [];
  for (let i = base + 1; i <= lua.lua_gettop(L); i++) out.push(toJs(L, i));
  lua.lua_settop(L, base);
  return out;
}

/** Runs a chunk that must raise an error; returns the error message. */
export function runError(L: LuaState, code: string): string {
  const base = lua.lua_gettop(L);
  load(L, code);
  const status = lua.lua_pcall(L, 0, 0, 0);
  expect(status, `expected an error from: ${code}`).not.toBe(lua.LUA_OK);
  const msg = lua.lua_type(L, -1) === lua.LUA_TSTRING ? lua.lua_tojsstring(L, -1) : String(toJs(L, -1));
  lua.lua_settop(L, base);
  return msg;
}

/** Runs a chunk in a fresh state with the given config; shorthand for one-off expressions. */
export function eval1(code: string, config?: SandboxConfig): JsValue {
  return run(newState(config), code)[0] as JsValue;
}

/** A Lua string literal for a JS string of chars < 256 (every byte as a \\ddd escape). */
export function luaLiteral(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) out += `\\${s.charCodeAt(i).toString().padStart(3, '0')}`;
  return `${out}"`;
}

/**
 * What the sandbox's add_to_payload(ud) writes: runs `code` (which returns a userdata), then calls the
 * userdata's `__output` metatable function as the sandbox does. Undefined when there is none.
 */
export function outputOf(L: LuaState, code: string): string | undefined {
  const base = lua.lua_gettop(L);
  load(L, code);
  if (lua.lua_pcall(L, 0, 1, 0) !== lua.LUA_OK) throw new Error(`lua error: ${lua.lua_tojsstring(L, -1)}`);
  try {
    if (lauxlib.luaL_getmetafield(L, -1, '__output') === lua.LUA_TNIL) return undefined;
    lua.lua_pushvalue(L, -2);
    if (lua.lua_pcall(L, 1, 1, 0) !== lua.LUA_OK) throw new Error(`output error: ${lua.lua_tojsstring(L, -1)}`);
    return bytesToString(lua.lua_tolstring(L, -1) as Uint8Array);
  } finally {
    lua.lua_settop(L, base);
  }
}

/**
 * Installs lua_sandbox's test function `write_output(...)`: each call replaces the written text with
 * its arguments (userdata through their `__output` hook, numbers as lua_sandbox printed them, other
 * values as text). Returns a getter.
 */
export function installWriteOutput(L: LuaState): () => string {
  let written = '';
  const fn: LuaJsFunction = (l) => {
    let s = '';
    for (let i = 1; i <= lua.lua_gettop(l); i++) {
      if (lua.lua_type(l, i) === lua.LUA_TUSERDATA) {
        if (lauxlib.luaL_getmetafield(l, i, '__output') === lua.LUA_TNIL) {
          return lauxlib.luaL_argerror(l, i, 'unknown userdata type');
        }
        lua.lua_pushvalue(l, i);
        lua.lua_call(l, 1, 1);
        s += bytesToString(lua.lua_tolstring(l, -1) as Uint8Array);
        lua.lua_pop(l, 1);
      } else if (lua.lua_type(l, i) === lua.LUA_TNUMBER) {
        s += outputNumber(lua.lua_tonumber(l, i));
      } else {
        s += bytesToString(lauxlib.luaL_tolstring(l, i));
        lua.lua_pop(l, 1);
      }
    }
    written = s;
    return 0;
  };
  lua.lua_pushcfunction(L, fn);
  lua.lua_setglobal(L, 'write_output');
  return () => written;
}
