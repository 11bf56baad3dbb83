/**
 * fengari, typed with the subset of its JS API (a port of Lua 5.3's C API) that @heka/lua-modules uses.
 * Lua strings are byte arrays (Uint8Array); a function Lua can call is `(L) => number of results`.
 * Loaded with require() and typed here rather than by an ambient `declare module 'fengari'`, so any
 * program that compiles these sources (the workspace's test type-check included) needs no declaration
 * of its own and cannot clash with another package's. The public types never mention these.
 */
import { createRequire } from 'node:module';

export interface LuaState {
  readonly __luaState: unique symbol;
}
export type LuaString = Uint8Array;
export type LuaJsFunction = (L: LuaState) => number;
type Str = LuaString | string;

export interface Lua {
  LUA_OK: number;
  LUA_TNONE: number;
  LUA_TNIL: number;
  LUA_TBOOLEAN: number;
  LUA_TLIGHTUSERDATA: number;
  LUA_TNUMBER: number;
  LUA_TSTRING: number;
  LUA_TTABLE: number;
  LUA_TFUNCTION: number;
  LUA_TUSERDATA: number;
  LUA_TTHREAD: number;
  LUA_MULTRET: number;
  LUA_REGISTRYINDEX: number;
  lua_absindex(L: LuaState, idx: number): number;
  lua_call(L: LuaState, nargs: number, nresults: number): void;
  lua_checkstack(L: LuaState, n: number): boolean;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  lua_error(L: LuaState): never;
  lua_getfield(L: LuaState, idx: number, k: Str): number;
  lua_getglobal(L: LuaState, name: Str): number;
  lua_getmetatable(L: LuaState, idx: number): boolean;
  lua_gettop(L: LuaState): number;
  lua_isinteger(L: LuaState, idx: number): boolean;
  lua_isnumber(L: LuaState, idx: number): boolean;
  lua_next(L: LuaState, idx: number): boolean;
  lua_pcall(L: LuaState, nargs: number, nresults: number, msgh: number): number;
  lua_pop(L: LuaState, n: number): void;
  lua_pushboolean(L: LuaState, b: boolean | number): void;
  lua_pushcfunction(L: LuaState, fn: LuaJsFunction): void;
  lua_pushinteger(L: LuaState, n: number): void;
  lua_pushlightuserdata(L: LuaState, p: unknown): void;
  lua_pushliteral(L: LuaState, s: string): LuaString;
  lua_pushnil(L: LuaState): void;
  lua_pushnumber(L: LuaState, n: number): void;
  lua_pushstring(L: LuaState, s: Str): LuaString;
  lua_pushvalue(L: LuaState, idx: number): void;
  lua_rawequal(L: LuaState, a: number, b: number): boolean;
  lua_rawget(L: LuaState, idx: number): number;
  lua_rawgeti(L: LuaState, idx: number, n: number): number;
  lua_rawset(L: LuaState, idx: number): void;
  lua_rawseti(L: LuaState, idx: number, n: number): void;
  lua_setfield(L: LuaState, idx: number, k: Str): void;
  lua_setglobal(L: LuaState, name: Str): void;
  lua_setmetatable(L: LuaState, idx: number): void;
  lua_settop(L: LuaState, idx: number): void;
  lua_toboolean(L: LuaState, idx: number): boolean;
  lua_tojsstring(L: LuaState, idx: number): string;
  lua_tolstring(L: LuaState, idx: number): LuaString | null;
  lua_tonumber(L: LuaState, idx: number): number;
  lua_tonumberx(L: LuaState, idx: number): number | false;
  lua_touserdata(L: LuaState, idx: number): unknown;
  lua_type(L: LuaState, idx: number): number;
  lua_typename(L: LuaState, t: number): LuaString;
  lua_newuserdata(L: LuaState, size: number): Record<string, unknown>;
}

export interface Lauxlib {
  LUA_LOADED_TABLE: LuaString;
  LUA_PRELOAD_TABLE: LuaString;
  luaL_argerror(L: LuaState, arg: number, extramsg: Str): never;
  luaL_checklstring(L: LuaState, arg: number): LuaString;
  luaL_checknumber(L: LuaState, arg: number): number;
  luaL_checkstack(L: LuaState, space: number, msg: Str | null): void;
  luaL_error(L: LuaState, fmt: Str, ...args: unknown[]): never;
  luaL_getmetafield(L: LuaState, obj: number, e: Str): number;
  luaL_getmetatable(L: LuaState, tname: Str): number;
  luaL_getsubtable(L: LuaState, idx: number, fname: Str): boolean;
  luaL_loadbuffer(L: LuaState, buff: LuaString, size: number, name: Str): number;
  luaL_newmetatable(L: LuaState, tname: Str): number;
  luaL_newstate(): LuaState;
  luaL_optnumber(L: LuaState, arg: number, def: number): number;
  luaL_testudata(L: LuaState, ud: number, tname: Str): Record<string, unknown> | null;
  luaL_checkudata(L: LuaState, ud: number, tname: Str): Record<string, unknown>;
  luaL_tolstring(L: LuaState, idx: number): LuaString;
}

export interface Lualib {
  luaL_openlibs(L: LuaState): void;
}

export interface Fengari {
  lua: Lua;
  lauxlib: Lauxlib;
  lualib: Lualib;
  to_luastring(s: string, cache?: boolean): LuaString;
  to_jsstring(s: LuaString, from?: number, to?: number, replacement_char?: boolean): string;
}

const fengari = createRequire(import.meta.url)('fengari') as Fengari;
export default fengari;
