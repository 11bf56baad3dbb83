/**
 * Pattern operators on trees, with LPeg's construction-time simplifications. They report when the
 * result is one of the operands (LPeg then returns that very pattern object).
 */
import { nofail, nullable, toCharset } from './analysis.js';
import { difference, union } from './charset.js';
import { type LuaState, lauxlib, toLuaString } from './fengari.js';
import { choiceNode, seqNode, setNode, Tag, TRUE, type Tree, unary } from './tree.js';

const E_LOOP = toLuaString('loop body may accept empty string');
const E_MEMORY = toLuaString('not enough memory');
/** Repetition counts beyond this would build trees too big to compile (C LPeg runs out of memory). */
export const MAXREPEAT = 1 << 20;

/** A result: a new tree, or the first (1) or second (2) operand itself. */
export interface Result {
  readonly which: 0 | 1 | 2;
  readonly tree: Tree;
}

/** p1 * p2: false * x = false, x * true = x, true * x = x. */
export function seqOf(t1: Tree, t2: Tree): Result {
  if (t1.tag === Tag.False || t2.tag === Tag.True) return { which: 1, tree: t1 };
  if (t1.tag === Tag.True) return { which: 2, tree: t2 };
  return { which: 0, tree: seqNode(t1, t2) };
}

/** p1 + p2: set union for byte sets; p1 when it cannot fail or p2 is false; p2 when p1 is false. */
export function choiceOf(t1: Tree, t2: Tree): Result {
  const cs1 = toCharset(t1);
  const cs2 = cs1 === null ? null : toCharset(t2);
  if (cs1 !== null && cs2 !== null) return { which: 0, tree: setNode(union(cs1, cs2)) };
  if (nofail(t1) || t2.tag === Tag.False) return { which: 1, tree: t1 };
  if (t1.tag === Tag.False) return { which: 2, tree: t2 };
  return { which: 0, tree: choiceNode(t1, t2) };
}

/** p1 - p2: set difference for byte sets, else !p2 p1. */
export function differenceOf(t1: Tree, t2: Tree): Tree {
  const cs1 = toCharset(t1);
  const cs2 = cs1 === null ? null : toCharset(t2);
  if (cs1 !== null && cs2 !== null) return setNode(difference(cs1, cs2));
  return seqNode(unary(Tag.Not, t2), t1);
}

/** p^n: at least n repetitions (n >= 0, the body must not match the empty string) or at most -n. */
export function powerOf(L: LuaState, t: Tree, n: number): Tree {
  if (n > MAXREPEAT || n < -MAXREPEAT) lauxlib.luaL_error(L, E_MEMORY);
  let tree: Tree;
  if (n >= 0) {
    if (nullable(t)) lauxlib.luaL_error(L, E_LOOP);
    tree = unary(Tag.Rep, t);
    while (n-- > 0) tree = seqNode(t, tree);
  } else {
    tree = choiceNode(t, TRUE);
    for (n = -n; n > 1; n--) tree = choiceNode(seqNode(t, tree), TRUE);
  }
  return tree;
}
