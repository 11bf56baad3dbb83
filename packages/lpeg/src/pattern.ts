/**
 * Patterns as Lua values: a full userdata with the "lpeg-pattern" metatable whose JS payload holds the
 * tree (and, once matched, its compiled program); its uservalue is the ktable (nil when the pattern holds
 * no Lua values). Ktables are never modified once a pattern owns them, so patterns share them freely.
 */
import type { Program } from './codegen.js';
import { bytes, copyEntries, type LuaState, lauxlib, lua, toJsString, toLuaString } from './fengari.js';
import { newGrammar } from './grammar.js';
import { FALSE, newKey, numberNode, runtimeNode, stringNode, TRUE, type Tree, type VKey } from './tree.js';

export const PATTERN_T = toLuaString('lpeg-pattern');
const BOX = Symbol('lpeg.pattern');

export interface PatternBox {
  readonly tree: Tree;
  prog: Program | null;
}

/** The pattern at `idx`, or null when the value is not a pattern. */
export function testPattern(L: LuaState, idx: number): PatternBox | null {
  if (lua.lua_type(L, idx) !== lua.LUA_TUSERDATA) return null;
  const data = lua.lua_touserdata(L, idx) as Record<symbol, PatternBox | undefined>;
  return data[BOX] ?? null;
}

/** Pushes a new pattern for `tree` (with no ktable) and returns its box. */
export function pushPattern(L: LuaState, tree: Tree): PatternBox {
  const data = lua.lua_newuserdata(L, 0) as Record<symbol, PatternBox>;
  const box: PatternBox = { tree, prog: null };
  data[BOX] = box;
  lauxlib.luaL_getmetatable(L, PATTERN_T);
  lua.lua_setmetatable(L, -2);
  return box;
}

/** Lua's conversion of a number argument to an integer, as Lua 5.1 did it (truncation). */
export function toInt(L: LuaState, idx: number): number {
  const n = lua.lua_tonumberx(L, idx);
  if (n === false || !Number.isFinite(n)) return 0;
  return Math.trunc(n) | 0;
}

/** luaL_checkinteger with Lua 5.1's truncation of non-integral numbers. */
export function checkInt(L: LuaState, idx: number): number {
  if (lua.lua_isinteger(L, idx)) return lua.lua_tointegerx(L, idx) as number;
  const n = lua.lua_tonumberx(L, idx);
  if (n === false || !Number.isFinite(n)) return lauxlib.luaL_checkinteger(L, idx);
  return Math.trunc(n);
}

/** Whether the pattern at `idx` has a ktable. */
function hasKtable(L: LuaState, idx: number): boolean {
  const t = lua.lua_getuservalue(L, idx);
  lua.lua_pop(L, 1);
  return t === lua.LUA_TTABLE;
}

/** Gives the pattern on top of the stack the ktable of the pattern at `from` (shared). */
export function copyKtable(L: LuaState, from: number): void {
  lua.lua_getuservalue(L, from);
  lua.lua_setuservalue(L, -2);
}

/** LPeg's limit on the number of Lua values in one pattern. */
export const MAXVALUES = 65535;
const E_TOO_MANY_VALUES = toLuaString('too many Lua values in pattern');

/** Raises LPeg's error when a pattern would hold more than MAXVALUES values. */
export function checkValueCount(L: LuaState, n: number): void {
  if (n > MAXVALUES) lauxlib.luaL_error(L, E_TOO_MANY_VALUES);
}

/** Copies every entry of the table at `from` into the table at `to` (absolute indices); returns how many. */
export function mergeInto(L: LuaState, from: number, to: number): number {
  return copyEntries(L, from, to);
}

/** Gives the pattern on top the union of the ktables of the patterns at `p1` and `p2` (absolute). */
export function joinKtables(L: LuaState, p1: number, p2: number): void {
  const t1 = lua.lua_getuservalue(L, p1) === lua.LUA_TTABLE;
  const t2 = lua.lua_getuservalue(L, p2) === lua.LUA_TTABLE;
  if (!t2 || (t1 && lua.lua_rawequal(L, -2, -1))) {
    lua.lua_pop(L, 1);
    lua.lua_setuservalue(L, -2);
  } else if (!t1) {
    lua.lua_setuservalue(L, -3);
    lua.lua_pop(L, 1);
  } else {
    lua.lua_createtable(L, 0, 0);
    const top = lua.lua_gettop(L);
    checkValueCount(L, mergeInto(L, top - 2, top) + mergeInto(L, top - 1, top));
    lua.lua_setuservalue(L, -4);
    lua.lua_pop(L, 2);
  }
}

/** A key for the value at `idx`, or null when it is nil (LPeg keeps no nil values). */
export function keyFor(L: LuaState, idx: number): VKey | null {
  return lua.lua_type(L, idx) <= lua.LUA_TNIL ? null : newKey();
}

/**
 * Gives the pattern on top a ktable with the values of the pattern at `from` (0: none) plus the value
 * at `valueIdx` under `key` (a fresh table; when `key` is null the pattern shares `from`'s ktable).
 */
export function setKtable(L: LuaState, from: number, valueIdx: number, key: VKey | null): void {
  if (key === null) {
    if (from !== 0) copyKtable(L, from);
    return;
  }
  lua.lua_createtable(L, 0, 1);
  const kt = lua.lua_gettop(L);
  if (from !== 0 && hasKtable(L, from)) {
    lua.lua_getuservalue(L, from);
    checkValueCount(L, mergeInto(L, kt + 1, kt) + 1);
    lua.lua_pop(L, 1);
  }
  lua.lua_pushvalue(L, valueIdx);
  lua.lua_rawsetp(L, kt, key);
  lua.lua_setuservalue(L, -2);
}

/**
 * The tree of the value at `idx`, converting strings, numbers, booleans, tables (grammars) and
 * functions to patterns in place, as lpeg.P does. Other values raise LPeg's type error.
 */
export function getPatt(L: LuaState, idx: number): Tree {
  const box = testPattern(L, idx);
  if (box !== null) return box.tree;
  idx = lua.lua_absindex(L, idx);
  let tree: Tree;
  switch (lua.lua_type(L, idx)) {
    case lua.LUA_TSTRING:
      tree = stringNode(lua.lua_tolstring(L, idx) as Uint8Array);
      pushPattern(L, tree);
      break;
    case lua.LUA_TNUMBER:
      tree = numberNode(toInt(L, idx));
      pushPattern(L, tree);
      break;
    case lua.LUA_TBOOLEAN:
      tree = lua.lua_toboolean(L, idx) ? TRUE : FALSE;
      pushPattern(L, tree);
      break;
    case lua.LUA_TTABLE:
      tree = newGrammar(L, idx);
      break;
    case lua.LUA_TFUNCTION: {
      const key = newKey();
      tree = runtimeNode(TRUE, key);
      pushPattern(L, tree);
      setKtable(L, 0, idx, key);
      break;
    }
    default:
      lauxlib.luaL_checkudata(L, idx, PATTERN_T);
      throw new Error('unreachable');
  }
  lua.lua_replace(L, idx);
  return tree;
}

/** Pushes a printable name for the value at `idx` (as LPeg's error messages show rule names). */
export function valueName(L: LuaState, idx: number): Uint8Array {
  idx = lua.lua_absindex(L, idx);
  lua.lua_pushvalue(L, idx);
  const s = lua.lua_tolstring(L, -1);
  lua.lua_pop(L, 1);
  if (s !== null) return s;
  return bytes(`(a ${toJsString(lauxlib.luaL_typename(L, idx))})`);
}
