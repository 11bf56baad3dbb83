/** Table, query, fold, numbered and back captures. */
import {
  checkLevel,
  findOpen,
  MAXRECLEVEL,
  nextCap,
  pushCapture,
  pushNested,
  pushOneNested,
  pushValue,
  valueAt,
} from './captures.js';
import {
  collapseTop,
  type LuaState,
  lauxlib,
  lua,
  pushNewTable,
  pushNumeral,
  rawSetFromTop,
  rawSetIntValue,
  rawSetSequenceFromTop,
  rawSetValue,
  stringValue,
  type TValue,
  tableChanged,
  toLuaString,
} from './fengari.js';
import type { MatchState } from './state.js';
import { subString } from './substr.js';
import { Cap } from './tree.js';

const E_NO_CAPTURE = toLuaString("no capture '%d'");
const E_FOLD = toLuaString('no initial value for fold capture');
const E_BACKREF = toLuaString("back reference '%s' not found");

/**
 * `patt / tonumber` with one value, without a Lua call: the stack has [tonumber, value]; leaves what
 * fengari's built-in tonumber returns for one argument (the number, or nil).
 */
export function toNumber(L: LuaState): void {
  if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) collapseTop(L, 1);
  else {
    const s = lua.lua_tolstring(L, -1);
    if (s === null || !pushNumeral(L, s)) lua.lua_pushnil(L);
    collapseTop(L, 2);
  }
}

/**
 * The first value of the capture at ms.cap when it is one of the simple kinds (a constant, a position
 * is not: it is a new number) that need no evaluation: a range of the subject with nothing nested, or
 * a constant. Moves past it. Otherwise null (nothing moved).
 */
function plainValue(ms: MatchState): TValue | null {
  const k = ms.cap;
  const kind = ms.kind[k];
  if (kind === Cap.Simple) {
    if (ms.siz[k] === 0) return null;
    const p = ms.pos[k] as number;
    ms.cap++;
    return stringValue(subString(ms.subject, p, p + (ms.siz[k] as number) - 1));
  }
  if (kind === Cap.Const) {
    ms.cap++;
    return valueAt(ms, ms.idx[k] as number);
  }
  return null;
}

export function tableCap(ms: MatchState): number {
  const L = ms.L;
  // The table is fresh (no metatable), so it is filled directly rather than with lua_rawset.
  const t = pushNewTable(L);
  if (ms.siz[ms.cap++] !== 0) return 1; // no nested captures: empty table
  const kind = ms.kind;
  const siz = ms.siz;
  const pos = ms.pos;
  let n = 0;
  for (;;) {
    const k = ms.cap;
    const kk = kind[k];
    if (kk === Cap.Close) break;
    if (kk === Cap.Group && ms.idx[k] !== -1) {
      // a named group: t[name] = its first value
      const key = valueAt(ms, ms.idx[k] as number);
      if (siz[k] !== 0) {
        // nothing nested: the range it matched
        const p = pos[k] as number;
        rawSetValue(L, t, key, stringValue(subString(ms.subject, p, p + (siz[k] as number) - 1)));
        ms.cap++;
        continue;
      }
      if (kind[k + 2] === Cap.Close && ms.reclevel <= MAXRECLEVEL) {
        // one nested capture that needs no evaluation (Cg(C(p), name), Cg(Cc(v), name))
        ms.cap = k + 1;
        const v = plainValue(ms);
        if (v !== null) {
          rawSetValue(L, t, key, v);
          ms.cap = k + 3;
          continue;
        }
        ms.cap = k;
      }
      pushOneNested(ms);
      rawSetFromTop(L, t, key);
    } else if (kk === Cap.Simple && siz[k] !== 0) {
      checkLevel(ms);
      const p = pos[k] as number;
      rawSetIntValue(t, ++n, stringValue(subString(ms.subject, p, p + (siz[k] as number) - 1)));
      ms.cap++;
    } else {
      const m = pushCapture(ms);
      rawSetSequenceFromTop(L, t, n, m);
      n += m;
    }
  }
  tableChanged(t);
  ms.cap++;
  return 1;
}

export function queryCap(ms: MatchState): number {
  const L = ms.L;
  const slot = ms.idx[ms.cap] as number;
  pushOneNested(ms);
  pushValue(ms, slot);
  lua.lua_insert(L, -2);
  lua.lua_gettable(L, -2);
  lua.lua_remove(L, -2);
  if (lua.lua_type(L, -1) !== lua.LUA_TNIL) return 1;
  lua.lua_pop(L, 1);
  return 0;
}

export function foldCap(ms: MatchState): number {
  const L = ms.L;
  const slot = ms.idx[ms.cap] as number;
  if (ms.siz[ms.cap++] !== 0 || ms.kind[ms.cap] === Cap.Close) return lauxlib.luaL_error(L, E_FOLD);
  let n = pushCapture(ms);
  if (n === 0) return lauxlib.luaL_error(L, E_FOLD);
  if (n > 1) lua.lua_pop(L, n - 1);
  while (ms.kind[ms.cap] !== Cap.Close) {
    pushValue(ms, slot);
    lua.lua_insert(L, -2);
    n = pushCapture(ms);
    lua.lua_call(L, n + 1, 1);
  }
  ms.cap++;
  return 1;
}

export function numCap(ms: MatchState): number {
  const L = ms.L;
  const which = ms.idx[ms.cap] as number;
  if (which === 0) {
    nextCap(ms);
    return 0;
  }
  const n = pushNested(ms, false);
  if (n < which) return lauxlib.luaL_error(L, E_NO_CAPTURE, which);
  lua.lua_pushvalue(L, -(n - which + 1));
  lua.lua_replace(L, -(n + 1));
  lua.lua_pop(L, n - 1);
  return 1;
}

/** The most recent group named like the value on top of the stack, before entry `k`. */
function findBack(ms: MatchState, k: number): number {
  const L = ms.L;
  while (k-- > 0) {
    if (ms.kind[k] === Cap.Close) k = findOpen(ms, k);
    else if (ms.siz[k] === 0) continue; // an enclosing open capture
    if (ms.kind[k] === Cap.Group) {
      pushValue(ms, ms.idx[k] as number);
      if (lua.lua_compare(L, -2, -1, lua.LUA_OPEQ)) {
        lua.lua_pop(L, 2);
        return k;
      }
      lua.lua_pop(L, 1);
    }
  }
  return lauxlib.luaL_error(L, E_BACKREF, lua.lua_tolstring(L, -1));
}

export function backrefCap(ms: MatchState): number {
  const curr = ms.cap;
  pushValue(ms, ms.idx[curr] as number);
  ms.cap = findBack(ms, curr);
  const n = pushNested(ms, false);
  ms.cap = curr + 1;
  return n;
}
