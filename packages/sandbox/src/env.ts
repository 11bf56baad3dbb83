/**
 * The Lua environment of a sandbox, as lua_sandbox 0.x (Lua 5.1) built it for Heka:
 *
 * - decoders, filters, encoders: base library without collectgarbage, coroutine, dofile, load,
 *   loadfile, loadstring, newproxy, print; os without getenv, execute, exit, remove, rename, setlocale,
 *   tmpname; `require "io"` fails with "module 'io' disabled".
 * - inputs, outputs: only dofile, load, loadfile, loadstring, print and os.exit, os.setlocale removed;
 *   io and coroutine available.
 *
 * string, table, math and os (and io for inputs and outputs) are globals from the start; in Heka a
 * script had to `require` them first (it still may: require returns the same tables).
 *
 * fengari is Lua 5.3: the 5.1 names Heka scripts use are provided (unpack, setfenv, getfenv, module,
 * gcinfo, newproxy, table.getn/maxn/foreach/foreachi/setn, math.pow/mod/log10/ldexp/frexp/atan2/
 * cosh/sinh/tanh, string.gfind) and the 5.3-only ones are removed, so a script sees the same names it
 * saw in Heka. tostring, tonumber, string.format and math.floor/ceil/random follow 5.1's number rules.
 */

import { baseCompat, collectgarbage, mathCompat, newproxy, tableCompat } from './compat.js';
import { type LuaJsFunction, type LuaState, lauxlib, lua, lualib } from './fengari.js';
import { luaFormat } from './format.js';
import { openIo } from './io.js';
import { installFastPatterns } from './lua-pattern.js';
import { installOs } from './os.js';
import type { LuaSandbox } from './sandbox.js';
import { wrapStringLibrary, wrapTableLibrary } from './wrappers.js';

export type SandboxKind = 'input' | 'decoder' | 'filter' | 'encoder' | 'output';

export function isIoKind(kind: SandboxKind): boolean {
  return kind === 'input' || kind === 'output';
}

function setfuncs(L: LuaState, funcs: Record<string, LuaJsFunction>): void {
  for (const [name, fn] of Object.entries(funcs)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, name);
  }
}

function remove(L: LuaState, names: readonly string[]): void {
  for (const name of names) {
    lua.lua_pushnil(L);
    lua.lua_setfield(L, -2, name);
  }
}

/** Opens a standard library as a global and a loaded module; leaves its table on the stack. */
function open(L: LuaState, name: string, opener: LuaJsFunction): void {
  lauxlib.luaL_requiref(L, name, opener, 1);
}

function copyField(L: LuaState, from: string, to: string): void {
  lua.lua_getfield(L, -1, from);
  lua.lua_setfield(L, -2, to);
}

export function buildEnvironment(sb: LuaSandbox): void {
  const L = sb.L;
  const io = isIoKind(sb.kind);

  // Base library.
  open(L, '_G', lualib.luaopen_base);
  remove(L, ['dofile', 'load', 'loadfile', 'print', 'rawlen']);
  if (!io) remove(L, ['collectgarbage']);
  lua.lua_pushliteral(L, 'Lua 5.1');
  lua.lua_setfield(L, -2, '_VERSION');
  setfuncs(L, baseCompat(sb));
  if (io) setfuncs(L, { collectgarbage: collectgarbage(sb), newproxy });
  // An empty `package`, as lua_sandbox left it (no loaders, no loadlib); a loaded module, so never preserved.
  lua.lua_newtable(L);
  lua.lua_pushvalue(L, -1);
  lua.lua_setfield(L, -3, 'package');
  lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, '_LOADED');
  lua.lua_insert(L, -2);
  lua.lua_setfield(L, -2, 'package');
  lua.lua_pop(L, 2);

  if (io) {
    open(L, 'coroutine', lualib.luaopen_coroutine);
    remove(L, ['isyieldable']);
    lua.lua_pop(L, 1);
    open(L, 'io', openIo);
    lua.lua_pop(L, 1);
  }

  // string
  open(L, 'string', lualib.luaopen_string);
  remove(L, ['pack', 'packsize', 'unpack']);
  lua.lua_pushcfunction(L, luaFormat);
  lua.lua_setfield(L, -2, 'format');
  installFastPatterns(L);
  copyField(L, 'gmatch', 'gfind');
  wrapStringLibrary(L, sb.memory);
  lua.lua_pop(L, 1);

  // table
  open(L, 'table', lualib.luaopen_table);
  lua.lua_getfield(L, -1, 'unpack');
  lua.lua_setglobal(L, 'unpack');
  remove(L, ['move', 'pack', 'unpack']);
  setfuncs(L, tableCompat);
  wrapTableLibrary(L, sb.memory);
  lua.lua_pop(L, 1);

  // math
  open(L, 'math', lualib.luaopen_math);
  remove(L, ['tointeger', 'ult', 'type', 'maxinteger', 'mininteger']);
  setfuncs(L, mathCompat());
  lua.lua_pop(L, 1);

  // os
  open(L, 'os', lualib.luaopen_os);
  installOs(L, io);
  lua.lua_pop(L, 1);
}

/**
 * The registry's `lsb_config` table, as lua_sandbox kept its configuration there: modules read their
 * limits from it (cjson.encode its output_limit, userdata constructors memory_limit).
 */
export function setConfigTable(L: LuaState, memoryLimit: number, instructionLimit: number, outputLimit: number): void {
  lua.lua_createtable(L, 0, 3);
  for (const [k, v] of [
    ['memory_limit', memoryLimit],
    ['instruction_limit', instructionLimit],
    ['output_limit', outputLimit],
  ] as const) {
    lua.lua_pushnumber(L, v);
    lua.lua_setfield(L, -2, k);
  }
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, 'lsb_config');
}
