/**
 * Evaluation of the capture list into Lua values (after a match, or for a match-time capture while
 * matching), with LPeg's semantics and error messages.
 */
import { builtinTonumber, lauxlib, lua, pushLight, pushOwnedBytes, toLuaString } from './fengari.js';
import type { MatchState } from './state.js';
import { ByteBuf, stringCap, substCap } from './strcap.js';
import { Cap } from './tree.js';
import { backrefCap, foldCap, numCap, queryCap, tableCap, toNumber } from './valuecaps.js';

const MAXRECLEVEL = 200;
const E_TOO_MANY = toLuaString('too many captures');
const E_TOO_DEEP = toLuaString('subcapture nesting too deep');
const E_ABSENT = toLuaString('reference to absent extra argument #%d');

/** Whether the entry at `k` is a full capture (or a close entry): it has no separate close. */
export function isFull(ms: MatchState, k: number): boolean {
  return ms.siz[k] !== 0;
}

/** End position of the full capture or close entry at `k`. */
export function closeAddr(ms: MatchState, k: number): number {
  return (ms.pos[k] as number) + (ms.siz[k] as number) - 1;
}

/** The open entry matching the close entry at `k`. */
export function findOpen(ms: MatchState, k: number): number {
  let n = 0;
  for (;;) {
    k--;
    if (ms.kind[k] === Cap.Close) n++;
    else if (ms.siz[k] === 0 && n-- === 0) return k;
  }
}

/** Moves the cursor past the current capture (and its nested captures). */
export function nextCap(ms: MatchState): void {
  let k = ms.cap;
  if (ms.siz[k] === 0) {
    let n = 0;
    for (;;) {
      k++;
      if (ms.kind[k] === Cap.Close) {
        if (n-- === 0) break;
      } else if (ms.siz[k] === 0) n++;
    }
  }
  ms.cap = k + 1;
}

/** Pushes the Lua value of a value slot (nil for -1). */
export function pushValue(ms: MatchState, slot: number): void {
  if (slot < 0) lua.lua_pushnil(ms.L);
  else pushLight(ms.L, ms.kt as object, ms.keys[slot] as object);
}

function pushSubject(ms: MatchState, from: number, to: number): void {
  pushOwnedBytes(ms.L, copyBytes(ms.subject, from, to));
}

/** A copy of s[from, to) (a plain loop beats slice() for the short strings captures usually are). */
export function copyBytes(s: Uint8Array, from: number, to: number): Uint8Array {
  const n = to - from;
  if (n > 256) return s.slice(from, to);
  const out = new Uint8Array(n);
  for (let k = 0; k < n; k++) out[k] = s[from + k] as number;
  return out;
}

/**
 * Pushes the values of the captures nested in the current one (or its whole match when it has none,
 * or always at the end with `addExtra`); returns how many.
 */
export function pushNested(ms: MatchState, addExtra: boolean): number {
  const co = ms.cap;
  if (ms.siz[co] !== 0) {
    ms.cap++;
    pushSubject(ms, ms.pos[co] as number, closeAddr(ms, co));
    return 1;
  }
  ms.cap++;
  let n = 0;
  while (ms.kind[ms.cap] !== Cap.Close) n += pushCapture(ms);
  if (addExtra || n === 0) {
    pushSubject(ms, ms.pos[co] as number, ms.pos[ms.cap] as number);
    n++;
  }
  ms.cap++;
  return n;
}

export function pushOneNested(ms: MatchState): void {
  const n = pushNested(ms, false);
  if (n > 1) lua.lua_pop(ms.L, n - 1);
}

/** Pushes all values of the current capture; returns how many. */
export function pushCapture(ms: MatchState): number {
  const L = ms.L;
  lauxlib.luaL_checkstack(L, 4, E_TOO_MANY);
  if (ms.reclevel++ > MAXRECLEVEL) lauxlib.luaL_error(L, E_TOO_DEEP);
  let res: number;
  const k = ms.cap;
  switch (ms.kind[k]) {
    case Cap.Position:
      lua.lua_pushinteger(L, (ms.pos[k] as number) + 1);
      ms.cap++;
      res = 1;
      break;
    case Cap.Const:
      pushValue(ms, ms.idx[k] as number);
      ms.cap++;
      res = 1;
      break;
    case Cap.Arg: {
      const arg = ms.idx[k] as number;
      ms.cap++;
      if (arg + 3 > ms.ptop) lauxlib.luaL_error(L, E_ABSENT, arg);
      lua.lua_pushvalue(L, arg + 3);
      res = 1;
      break;
    }
    case Cap.Simple:
      res = pushNested(ms, true);
      lua.lua_insert(L, -res); // the whole match comes first
      break;
    case Cap.Runtime:
      lua.lua_pushvalue(L, ms.idx[k] as number);
      ms.cap++;
      res = 1;
      break;
    case Cap.String: {
      const b = new ByteBuf();
      stringCap(ms, b);
      b.push(L);
      res = 1;
      break;
    }
    case Cap.Subst: {
      const b = new ByteBuf();
      substCap(ms, b);
      b.push(L);
      res = 1;
      break;
    }
    case Cap.Group:
      if (ms.idx[k] === -1) res = pushNested(ms, false);
      else {
        nextCap(ms); // a named group produces no values here
        res = 0;
      }
      break;
    case Cap.Backref:
      res = backrefCap(ms);
      break;
    case Cap.Table:
      res = tableCap(ms);
      break;
    case Cap.Function: {
      const top = lua.lua_gettop(L);
      pushValue(ms, ms.idx[k] as number);
      const n = pushNested(ms, false);
      if (n === 1 && lua.lua_tocfunction(L, -2) === builtinTonumber()) toNumber(L);
      else lua.lua_call(L, n, lua.LUA_MULTRET);
      res = lua.lua_gettop(L) - top;
      break;
    }
    case Cap.Num:
      res = numCap(ms);
      break;
    case Cap.Query:
      res = queryCap(ms);
      break;
    case Cap.Fold:
      res = foldCap(ms);
      break;
    default:
      throw new Error(`lpeg: bad capture kind ${ms.kind[k]}`);
  }
  ms.reclevel--;
  return res;
}

/** Pushes the values of every capture after a successful match ending at `end`; returns how many. */
export function getCaptures(ms: MatchState, end: number): number {
  let n = 0;
  if (ms.kind[0] !== Cap.Close) {
    ms.cap = 0;
    ms.reclevel = 0;
    do n += pushCapture(ms);
    while (ms.kind[ms.cap] !== Cap.Close);
  }
  if (n === 0) {
    lua.lua_pushinteger(ms.L, end + 1);
    n = 1;
  }
  return n;
}
