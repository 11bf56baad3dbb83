/** Match-time captures (lpeg.Cmt, functions as patterns): calling them while matching. */
import { findOpen, pushNested, pushValue } from './captures.js';
import { lauxlib, lua, toLuaString } from './fengari.js';
import { toInt } from './pattern.js';
import type { MatchState } from './state.js';
import { Cap } from './tree.js';

const E_RUNTIME_STACK = toLuaString('too many runtime captures');
const E_POSITION = toLuaString('invalid position returned by match-time capture');
const E_RESULTS = toLuaString('too many results in match-time capture');
/** Lua stack index limit for match-time capture values (LPeg's SHRT_MAX). */
const MAXSTACKIDX = 32767;

/** Drops from the Lua stack the match-time capture values of capture entries [from, to). */
export function removeDynCaps(ms: MatchState, from: number, to: number): void {
  const id = findDynCap(ms, from, to);
  if (id === 0) return;
  const L = ms.L;
  ms.ndyncap -= lua.lua_gettop(L) - id + 1;
  lua.lua_settop(L, id - 1);
}

/** The Lua stack index of the first match-time value among entries [from, to), or 0. */
function findDynCap(ms: MatchState, from: number, to: number): number {
  for (let k = from; k < to; k++) if (ms.kind[k] === Cap.Runtime) return ms.idx[k] as number;
  return 0;
}

/**
 * Ends a match-time capture at position `i`: calls its function with the subject, the position and
 * the values of its nested captures, then keeps its extra results as captures. Returns the new
 * position (-1: the capture fails); ms.captop is updated.
 */
export function closeRunTime(ms: MatchState, captop: number, i: number): number {
  const L = ms.L;
  const top = lua.lua_gettop(L);
  ms.growCaps(captop, 1);
  const close = captop;
  const open = findOpen(ms, close);
  const id = findDynCap(ms, open, close);
  ms.kind[close] = Cap.Close;
  ms.pos[close] = i;
  ms.siz[close] = 1;
  ms.cap = open;
  ms.reclevel = 0;
  lauxlib.luaL_checkstack(L, 4, E_RUNTIME_STACK);
  pushValue(ms, ms.idx[open] as number);
  lua.lua_pushvalue(L, 2);
  lua.lua_pushinteger(L, i + 1);
  const n = pushNested(ms, false);
  lua.lua_call(L, n + 2, lua.LUA_MULTRET);
  let fr = top + 1;
  if (id > 0) {
    // the old match-time values inside this capture were its arguments: drop them
    for (let j = id; j <= top; j++) lua.lua_remove(L, id);
    ms.ndyncap -= top - id + 1;
    fr -= top - id + 1;
  }
  captop = open + 1;
  if (!lua.lua_toboolean(L, fr)) {
    lua.lua_settop(L, fr - 1);
    ms.captop = captop;
    return -1;
  }
  let res = i;
  if (lua.lua_type(L, fr) !== lua.LUA_TBOOLEAN) {
    res = toInt(L, fr) - 1;
    if (res < i || res > ms.subject.length) lauxlib.luaL_error(L, E_POSITION);
  }
  lua.lua_remove(L, fr);
  const nres = lua.lua_gettop(L) - fr + 1;
  ms.ndyncap += nres;
  if (nres === 0)
    captop--; // no values: drop the group
  else {
    if (fr + nres >= MAXSTACKIDX) lauxlib.luaL_error(L, E_RESULTS);
    ms.growCaps(captop, nres + 1);
    ms.idx[open] = -1; // an anonymous group of the values
    for (let j = 0; j < nres; j++) {
      ms.kind[captop + j] = Cap.Runtime;
      ms.pos[captop + j] = res;
      ms.siz[captop + j] = 1;
      ms.idx[captop + j] = fr + j;
    }
    ms.kind[captop + nres] = Cap.Close;
    ms.pos[captop + nres] = res;
    ms.siz[captop + nres] = 1;
    captop += nres + 1;
  }
  ms.captop = captop;
  return res;
}
