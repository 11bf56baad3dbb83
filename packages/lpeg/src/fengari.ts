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
function builtinTonumber(): unknown {
  if (tonumber === undefined) {
    const L = lauxlib.luaL_newstate();
    fengari.lualib.luaopen_base(L);
    lua.lua_getfield(L, -1, 'tonumber');
    tonumber = lua.lua_tocfunction(L, -1);
  }
  return tonumber;
}

/**
 * A JS function carrying this property (set to true) declares that, called from Lua with one argument,
 * it returns what fengari's built-in `tonumber` returns (a number as it is; a string converted as
 * `lua_stringtonumber` does, nil when it is not a numeral; nil for other values). `patt / f` with such
 * a function then converts without a Lua call, as with the built-in. (@heka/sandbox replaces `tonumber`
 * by its own function and may mark it.)
 */
export const TONUMBER_MARK: unique symbol = Symbol.for('@heka/lpeg.tonumber') as never;

/** Whether the JS function `f` is the built-in tonumber or declares it behaves like it. */
export function isTonumber(f: unknown): boolean {
  return (
    f === builtinTonumber() || (typeof f === 'function' && (f as { [TONUMBER_MARK]?: unknown })[TONUMBER_MARK] === true)
  );
}

/*
 * A few fengari internals (the version is pinned to 0.1.5), used only where the public API is much
 * slower for what captures do most: creating strings from subject bytes (lua_pushlstring copies with
 * Uint8Array.from), filling fresh tables with them (every lua_rawset goes through the stack) and
 * reading the values a pattern holds (a lookup by light userdata checks the key's class five times).
 */
/** A Lua value (fengari's TValue). */
export interface TValue {
  type: number;
  value: unknown;
}
/** A Lua string object (fengari's TString); immutable, so it may be shared by any number of values. */
export interface TString {
  readonly realstring: Uint8Array;
}
interface Internals {
  luaS_bless(L: LuaState | null, s: Uint8Array): TString;
  pushsvalue2s(L: LuaState, ts: TString): void;
  pushobj2s(L: LuaState, tv: TValue): void;
  TValue: new (type: number, value: unknown) => TValue;
  luaO_nilobject: TValue;
  luaO_str2num(s: Uint8Array, o: TValue): number;
  luaH_get(L: LuaState, t: object, key: TValue): TValue;
  luaH_setfrom(L: LuaState, t: object, key: TValue, value: TValue): void;
  luaH_setint(t: object, key: number, value: TValue): void;
  luaH_new(L: LuaState): object;
  invalidateTMcache(t: object): void;
  constant_types: {
    LUA_TLNGSTR: number;
    LUA_TLIGHTUSERDATA: number;
    LUA_TLCF: number;
    LUA_TTABLE: number;
    LUA_TNIL: number;
  };
}
const lstring = require('fengari/src/lstring.js') as Internals;
const lobject = require('fengari/src/lobject.js') as Internals;
const ltable = require('fengari/src/ltable.js') as Internals;
const types = (require('fengari/src/defs.js') as Internals).constant_types;
const { LUA_TLNGSTR, LUA_TLIGHTUSERDATA } = types;
/** The type tag of JS functions (light C functions). */
export const TAG_LCF: number = types.LUA_TLCF;

/** The nil value fengari returns for absent table entries (frozen; never modify it). */
export const NIL_VALUE: TValue = lobject.luaO_nilobject;

/** A new string object owning `s` (the caller must not modify `s` afterwards). */
export function newTString(s: Uint8Array): TString {
  return lstring.luaS_bless(null, s);
}

/** Pushes a Lua string that takes ownership of `s` (the caller must not modify it afterwards). */
export function pushOwnedBytes(L: LuaState, s: Uint8Array): void {
  lobject.pushsvalue2s(L, lstring.luaS_bless(L, s));
}

/** Pushes the string object `ts`. */
export function pushTString(L: LuaState, ts: TString): void {
  lobject.pushsvalue2s(L, ts);
}

/** Pushes a copy of the value `tv`. */
export function pushTValue(L: LuaState, tv: TValue): void {
  lobject.pushobj2s(L, tv);
}

/**
 * When the bytes `s` (which may be a view) are a numeral as `lua_stringtonumber` reads it, pushes the
 * number and returns true; otherwise pushes nothing. luaO_str2num is looked up at each call, as
 * fengari's API does, so that a process-wide replacement (the sandbox reads numbers as floats) applies.
 */
export function pushNumeral(L: LuaState, s: Uint8Array): boolean {
  const tv = new lobject.TValue(types.LUA_TNIL, null);
  if (lobject.luaO_str2num(s, tv) !== s.length + 1) return false;
  const S = L as unknown as Stack;
  S.stack[S.top++] = tv;
  return true;
}

/** The table object of the table at `idx` (null when the value is not a table). */
export function tableAt(L: LuaState, idx: number): object | null {
  return lua.lua_type(L, idx) === lua.LUA_TTABLE ? (lua.lua_topointer(L, idx) as object) : null;
}

/** Pushes a new empty table and returns its table object. */
export function pushNewTable(L: LuaState): object {
  const t = ltable.luaH_new(L);
  const S = L as unknown as Stack;
  S.stack[S.top++] = new lobject.TValue(types.LUA_TTABLE, t);
  return t;
}

const lightKeys = new WeakMap<object, TValue>();

/** The value stored in table `t` under the light userdata `key` (a TValue; do not modify it). */
export function rawGetLight(L: LuaState, t: object, key: object): TValue {
  let k = lightKeys.get(key);
  if (k === undefined) {
    k = new lobject.TValue(LUA_TLIGHTUSERDATA, key);
    lightKeys.set(key, k);
  }
  return ltable.luaH_get(L, t, k);
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
function popValues(L: LuaState, n: number): void {
  const S = L as unknown as Stack;
  for (let i = 0; i < n; i++) S.stack[--S.top] = undefined as unknown as TValue;
}

/**
 * t[key] = the value on top of the stack, which is popped (t: a fresh table without metamethods;
 * `key` a value read from a ktable). Same effect as lua_rawset without pushing the key.
 */
export function rawSetFromTop(L: LuaState, t: object, key: TValue): void {
  const S = L as unknown as Stack;
  ltable.luaH_setfrom(L, t, key, S.stack[S.top - 1] as TValue);
  popValues(L, 1);
}

/** t[key] = value, for a fresh table `t` (no metamethods); `value` is copied. */
export function rawSetValue(L: LuaState, t: object, key: TValue, value: TValue): void {
  ltable.luaH_setfrom(L, t, key, value);
}

/** t[from + 1 .. from + n] = the n values on top of the stack, which are popped (t: a fresh table). */
export function rawSetSequenceFromTop(L: LuaState, t: object, from: number, n: number): void {
  const S = L as unknown as Stack;
  const base = S.top - n;
  for (let i = 0; i < n; i++) ltable.luaH_setint(t, from + i + 1, S.stack[base + i] as TValue);
  popValues(L, n);
}

/** t[n] = value, for a fresh table `t`; `value` is copied. */
export function rawSetIntValue(t: object, n: number, value: TValue): void {
  ltable.luaH_setint(t, n, value);
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

/** A string value for `ts`, valid until the next call (tables copy the values stored in them). */
export function stringValue(ts: TString): TValue {
  scratch.value = ts;
  return scratch;
}

/** To call after filling a table directly (its metamethod cache must not claim absent keys). */
export function tableChanged(t: object): void {
  ltable.invalidateTMcache(t);
}
