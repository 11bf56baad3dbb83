/**
 * Pattern trees. Nodes are immutable once built and shared freely between patterns (composition never
 * copies a sub-pattern). A node that needs a Lua value (a constant, a function, a group name, a rule
 * name...) has a value key (`vkey`, a unique JS object); the value is in its pattern's "ktable", a Lua
 * table keyed by that object as a light userdata. Copies of a node made while fixing a grammar keep
 * the key, so they need no new ktable entries.
 */
import type { Charset } from './charset.js';

export const Tag = {
  Char: 0, // n = byte
  Set: 1, // cs
  Any: 2,
  AnyN: 3, // n >= 2 arbitrary bytes (lpeg.P(n))
  Str: 4, // bytes, length >= 2 (lpeg.P(string))
  True: 5,
  False: 6,
  Rep: 7, // c1*
  Seq: 8, // c1 c2
  Choice: 9, // c1 / c2
  Not: 10, // !c1
  And: 11, // &c1
  Call: 12, // c1 = the Rule node called
  OpenCall: 13, // value = rule key
  Rule: 14, // c1 = body, n = rule number; value = rule name (when the rule is used)
  Grammar: 15, // rules
  Behind: 16, // c1, n = length to go back
  Capture: 17, // n = capture kind, k = number (Cnum, Carg), value = associated Lua value
  RunTime: 18, // c1, value = function (match-time capture)
} as const;
export type Tag = (typeof Tag)[keyof typeof Tag];

/** Capture kinds (the capture list and Capture nodes use the same numbers). */
export const Cap = {
  Close: 0,
  Position: 1,
  Const: 2,
  Backref: 3,
  Arg: 4,
  Simple: 5,
  Table: 6,
  Function: 7,
  Query: 8,
  String: 9,
  Num: 10,
  Subst: 11,
  Fold: 12,
  Runtime: 13,
  Group: 14,
} as const;

/** Identity of a Lua value held in a ktable. */
export type VKey = Record<string, never>;

export function newKey(): VKey {
  return {};
}

export class Tree {
  /** Cached analyses (-1 = not computed yet). */
  nullableCache = -1;
  nofailCache = -1;
  /** Cached flattening of nested Seq or Choice nodes. */
  itemsCache: Tree[] | null = null;
  /** Whether an OpenCall is reachable without crossing a Grammar (the tree still needs fixing). */
  readonly hasOpen: boolean;

  constructor(
    readonly tag: Tag,
    readonly c1: Tree | null = null,
    readonly c2: Tree | null = null,
    readonly n = 0,
    readonly cs: Charset | null = null,
    readonly bytes: Uint8Array | null = null,
    /** Key of this node's Lua value in its pattern's ktable (null: no value, i.e. nil). */
    readonly vkey: VKey | null = null,
    /** Capture nodes: the number for Cnum and Carg. */
    readonly k = 0,
    readonly rules: Tree[] | null = null,
  ) {
    this.hasOpen =
      tag === Tag.OpenCall ||
      (tag !== Tag.Grammar && tag !== Tag.Call && ((c1?.hasOpen ?? false) || (c2?.hasOpen ?? false)));
  }

  /** The leaves of a maximal nest of nodes with this node's tag (Seq or Choice), left to right. */
  items(): Tree[] {
    if (this.itemsCache !== null) return this.itemsCache;
    const out: Tree[] = [];
    const todo: Tree[] = [this];
    while (todo.length > 0) {
      const t = todo.pop() as Tree;
      if (t.tag === this.tag) {
        todo.push(t.c2 as Tree, t.c1 as Tree);
      } else out.push(t);
    }
    this.itemsCache = out;
    return out;
  }
}

/** Rule nodes are created mutable: their body and name are set while the grammar is built. */
export class RuleTree extends Tree {
  body: Tree;
  /** Whether some call refers to this rule (or it is the unreferenced initial rule given its name). */
  used = false;
  /** Key of this rule's name in the grammar's ktable (the last call fixed to it, or the initial key). */
  nameKey: VKey | null = null;
  constructor(
    readonly index: number,
    body: Tree,
  ) {
    super(Tag.Rule, null, null, index);
    this.body = body;
  }
}

export const TRUE = new Tree(Tag.True);
export const FALSE = new Tree(Tag.False);
export const ANY = new Tree(Tag.Any);

export function charNode(c: number): Tree {
  return new Tree(Tag.Char, null, null, c);
}

export function setNode(cs: Charset): Tree {
  return new Tree(Tag.Set, null, null, 0, cs);
}

export function seqNode(a: Tree, b: Tree): Tree {
  return new Tree(Tag.Seq, a, b);
}

export function choiceNode(a: Tree, b: Tree): Tree {
  return new Tree(Tag.Choice, a, b);
}

export function unary(tag: Tag, a: Tree, n = 0): Tree {
  return new Tree(tag, a, null, n);
}

export function captureNode(kind: number, body: Tree, vkey: VKey | null, k = 0): Tree {
  return new Tree(Tag.Capture, body, null, kind, null, null, vkey, k);
}

export function runtimeNode(body: Tree, vkey: VKey): Tree {
  return new Tree(Tag.RunTime, body, null, 0, null, null, vkey);
}

export function openCallNode(vkey: VKey): Tree {
  return new Tree(Tag.OpenCall, null, null, 0, null, null, vkey);
}

/** A call to a rule; it keeps the key of the name it was called by (for error messages). */
export function callNode(rule: RuleTree, vkey: VKey | null): Tree {
  return new Tree(Tag.Call, rule, null, 0, null, null, vkey);
}

export function grammarNode(rules: RuleTree[]): Tree {
  return new Tree(Tag.Grammar, null, null, rules.length, null, null, null, 0, rules);
}

/** A copy of `t` with other children (same value key). */
export function withChildren(t: Tree, c1: Tree | null, c2: Tree | null): Tree {
  return new Tree(t.tag, c1, c2, t.n, t.cs, t.bytes, t.vkey, t.k, t.rules);
}

/** A pattern matching the given bytes literally. */
export function stringNode(s: Uint8Array): Tree {
  if (s.length === 0) return TRUE;
  if (s.length === 1) return charNode(s[0] as number);
  return new Tree(Tag.Str, null, null, s.length, null, s.slice());
}

/** lpeg.P(n): n >= 0 matches exactly n bytes; -n succeeds only when fewer than n bytes are left. */
export function numberNode(n: number): Tree {
  if (n === 0) return TRUE;
  const m = Math.abs(n);
  const body = m === 1 ? ANY : new Tree(Tag.AnyN, null, null, m);
  return n > 0 ? body : unary(Tag.Not, body);
}

/** The body of a Rule node or the rule a Call refers to. */
export function ruleBody(t: Tree): Tree {
  return (t as RuleTree).body;
}
