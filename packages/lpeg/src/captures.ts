/**
 * Evaluation of the capture list into Lua values (after a match, or for a match-time capture while
 * matching), with LPeg's semantics and error messages.
 *
 * The common shapes are evaluated without the Lua API stack where the result is the same: strings of
 * subject ranges are string objects made directly from the bytes (see substr.ts), the Lua values a
 * pattern holds are read once per program (`valuesOf`), and `patt / tonumber` converts the bytes.
 */
import {
  isTonumber,
  type LuaState,
  lauxlib,
  lua,
  NIL_VALUE,
  pushNumeral,
  pushTString,
  pushTValue,
  rawGetLight,
  TAG_LCF,
  type TValue,
  toLuaString,
} from './fengari.js';
import type { MatchState } from './state.js';
import { ByteBuf, stringCap, substCap } from './strcap.js';
import { subString } from './substr.js';
import { Cap } from './tree.js';
import { backrefCap, foldCap, numCap, queryCap, tableCap, toNumber } from './valuecaps.js';

export const MAXRECLEVEL = 200;
const E_TOO_MANY = toLuaString('too many captures');
const E_TOO_DEEP = toLuaString('subcapture nesting too deep');
const E_ABSENT = toLuaString('reference to absent extra argument #%d');

/** The program's Lua values by slot, read from the ktable `kt` (cached on the program). */
export function valuesOf(
  L: LuaState,
  prog: { keys: readonly object[]; vals: TValue[] | null; valsKt: object | null },
  kt: object | null,
): TValue[] {
  if (prog.vals !== null && prog.valsKt === kt) return prog.vals;
  // A ktable is never modified once a pattern owns it, so its entries can be kept.
  const vals = prog.keys.map((key) => (kt === null ? NIL_VALUE : rawGetLight(L, kt, key)));
  prog.vals = vals;
  prog.valsKt = kt;
  return vals;
}

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
    const kind = ms.kind;
    const siz = ms.siz;
    let n = 0;
    for (;;) {
      k++;
      if (kind[k] === Cap.Close) {
        if (n-- === 0) break;
      } else if (siz[k] === 0) n++;
    }
  }
  ms.cap = k + 1;
}

/** The Lua value of a value slot (nil for -1); do not modify it. */
export function valueAt(ms: MatchState, slot: number): TValue {
  return slot < 0 ? NIL_VALUE : (ms.vals[slot] as TValue);
}

/** Pushes the Lua value of a value slot (nil for -1). */
export function pushValue(ms: MatchState, slot: number): void {
  if (slot < 0) lua.lua_pushnil(ms.L);
  else pushTValue(ms.L, ms.vals[slot] as TValue);
}

/** Pushes the string of the subject's bytes [from, to). */
export function pushSubject(ms: MatchState, from: number, to: number): void {
  pushTString(ms.L, subString(ms.subject, from, to));
}

/** Raises LPeg's nesting error when a capture at the current level would be too deep. */
export function checkLevel(ms: MatchState): void {
  if (ms.reclevel > MAXRECLEVEL) lauxlib.luaL_error(ms.L, E_TOO_DEEP);
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
  const kind = ms.kind;
  const siz = ms.siz;
  let k = co + 1;
  let n = 0;
  for (;;) {
    const kk = kind[k];
    if (kk === Cap.Close) break;
    if (kk === Cap.Simple && siz[k] !== 0) {
      // a capture of a range with nothing nested: its string (what pushCapture would push)
      lauxlib.luaL_checkstack(ms.L, 4, E_TOO_MANY);
      checkLevel(ms);
      const p = ms.pos[k] as number;
      pushTString(ms.L, subString(ms.subject, p, p + (siz[k] as number) - 1));
      n++;
      k++;
    } else {
      ms.cap = k;
      n += pushCapture(ms);
      k = ms.cap;
    }
  }
  if (addExtra || n === 0) {
    pushSubject(ms, ms.pos[co] as number, ms.pos[k] as number);
    n++;
  }
  ms.cap = k + 1;
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
      if (res > 1) lua.lua_insert(L, -res); // the whole match comes first
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
    case Cap.Function:
      res = functionCap(ms);
      break;
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

/** `patt / f`: calls f with the nested values; returns how many results it left. */
function functionCap(ms: MatchState): number {
  const L = ms.L;
  const k = ms.cap;
  const f = valueAt(ms, ms.idx[k] as number);
  const tonum = f.type === TAG_LCF && isTonumber(f.value);
  if (tonum) {
    // tonumber of one string made of subject bytes: converted from the bytes themselves
    const one = oneRange(ms, k);
    if (one >= 0) {
      const from = ms.pos[one] as number;
      const to = from + (ms.siz[one] as number) - 1;
      ms.cap = one === k ? k + 1 : k + 3;
      if (!pushNumeral(L, ms.subject.subarray(from, to))) lua.lua_pushnil(L);
      return 1;
    }
  }
  const top = lua.lua_gettop(L);
  pushTValue(L, f);
  const n = pushNested(ms, false);
  if (n === 1 && tonum) toNumber(L);
  else lua.lua_call(L, n, lua.LUA_MULTRET);
  return lua.lua_gettop(L) - top;
}

/**
 * When the only value of the capture at `k` is a string of subject bytes (no nested captures, or one
 * nested simple capture of a range), the entry holding that range; otherwise -1.
 */
function oneRange(ms: MatchState, k: number): number {
  if (ms.siz[k] !== 0) return k;
  const c = k + 1;
  if (ms.kind[c] === Cap.Simple && ms.siz[c] !== 0 && ms.kind[c + 1] === Cap.Close && ms.reclevel <= MAXRECLEVEL)
    return c;
  return -1;
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
