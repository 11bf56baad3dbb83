/** String captures (patt / "format") and substitution captures (lpeg.Cs), built in a byte buffer. */
import { closeAddr, nextCap, pushCapture, pushValue } from './captures.js';
import { type LuaState, lauxlib, lua, pushOwnedBytes, toLuaString } from './fengari.js';
import type { MatchState } from './state.js';
import { Cap } from './tree.js';

const MAXSTRCAPS = 10;
const E_INDEX = toLuaString('invalid capture index (%d)');
const E_NO_VALUES = toLuaString('no values in capture index %d');
const E_VALUE = toLuaString('invalid %s value (a %s)');
const WHAT_CAPTURE = toLuaString('capture');
const WHAT_REPLACEMENT = toLuaString('replacement');

export class ByteBuf {
  b = new Uint8Array(64);
  n = 0;

  private room(k: number): void {
    if (this.n + k <= this.b.length) return;
    const nb = new Uint8Array(Math.max(this.b.length * 2, this.n + k));
    nb.set(this.b.subarray(0, this.n));
    this.b = nb;
  }

  add(src: Uint8Array, from: number, to: number): void {
    const k = to - from;
    if (k <= 0) return;
    this.room(k);
    this.b.set(src.subarray(from, to), this.n);
    this.n += k;
  }

  addByte(c: number): void {
    this.room(1);
    this.b[this.n++] = c;
  }

  push(L: LuaState): void {
    pushOwnedBytes(L, this.b.slice(0, this.n));
  }
}

/** A nested value of a string capture: a subject range (Simple captures) or a capture to evaluate. */
interface StrPart {
  isString: boolean;
  from: number;
  to: number;
  cap: number;
}

/** Collects the current capture's range and its nested captures into `parts` (at most 10). */
function getStrCaps(ms: MatchState, parts: StrPart[], n: number): number {
  const k = n++;
  const part: StrPart = { isString: true, from: ms.pos[ms.cap] as number, to: 0, cap: 0 };
  parts[k] = part;
  if (ms.siz[ms.cap++] === 0) {
    while (ms.kind[ms.cap] !== Cap.Close) {
      if (n >= MAXSTRCAPS) nextCap(ms);
      else if (ms.kind[ms.cap] === Cap.Simple) n = getStrCaps(ms, parts, n);
      else {
        parts[n++] = { isString: false, from: 0, to: 0, cap: ms.cap };
        nextCap(ms);
      }
    }
    ms.cap++;
  }
  part.to = closeAddr(ms, ms.cap - 1);
  return n;
}

export function stringCap(ms: MatchState, b: ByteBuf): void {
  const L = ms.L;
  pushValue(ms, ms.idx[ms.cap] as number);
  const fmt = lua.lua_tolstring(L, -1) as Uint8Array;
  lua.lua_pop(L, 1);
  const parts: StrPart[] = [];
  const n = getStrCaps(ms, parts, 0) - 1;
  const len = fmt.length;
  for (let i = 0; i < len; i++) {
    const c = fmt[i] as number;
    if (c !== 37 /* % */) {
      b.addByte(c);
      continue;
    }
    i++;
    const d = i < len ? (fmt[i] as number) : 0; // C reads the terminating NUL
    if (d < 48 || d > 57) {
      b.addByte(d);
      continue;
    }
    const l = d - 48;
    if (l > n) lauxlib.luaL_error(L, E_INDEX, l);
    const part = parts[l] as StrPart;
    if (part.isString) b.add(ms.subject, part.from, part.to);
    else {
      const curr = ms.cap;
      ms.cap = part.cap;
      if (!addOneString(ms, b, WHAT_CAPTURE)) lauxlib.luaL_error(L, E_NO_VALUES, l);
      ms.cap = curr;
    }
  }
}

export function substCap(ms: MatchState, b: ByteBuf): void {
  let curr = ms.pos[ms.cap] as number;
  if (ms.siz[ms.cap] !== 0) b.add(ms.subject, curr, closeAddr(ms, ms.cap));
  else {
    ms.cap++;
    while (ms.kind[ms.cap] !== Cap.Close) {
      const next = ms.pos[ms.cap] as number;
      b.add(ms.subject, curr, next);
      if (addOneString(ms, b, WHAT_REPLACEMENT)) curr = closeAddr(ms, ms.cap - 1);
      else curr = next;
    }
    b.add(ms.subject, curr, ms.pos[ms.cap] as number);
  }
  ms.cap++;
}

/** Adds the first value of the current capture (which must be a string or a number) to `b`. */
function addOneString(ms: MatchState, b: ByteBuf, what: Uint8Array): boolean {
  switch (ms.kind[ms.cap]) {
    case Cap.String:
      stringCap(ms, b);
      return true;
    case Cap.Subst:
      substCap(ms, b);
      return true;
    default: {
      const L = ms.L;
      const n = pushCapture(ms);
      if (n === 0) return false;
      if (n > 1) lua.lua_pop(L, n - 1);
      if (!lua.lua_isstring(L, -1)) lauxlib.luaL_error(L, E_VALUE, what, lauxlib.luaL_typename(L, -1));
      const s = lua.lua_tolstring(L, -1) as Uint8Array;
      b.add(s, 0, s.length);
      lua.lua_pop(L, 1);
      return true;
    }
  }
}
