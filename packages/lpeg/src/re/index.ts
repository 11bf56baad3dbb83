/**
 * The `re` module: regex-like syntax for LPeg patterns (re.compile, re.match, re.find, re.gsub,
 * re.updatelocale). Compiled patterns are cached per Lua state, like re.lua's memo tables.
 */
import { choiceOf, powerOf } from '../algebra.js';
import { bytes, type LuaFn, type LuaState, lauxlib, lua, toLuaString } from '../fengari.js';
import { guarded, luaopenLpeg, matchFunction } from '../lpeg.js';
import { copyKtable, getPatt, PATTERN_T, pushPattern, setKtable, testPattern } from '../pattern.js';
import {
  ANY,
  Cap,
  callNode,
  captureNode,
  choiceNode,
  grammarNode,
  newKey,
  RuleTree,
  seqNode,
  TRUE,
  type Tree,
} from '../tree.js';
import { Builder } from './build.js';
import { Parser, PatternError } from './parser.js';

const CACHE_KEYS = ['lpeg.re.match', 'lpeg.re.find', 'lpeg.re.gsub'].map(toLuaString);
const [MATCH, FIND, GSUB] = [0, 1, 2];
/** Entries a cache holds before it is emptied (re.lua's weak tables; fengari has no weak tables). */
const CACHE_LIMIT = 1024;
const COUNT = {};
const E_REPLACEMENT = toLuaString('invalid replacement value');

/** re's "pattern error near '...'" (the rest of the pattern, or its next 21 bytes and "..."). */
function patternError(L: LuaState, src: Uint8Array, at: number): never {
  const near = src.length < at + 21 ? src.subarray(at) : Uint8Array.from([...src.subarray(at, at + 21), 46, 46, 46]);
  const msg = new Uint8Array([...bytes("pattern error near '"), ...near, 39]);
  lua.lua_pushlstring(L, msg, msg.length);
  return lua.lua_error(L);
}

/** Compiles the pattern text at 1 with the definitions at 2 (called through lua_call: errors have no position). */
function build(L: LuaState): number {
  const src = lauxlib.luaL_checklstring(L, 1);
  const defs = lua.lua_toboolean(L, 2) ? 2 : 0;
  let ast: ReturnType<Parser['parse']>;
  try {
    ast = new Parser(src).parse();
  } catch (e) {
    if (e instanceof PatternError) patternError(L, src, e.at);
    throw e;
  }
  lua.lua_settop(L, 2);
  lua.lua_createtable(L, 0, 0); // 3: ktable
  lua.lua_createtable(L, 0, 0); // 4: definition values
  const tree = new Builder(L, 3, 4, defs).exp(ast);
  pushPattern(L, tree);
  lua.lua_pushvalue(L, 3);
  lua.lua_setuservalue(L, -2);
  return 1;
}

/** Pushes the compiled form of the value at `p` (a pattern is returned as is). */
function compileAt(L: LuaState, p: number, defs: number): void {
  if (testPattern(L, p) !== null) {
    lua.lua_pushvalue(L, p);
    return;
  }
  lua.lua_pushjsfunction(L, build);
  lua.lua_pushvalue(L, p);
  if (defs === 0) lua.lua_pushnil(L);
  else lua.lua_pushvalue(L, defs);
  lua.lua_call(L, 2, 1);
}

/** Pushes cache table `which` (created on first use, emptied when it grows too big). */
function pushCache(L: LuaState, which: number): void {
  const key = CACHE_KEYS[which] as Uint8Array;
  if (lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, key) === lua.LUA_TTABLE) {
    lua.lua_rawgetp(L, -1, COUNT);
    const n = lua.lua_tointegerx(L, -1) || 0;
    lua.lua_pop(L, 1);
    if (n < CACHE_LIMIT) return;
  }
  lua.lua_pop(L, 1);
  lua.lua_createtable(L, 0, 0);
  lua.lua_pushvalue(L, -1);
  lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, key);
}

/** cache[key] = value on top (popped); the cache table is at `cache`, the key at `key`. */
function remember(L: LuaState, cache: number, key: number): void {
  lua.lua_pushvalue(L, key);
  lua.lua_insert(L, -2);
  lua.lua_rawset(L, cache);
  lua.lua_rawgetp(L, cache, COUNT);
  const n = (lua.lua_tointegerx(L, -1) || 0) as number;
  lua.lua_pop(L, 1);
  lua.lua_pushinteger(L, n + 1);
  lua.lua_rawsetp(L, cache, COUNT);
}

/** Pushes the cached pattern for the value at `p` in cache `which`, building it with `make` if needed. */
function cached(L: LuaState, which: number, p: number, make: () => void): void {
  pushCache(L, which);
  const cache = lua.lua_gettop(L);
  if (lua.lua_type(L, p) <= lua.LUA_TNIL) lauxlib.luaL_checklstring(L, p);
  lua.lua_pushvalue(L, p);
  if (lua.lua_rawget(L, cache) === lua.LUA_TNIL) {
    lua.lua_pop(L, 1);
    make();
    lua.lua_pushvalue(L, -1);
    remember(L, cache, p);
  }
  lua.lua_remove(L, cache);
}

/** Calls lpeg.match(pattern on top, subject at `s`, init at `i` or 1); leaves the results. */
function callMatch(L: LuaState, s: number, i: number): number {
  const base = lua.lua_gettop(L) - 1;
  lua.lua_pushjsfunction(L, matchFunction);
  lua.lua_insert(L, -2);
  lua.lua_pushvalue(L, s);
  if (i !== 0 && lua.lua_toboolean(L, i))
    lua.lua_pushvalue(L, i); // re's `i or 1`
  else lua.lua_pushinteger(L, 1);
  lua.lua_call(L, 3, lua.LUA_MULTRET);
  return lua.lua_gettop(L) - base;
}

const functions: Record<string, LuaFn> = {
  compile(L) {
    compileAt(L, 1, lua.lua_gettop(L) >= 2 ? 2 : 0);
    return 1;
  },
  match(L) {
    lua.lua_settop(L, 3);
    cached(L, MATCH, 2, () => compileAt(L, 2, 0));
    return callMatch(L, 1, 3);
  },
  find(L) {
    lua.lua_settop(L, 3);
    cached(L, FIND, 2, () => {
      compileAt(L, 2, 0);
      const cp = lua.lua_gettop(L);
      const t = getPatt(L, cp);
      // P{ Cp() * (p / 0) * Cp() + 1 * V(1) }
      const rule = new RuleTree(0, TRUE);
      const pos = captureNode(Cap.Position, TRUE, null);
      const found = seqNode(seqNode(pos, captureNode(Cap.Num, t, null, 0)), pos);
      rule.body = choiceNode(found, seqNode(ANY, callNode(rule, null)));
      rule.used = true;
      pushPattern(L, grammarNode([rule]));
      copyKtable(L, cp);
      lua.lua_remove(L, cp);
    });
    const n = callMatch(L, 1, 3);
    if (n < 2 || lua.lua_type(L, -n) === lua.LUA_TNIL) return n;
    lua.lua_settop(L, lua.lua_gettop(L) - n + 2);
    lua.lua_pushinteger(L, (lua.lua_tointegerx(L, -1) as number) - 1);
    lua.lua_replace(L, -2);
    return 2;
  },
  gsub(L) {
    lua.lua_settop(L, 3);
    cached(L, GSUB, 2, () => lua.lua_createtable(L, 0, 0));
    const g = lua.lua_gettop(L);
    let hit = false;
    if (lua.lua_type(L, 3) !== lua.LUA_TNIL) {
      lua.lua_pushvalue(L, 3);
      hit = lua.lua_rawget(L, g) !== lua.LUA_TNIL;
      if (!hit) lua.lua_pop(L, 1);
    }
    if (!hit) {
      compileAt(L, 2, 0);
      pushSubstitution(L, lua.lua_gettop(L), 3);
      if (lua.lua_type(L, 3) !== lua.LUA_TNIL) {
        lua.lua_pushvalue(L, -1);
        remember(L, g, 3);
      }
    }
    return callMatch(L, 1, 0);
  },
  updatelocale(L) {
    for (const key of CACHE_KEYS) {
      lua.lua_pushnil(L);
      lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, key);
    }
    return 0;
  },
};

/** Pushes Cs((p / rep + 1)^0) for the compiled pattern at `p` and the replacement at `rep`. */
function pushSubstitution(L: LuaState, p: number, rep: number): void {
  const t = getPatt(L, p);
  const type = lua.lua_type(L, rep);
  let replaced: Tree;
  if (type === lua.LUA_TNUMBER) {
    const n = Math.trunc(lua.lua_tonumberx(L, rep) as number);
    if (!(n >= 0 && n <= 32767)) lauxlib.luaL_argerror(L, 1, toLuaString('invalid number'));
    replaced = captureNode(Cap.Num, t, null, n);
  } else {
    const kind =
      type === lua.LUA_TFUNCTION
        ? Cap.Function
        : type === lua.LUA_TTABLE
          ? Cap.Query
          : type === lua.LUA_TSTRING
            ? Cap.String
            : lauxlib.luaL_argerror(L, 2, E_REPLACEMENT);
    replaced = captureNode(kind, t, newKey());
    pushPattern(L, replaced);
    setKtable(L, p, rep, replaced.vkey);
    lua.lua_replace(L, p);
  }
  const body = powerOf(L, choiceOf(replaced, ANY).tree, 0);
  pushPattern(L, captureNode(Cap.Subst, body, null));
  copyKtable(L, p);
  lua.lua_remove(L, p);
}

/** luaopen_re: pushes the re module table (opening lpeg's metatable first if needed). */
export function luaopenRe(L: LuaState): number {
  if (lauxlib.luaL_getmetatable(L, PATTERN_T) !== lua.LUA_TTABLE) {
    luaopenLpeg(L);
    lua.lua_pop(L, 2);
  }
  lua.lua_pop(L, 1);
  lua.lua_createtable(L, 0, 5);
  lauxlib.luaL_setfuncs(L, Object.fromEntries(Object.entries(functions).map(([k, f]) => [k, guarded(f)])), 0);
  return 1;
}
