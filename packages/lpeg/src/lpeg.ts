/** The lpeg module: luaopen, lpeg.match and the functions that are not constructors. */
import { getCaptures, valuesOf } from './captures.js';
import { compileTree } from './codegen.js';
import { constructors, metamethods } from './constructors.js';
import { type LuaFn, type LuaState, lauxlib, lua, tableAt, toLuaString } from './fengari.js';
import { localeSets } from './locale.js';
import { checkInt, getPatt, PATTERN_T, type PatternBox, pushPattern, testPattern, valueName } from './pattern.js';
import { describeCode, describeTree } from './print.js';
import { acquireState, MAXBACK, MAXSTACK_KEY, releaseState } from './state.js';
import { setNode, Tag, type Tree } from './tree.js';
import { run } from './vm.js';

export const VERSION = '1.0.2';
const E_OUTSIDE = toLuaString("rule '%s' used outside a grammar");
const E_TOO_DEEP = toLuaString('pattern too complex (nesting too deep)');
/** lpeg.setmaxstack's upper limit. */
const MAXLIM = Math.floor(2147483647 / 100);

/**
 * Runs `f` turning a JS stack overflow (a pattern nested thousands of levels deep: trees are
 * analysed and compiled recursively) into a Lua error.
 */
export function guard<T>(L: LuaState, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) lauxlib.luaL_error(L, E_TOO_DEEP);
    throw e;
  }
}

/** A Lua function guarded against JS stack overflows. */
export function guarded(f: LuaFn): LuaFn {
  return (L) => guard(L, () => f(L));
}

/** The first open reference outside any grammar, in left-to-right order. */
function findOpenCall(t: Tree): Tree | null {
  if (!t.hasOpen) return null;
  if (t.tag === Tag.OpenCall) return t;
  if (t.tag === Tag.Seq || t.tag === Tag.Choice) {
    for (const item of t.items()) {
      const r = findOpenCall(item);
      if (r !== null) return r;
    }
    return null;
  }
  return (t.c1 === null ? null : findOpenCall(t.c1)) ?? (t.c2 === null ? null : findOpenCall(t.c2));
}

/** The compiled program of the pattern at `idx` (compiled on first use). */
export function programOf(L: LuaState, box: PatternBox, idx: number): NonNullable<PatternBox['prog']> {
  if (box.prog !== null) return box.prog;
  const prog = guard(L, () => {
    const open = findOpenCall(box.tree);
    if (open !== null) {
      lua.lua_getuservalue(L, idx);
      lua.lua_rawgetp(L, -1, open.vkey as object);
      lauxlib.luaL_error(L, E_OUTSIDE, valueName(L, -1));
    }
    return compileTree(box.tree);
  });
  box.prog = prog;
  return prog;
}

/** Byte offset where a match starts, from the init argument (negative counts from the end). */
function initPosition(L: LuaState, len: number): number {
  const ii = lua.lua_type(L, 3) <= lua.LUA_TNIL ? 1 : checkInt(L, 3);
  if (ii > 0) return ii <= len ? ii - 1 : len;
  return -ii <= len ? len + ii : 0;
}

/** lpeg.match(pattern, subject [, init, ...]) */
export function matchFunction(L: LuaState): number {
  let box = testPattern(L, 1);
  if (box === null) {
    guard(L, () => getPatt(L, 1));
    box = testPattern(L, 1) as PatternBox;
  }
  const prog = programOf(L, box, 1);
  const subject = lauxlib.luaL_checklstring(L, 2);
  const init = initPosition(L, subject.length);
  const ptop = lua.lua_gettop(L);
  lua.lua_getuservalue(L, 1);
  const ms = acquireState();
  try {
    ms.L = L;
    ms.subject = subject;
    ms.ptop = ptop;
    ms.ktIdx = ptop + 1;
    ms.kt = tableAt(L, ptop + 1);
    ms.vals = valuesOf(L, prog, ms.kt);
    ms.prog = prog;
    const r = run(ms, prog, init);
    if (r < 0) {
      lua.lua_pushnil(L);
      return 1;
    }
    return getCaptures(ms, r);
  } finally {
    releaseState(ms);
  }
}

function setmaxstack(L: LuaState): number {
  const lim = checkInt(L, 1);
  if (!(lim > 0 && lim <= MAXLIM)) lauxlib.luaL_argerror(L, 1, toLuaString('out of range'));
  lua.lua_settop(L, 1);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, MAXSTACK_KEY);
  return 0;
}

function type(L: LuaState): number {
  if (testPattern(L, 1) !== null) lua.lua_pushliteral(L, 'pattern');
  else lua.lua_pushnil(L);
  return 1;
}

function version(L: LuaState): number {
  lua.lua_pushliteral(L, VERSION);
  return 1;
}

function locale(L: LuaState): number {
  if (lua.lua_isnoneornil(L, 1)) {
    lua.lua_settop(L, 0);
    lua.lua_createtable(L, 0, 12);
  } else {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lua.lua_settop(L, 1);
  }
  for (const [name, cs] of localeSets) {
    pushPattern(L, setNode(cs));
    lua.lua_setfield(L, -2, name);
  }
  return 1;
}

/** Prints through Lua's global `print` (the sandbox decides where that goes). */
function printText(L: LuaState, text: string): void {
  if (lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, toLuaString('_LOADED')) === lua.LUA_TTABLE) {
    lua.lua_getfield(L, -1, toLuaString('_G'));
    if (lua.lua_type(L, -1) === lua.LUA_TTABLE && lua.lua_getfield(L, -1, toLuaString('print')) === lua.LUA_TFUNCTION) {
      lua.lua_pushstring(L, text);
      lua.lua_call(L, 1, 0);
    }
  }
}

function ptree(L: LuaState): number {
  printText(L, describeTree(getPatt(L, 1)));
  return 0;
}

function pcode(L: LuaState): number {
  const box = testPattern(L, 1) ?? (lauxlib.luaL_checkudata(L, 1, PATTERN_T) as PatternBox);
  printText(L, describeCode(programOf(L, box, 1)));
  return 0;
}

const functions: Record<string, LuaFn> = {
  ...guardAll(constructors),
  match: matchFunction,
  setmaxstack,
  type,
  version,
  locale,
  ptree: guarded(ptree),
  pcode: guarded(pcode),
};

function guardAll(fs: Record<string, LuaFn>): Record<string, LuaFn> {
  return Object.fromEntries(Object.entries(fs).map(([k, f]) => [k, guarded(f)]));
}

/** luaopen_lpeg: pushes the lpeg module table. */
export function luaopenLpeg(L: LuaState): number {
  lauxlib.luaL_newmetatable(L, PATTERN_T);
  lua.lua_pushinteger(L, MAXBACK);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, MAXSTACK_KEY);
  lauxlib.luaL_setfuncs(L, guardAll(metamethods), 0);
  lua.lua_createtable(L, 0, Object.keys(functions).length);
  lauxlib.luaL_setfuncs(L, functions, 0);
  lua.lua_pushvalue(L, -1);
  lua.lua_setfield(L, -3, '__index');
  return 1;
}
