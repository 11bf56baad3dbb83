/**
 * Static properties of pattern trees, used to validate patterns (empty loops, look-behind) and to
 * choose the code the compiler emits. All of them are conservative in the same direction as LPeg's.
 */
import { type Charset, FULL, singleton } from './charset.js';
import { ruleBody, Tag, type Tree } from './tree.js';

/** The first rule's body of a grammar (what the grammar matches). */
export function grammarBody(t: Tree): Tree {
  return ruleBody((t.rules as Tree[])[0] as Tree);
}

/** Whether `t` may match the empty string (true when unsure). */
export function nullable(t: Tree): boolean {
  if (t.nullableCache < 0) t.nullableCache = check(t, false) ? 1 : 0;
  return t.nullableCache === 1;
}

/** Whether `t` can never fail (false when unsure). */
export function nofail(t: Tree): boolean {
  if (t.nofailCache < 0) t.nofailCache = check(t, true) ? 1 : 0;
  return t.nofailCache === 1;
}

function check(t: Tree, noFail: boolean): boolean {
  for (;;) {
    switch (t.tag) {
      case Tag.Char:
      case Tag.Set:
      case Tag.Any:
      case Tag.AnyN:
      case Tag.Str:
      case Tag.False:
      case Tag.OpenCall:
        return false;
      case Tag.Rep:
      case Tag.True:
        return true;
      case Tag.Not:
      case Tag.Behind:
        return !noFail;
      case Tag.And:
        if (!noFail) return true;
        t = t.c1 as Tree;
        break;
      case Tag.RunTime:
        if (noFail) return false;
        t = t.c1 as Tree;
        break;
      case Tag.Seq:
        for (const item of t.items()) if (!(noFail ? nofail(item) : nullable(item))) return false;
        return true;
      case Tag.Choice:
        for (const item of t.items()) if (noFail ? nofail(item) : nullable(item)) return true;
        return false;
      case Tag.Capture:
        t = t.c1 as Tree;
        break;
      case Tag.Grammar:
        t = grammarBody(t);
        break;
      case Tag.Call:
        t = ruleBody(t.c1 as Tree);
        break;
      default:
        throw new Error(`lpeg: unexpected tree tag ${t.tag}`);
    }
  }
}

/** The number of bytes `t` always matches, or -1 when it may vary. */
export function fixedLength(t: Tree): number {
  return fixedLen(t, new Set());
}

function fixedLen(t: Tree, calling: Set<Tree>): number {
  let len = 0;
  for (;;) {
    switch (t.tag) {
      case Tag.Char:
      case Tag.Set:
      case Tag.Any:
        return len + 1;
      case Tag.AnyN:
      case Tag.Str:
        return len + t.n;
      case Tag.False:
      case Tag.True:
      case Tag.Not:
      case Tag.And:
      case Tag.Behind:
        return len;
      case Tag.Rep:
      case Tag.RunTime:
      case Tag.OpenCall:
        return -1;
      case Tag.Capture:
        t = t.c1 as Tree;
        break;
      case Tag.Grammar:
        t = grammarBody(t);
        break;
      case Tag.Call: {
        if (calling.has(t)) return -1; // recursive call: not a fixed length
        calling.add(t);
        const n = fixedLen(ruleBody(t.c1 as Tree), calling);
        calling.delete(t);
        return n < 0 ? -1 : len + n;
      }
      case Tag.Seq:
        for (const item of t.items()) {
          const n = fixedLen(item, calling);
          if (n < 0) return -1;
          len += n;
        }
        return len;
      case Tag.Choice: {
        let common = -2;
        for (const item of t.items()) {
          const n = fixedLen(item, calling);
          if (n < 0 || (common !== -2 && n !== common)) return -1;
          common = n;
        }
        return len + common;
      }
      default:
        throw new Error(`lpeg: unexpected tree tag ${t.tag}`);
    }
  }
}

/** Whether `t` produces captures (a grammar: reachable from its initial rule). */
export function hasCaptures(t: Tree): boolean {
  return hasCaps(t, new Set());
}

function hasCaps(t: Tree, calling: Set<Tree>): boolean {
  for (;;) {
    switch (t.tag) {
      case Tag.Capture:
      case Tag.RunTime:
        return true;
      case Tag.Call: {
        if (calling.has(t)) return false;
        calling.add(t);
        const r = hasCaps(ruleBody(t.c1 as Tree), calling);
        calling.delete(t);
        return r;
      }
      case Tag.Grammar:
        t = grammarBody(t);
        break;
      case Tag.Seq:
      case Tag.Choice:
        for (const item of t.items()) if (hasCaps(item, calling)) return true;
        return false;
      case Tag.Rep:
      case Tag.Not:
      case Tag.And:
      case Tag.Behind:
        t = t.c1 as Tree;
        break;
      default:
        return false;
    }
  }
}

/** The set a single-byte pattern (Char, Set, Any) matches; null for other patterns. */
export function toCharset(t: Tree): Charset | null {
  switch (t.tag) {
    case Tag.Set:
      return t.cs;
    case Tag.Char:
      return singleton(t.n);
    case Tag.Any:
      return FULL;
    default:
      return null;
  }
}
