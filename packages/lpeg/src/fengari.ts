/**
 * Typed access to the parts of fengari's C-like API (Lua 5.3 in JS) that LPeg uses. Loaded with
 * `createRequire` so that this package needs no ambient `declare module 'fengari'` (other packages keep
 * their own declarations). Lua strings are byte arrays (Uint8Array); a JS function callable from Lua is
 * `(L) => number of results`.
 */
import { createRequire } from 'node:module';

/** A fengari lua_State (opaque here). */
export interface LuaState {
  readonly __luaState: unique symbol;
}
export type LuaFn = (L: LuaState) => number;
type Str = Uint8Array | string;

export interface LuaApi {
  LUA_TNONE: number;
  LUA_TNIL: number;
  LUA_TBOOLEAN: number;
  LUA_TLIGHTUSERDATA: number;
  LUA_TNUMBER: number;
  LUA_TSTRING: number;
  LUA_TTABLE: number;
  LUA_TFUNCTION: number;
  LUA_TUSERDATA: number;
  LUA_MULTRET: number;
  LUA_REGISTRYINDEX: number;
  LUA_OPEQ: number;
  lua_absindex(L: LuaState, idx: number): number;
  lua_call(L: LuaState, nargs: number, nresults: number): void;
  lua_checkstack(L: LuaState, n: number): boolean;
  lua_compare(L: LuaState, a: number, b: number, op: number): boolean;
  lua_createtable(L: LuaState, narr: number, nrec: number): void;
  lua_error(L: LuaState): never;
  lua_getfield(L: LuaState, idx: number, k: Str): number;
  lua_getmetatable(L: LuaState, idx: number): boolean;
  lua_gettable(L: LuaState, idx: number): number;
  lua_gettop(L: LuaState): number;
  lua_getuservalue(L: LuaState, idx: number): number;
  lua_insert(L: LuaState, idx: number): void;
  lua_isinteger(L: LuaState, idx: number): boolean;
  lua_isnoneornil(L: LuaState, idx: number): boolean;
  lua_isstring(L: LuaState, idx: number): boolean;
  lua_newtable(L: LuaState): void;
  lua_newuserdata(L: LuaState, size: number): Record<PropertyKey, unknown>;
  lua_next(L: LuaState, idx: number): boolean;
  lua_pop(L: LuaState, n: number): void;
  lua_pushboolean(L: LuaState, b: boolean): void;
  lua_pushinteger(L: LuaState, n: number): void;
  lua_pushjsfunction(L: LuaState, f: LuaFn): void;
  lua_pushlightuserdata(L: LuaState, p: object): void;
  lua_pushliteral(L: LuaState, s: string): Uint8Array;
  lua_pushlstring(L: LuaState, s: Uint8Array, len: number): void;
  lua_pushnil(L: LuaState): void;
  lua_pushnumber(L: LuaState, n: number): void;
  lua_pushstring(L: LuaState, s: Str): Uint8Array;
  lua_pushvalue(L: LuaState, idx: number): void;
  lua_rawequal(L: LuaState, a: number, b: number): boolean;
  lua_rawget(L: LuaState, idx: number): number;
  lua_rawgeti(L: LuaState, idx: number, n: number): number;
  lua_rawgetp(L: LuaState, idx: number, p: object): number;
  lua_rawlen(L: LuaState, idx: number): number;
  lua_rawset(L: LuaState, idx: number): void;
  lua_rawseti(L: LuaState, idx: number, n: number): void;
  lua_rawsetp(L: LuaState, idx: number, p: object): void;
  lua_remove(L: LuaState, idx: number): void;
  lua_replace(L: LuaState, idx: number): void;
  lua_setfield(L: LuaState, idx: number, k: Str): void;
  lua_setmetatable(L: LuaState, idx: number): void;
  lua_settable(L: LuaState, idx: number): void;
  lua_stringtonumber(L: LuaState, s: Uint8Array): number;
  lua_tocfunction(L: LuaState, idx: number): unknown;
  lua_topointer(L: LuaState, idx: number): unknown;
  lua_settop(L: LuaState, idx: number): void;
  lua_setuservalue(L: LuaState, idx: number): void;
  lua_toboolean(L: LuaState, idx: number): boolean;
  lua_tointegerx(L: LuaState, idx: number): number | false;
  lua_tolstring(L: LuaState, idx: number): Uint8Array | null;
  lua_tonumberx(L: LuaState, idx: number): number | false;
  lua_touserdata(L: LuaState, idx: number): unknown;
  lua_type(L: LuaState, idx: number): number;
}

export interface LauxApi {
  luaL_argerror(L: LuaState, arg: number, msg: Str): never;
  luaL_checkany(L: LuaState, arg: number): void;
  luaL_checkinteger(L: LuaState, arg: number): number;
  luaL_checklstring(L: LuaState, arg: number): Uint8Array;
  luaL_checkstack(L: LuaState, n: number, msg: Str | null): void;
  luaL_checktype(L: LuaState, arg: number, t: number): void;
  luaL_checkudata(L: LuaState, arg: number, tname: Str): unknown;
  luaL_error(L: LuaState, fmt: Str, ...args: unknown[]): never;
  luaL_getmetatable(L: LuaState, tname: Str): number;
  luaL_newmetatable(L: LuaState, tname: Str): number;
  luaL_newstate(): LuaState;
  luaL_setfuncs(L: LuaState, l: Record<string, LuaFn>, nup: number): void;
  luaL_typename(L: LuaState, idx: number): Uint8Array;
}

interface FengariModule {
  lua: LuaApi;
  lauxlib: LauxApi;
  lualib: { luaopen_base(L: LuaState): number };
  to_luastring(s: string, cache?: boolean): Uint8Array;
  to_jsstring(s: Uint8Array): string;
}

const require = createRequire(import.meta.url);
const fengari = require('fengari') as FengariModule;

export const lua: LuaApi = fengari.lua;
export const lauxlib: LauxApi = fengari.lauxlib;
/** A constant Lua string (converted once and cached by fengari). */
export const toLuaString: (s: string) => Uint8Array = (s) => fengari.to_luastring(s, true);
/** A Lua string for dynamic text (not cached). */
export const bytes: (s: string) => Uint8Array = (s) => fengari.to_luastring(s);
export const toJsString: (s: Uint8Array) => string = fengari.to_jsstring;

let tonumber: unknown;

/** The JS function of fengari's built-in `tonumber` (the same object in every state). */
export function builtinTonumber(): unknown {
  if (tonumber === undefined) {
    const L = lauxlib.luaL_newstate();
    fengari.lualib.luaopen_base(L);
    lua.lua_getfield(L, -1, 'tonumber');
    tonumber = lua.lua_tocfunction(L, -1);
  }
  return tonumber;
}

/*
 * A few fengari internals (the version is pinned to 0.1.5), used only where the public API is much
 * slower for what captures do most: creating strings from subject bytes (lua_pushlstring copies with
 * Uint8Array.from) and filling fresh tables with them (every lua_rawset goes through the stack).
 */
interface TValue {
  type: number;
  value: unknown;
}
interface Internals {
  luaS_bless(L: LuaState, s: Uint8Array): unknown;
  pushsvalue2s(L: LuaState, ts: unknown): void;
  pushobj2s(L: LuaState, tv: TValue): void;
  TValue: new (type: number, value: unknown) => TValue;
  luaH_get(L: LuaState, t: object, key: TValue): TValue;
  luaH_setfrom(L: LuaState, t: object, key: TValue, value: TValue): void;
  luaH_setint(t: object, key: number, value: TValue): void;
  invalidateTMcache(t: object): void;
  constant_types: { LUA_TLNGSTR: number; LUA_TLIGHTUSERDATA: number };
}
const lstring = require('fengari/src/lstring.js') as Internals;
const lobject = require('fengari/src/lobject.js') as Internals;
const ltable = require('fengari/src/ltable.js') as Internals;
const { LUA_TLNGSTR, LUA_TLIGHTUSERDATA } = (require('fengari/src/defs.js') as Internals).constant_types;

/** Pushes a Lua string that takes ownership of `s` (the caller must not modify it afterwards). */
export function pushOwnedBytes(L: LuaState, s: Uint8Array): void {
  lobject.pushsvalue2s(L, lstring.luaS_bless(L, s));
}

/** The table object of the table at `idx` (null when the value is not a table). */
export function tableAt(L: LuaState, idx: number): object | null {
  return lua.lua_type(L, idx) === lua.LUA_TTABLE ? (lua.lua_topointer(L, idx) as object) : null;
}

const lightKeys = new WeakMap<object, TValue>();

/** The value stored in table `t` under the light userdata `key` (a TValue; do not modify it). */
export function rawGetLight(L: LuaState, t: object, key: object): unknown {
  let k = lightKeys.get(key);
  if (k === undefined) {
    k = new lobject.TValue(LUA_TLIGHTUSERDATA, key);
    lightKeys.set(key, k);
  }
  return ltable.luaH_get(L, t, k);
}

/** Pushes t[key] for the light userdata `key` (t: a table object). */
export function pushLight(L: LuaState, t: object, key: object): void {
  lobject.pushobj2s(L, rawGetLight(L, t, key) as TValue);
}

/** The stack of a fengari thread (internal layout). */
interface Stack {
  stack: TValue[];
  top: number;
}

/**
 * Pops n values. Same as lua_pop, but clears the slots instead of deleting them (fengari's `delete`
 * on the stack array is a slow path; a cleared slot above the top is just as dead).
 */
export function popValues(L: LuaState, n: number): void {
  const S = L as unknown as Stack;
  for (let i = 0; i < n; i++) S.stack[--S.top] = undefined as unknown as TValue;
}

/**
 * t[key] = the value on top of the stack, which is popped (t: a fresh table without metamethods;
 * `key` from rawGetLight). Same effect as lua_rawset without pushing the key.
 */
export function rawSetFromTop(L: LuaState, t: object, key: unknown): void {
  const S = L as unknown as Stack;
  ltable.luaH_setfrom(L, t, key as TValue, S.stack[S.top - 1] as TValue);
  popValues(L, 1);
}

/** t[from + 1 .. from + n] = the n values on top of the stack, which are popped (t: a fresh table). */
export function rawSetSequenceFromTop(L: LuaState, t: object, from: number, n: number): void {
  const S = L as unknown as Stack;
  const base = S.top - n;
  for (let i = 0; i < n; i++) ltable.luaH_setint(t, from + i + 1, S.stack[base + i] as TValue);
  popValues(L, n);
}

/**
 * Copies every entry of the table at `from` into the fresh table at `to` (absolute indices, `to` has
 * no metamethods); returns how many. Same as a lua_next / lua_rawset loop, without the extra pushes.
 */
export function copyEntries(L: LuaState, from: number, to: number): number {
  const S = L as unknown as Stack;
  const target = lua.lua_topointer(L, to) as object;
  let n = 0;
  lua.lua_pushnil(L);
  while (lua.lua_next(L, from)) {
    ltable.luaH_setfrom(L, target, S.stack[S.top - 2] as TValue, S.stack[S.top - 1] as TValue);
    popValues(L, 1);
    n++;
  }
  ltable.invalidateTMcache(target);
  return n;
}

/** Replaces the value `n` slots below the top by the top value, then pops the n values above it. */
export function collapseTop(L: LuaState, n: number): void {
  const S = L as unknown as Stack;
  S.stack[S.top - 1 - n] = S.stack[S.top - 1] as TValue;
  popValues(L, n);
}

const scratch = new lobject.TValue(LUA_TLNGSTR, null);

/** t[key] = a new string owning `s`, for a fresh table `t` (no metamethods); `key` from rawGetLight. */
export function rawSetString(L: LuaState, t: object, key: unknown, s: Uint8Array): void {
  scratch.value = lstring.luaS_bless(L, s);
  ltable.luaH_setfrom(L, t, key as TValue, scratch);
  scratch.value = null;
}

/** t[n] = a new string owning `s`, for a fresh table `t`. */
export function rawSetStringAt(L: LuaState, t: object, n: number, s: Uint8Array): void {
  scratch.value = lstring.luaS_bless(L, s);
  ltable.luaH_setint(t, n, scratch);
  scratch.value = null;
}

/** To call after filling a table directly (its metamethod cache must not claim absent keys). */
export function tableChanged(t: object): void {
  ltable.invalidateTMcache(t);
}
