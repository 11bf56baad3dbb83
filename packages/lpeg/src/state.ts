/**
 * The working memory of one match: the capture list, the backtrack stack and what capture evaluation
 * needs. States are pooled by nesting depth (a match-time capture may call lpeg.match again), so a
 * match allocates nothing in the common case.
 */
import type { Program } from './codegen.js';
import { type LuaState, lauxlib, lua, type TValue, toLuaString } from './fengari.js';

/** LPeg's initial size of the backtrack stack, and the default lpeg.setmaxstack limit. */
export const MAXBACK = 400;
export const MAXSTACK_KEY = toLuaString('lpeg-maxstack');
const E_OVERFLOW = toLuaString('backtrack stack overflow (current limit is %d)');

export class MatchState {
  L = null as unknown as LuaState;
  subject: Uint8Array = new Uint8Array(0);
  /** Stack index of the last argument to match (extra arguments for Carg end here). */
  ptop = 0;
  /** Stack index of the pattern's ktable. */
  ktIdx = 0;
  /** The ktable itself (a fengari table object), or null when the pattern holds no values. */
  kt: object | null = null;
  /** The pattern's Lua values by slot (see valuesOf). */
  vals: TValue[] = [];
  prog = null as unknown as Program;

  // The capture list: one entry per capture event (parallel arrays).
  kind: Int32Array = new Int32Array(64);
  pos: Int32Array = new Int32Array(64);
  /** 0: open capture; n > 0: full capture of n - 1 bytes (close entries have 1). */
  siz: Int32Array = new Int32Array(64);
  /** Value slot, capture number (Cnum, Carg), or Lua stack index (runtime values); -1: none. */
  idx: Int32Array = new Int32Array(64);
  captop = 0;
  /** Number of match-time capture values kept on the Lua stack. */
  ndyncap = 0;

  // The backtrack stack: saved position (-1 for calls), instruction, capture level.
  stS: Int32Array = new Int32Array(MAXBACK);
  stP: Int32Array = new Int32Array(MAXBACK);
  stC: Int32Array = new Int32Array(MAXBACK);

  // Capture evaluation.
  cap = 0;
  reclevel = 0;

  resetCaps(): void {
    this.kind = new Int32Array(64);
    this.pos = new Int32Array(64);
    this.siz = new Int32Array(64);
    this.idx = new Int32Array(64);
  }

  resetStack(): void {
    this.stS = new Int32Array(MAXBACK);
    this.stP = new Int32Array(MAXBACK);
    this.stC = new Int32Array(MAXBACK);
  }

  /** Makes room for `n` more capture entries after `top` (always keeping one spare). */
  growCaps(top: number, n: number): void {
    if (this.kind.length - top > n + 1) return;
    const size = Math.max(this.kind.length * 2, top + n + 2);
    const grow = (a: Int32Array): Int32Array => {
      const b = new Int32Array(size);
      b.set(a.subarray(0, top));
      return b;
    };
    this.kind = grow(this.kind);
    this.pos = grow(this.pos);
    this.siz = grow(this.siz);
    this.idx = grow(this.idx);
  }

  /**
   * The backtrack stack is full at `limit` entries: doubles the limit up to lpeg.setmaxstack's value
   * (read from the registry, as LPeg does), or raises LPeg's overflow error.
   */
  growStack(limit: number, used: number): number {
    const L = this.L;
    lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, MAXSTACK_KEY);
    const max = (lua.lua_tointegerx(L, -1) || 0) as number;
    lua.lua_pop(L, 1);
    if (limit >= max) lauxlib.luaL_error(L, E_OVERFLOW, max);
    const n = Math.min(2 * limit, max);
    if (this.stS.length < n) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(n);
        b.set(a.subarray(0, used));
        return b;
      };
      this.stS = grow(this.stS);
      this.stP = grow(this.stP);
      this.stC = grow(this.stC);
    }
    return n;
  }
}

const EMPTY = new Uint8Array(0);
const pool: MatchState[] = [];
let depth = 0;

export function acquireState(): MatchState {
  let ms = pool[depth];
  if (ms === undefined) {
    ms = new MatchState();
    pool[depth] = ms;
  }
  depth++;
  return ms;
}

export function releaseState(ms: MatchState): void {
  depth--;
  // Drop references to Lua objects; shrink buffers a huge match left behind.
  ms.L = null as unknown as LuaState;
  ms.kt = null;
  ms.subject = EMPTY;
  ms.vals = [];
  if (ms.kind.length > 1 << 16) ms.resetCaps();
  if (ms.stS.length > 1 << 16) ms.resetStack();
}
