/** First sets, head failures and follow-set needs: the properties the compiler's optimisations use. */
import { grammarBody, nofail, nullable, toCharset } from './analysis.js';
import { type Charset, complement, emptySet, FULL, intersection, singleton, union } from './charset.js';
import { ruleBody, Tag, type Tree } from './tree.js';

/**
 * The first set of `t` given what follows it: any byte that can start a match of `t` followed by
 * `follow` is in it. Bit 1 of the result: `t` may match the empty string (the set cannot guard it);
 * bit 2: `t` contains a match-time capture (optimisations must not skip it).
 */
export function firstSet(t: Tree, follow: Charset): { e: number; cs: Charset } {
  switch (t.tag) {
    case Tag.Char:
    case Tag.Set:
    case Tag.Any:
      return { e: 0, cs: toCharset(t) as Charset };
    case Tag.AnyN:
      return { e: 0, cs: FULL };
    case Tag.Str:
      return { e: 0, cs: singleton((t.bytes as Uint8Array)[0] as number) };
    case Tag.True:
      return { e: 1, cs: follow };
    case Tag.False:
      return { e: 0, cs: emptySet() };
    case Tag.Choice: {
      let e = 0;
      let cs = emptySet();
      for (const item of t.items()) {
        const r = firstSet(item, follow);
        e |= r.e;
        cs = union(cs, r.cs);
      }
      return { e, cs };
    }
    case Tag.Seq:
      return seqFirst(t.items(), follow);
    case Tag.Rep: {
      const r = firstSet(t.c1 as Tree, follow);
      return { e: 1, cs: union(r.cs, follow) };
    }
    case Tag.Capture:
      return firstSet(t.c1 as Tree, follow);
    case Tag.Grammar:
      return firstSet(grammarBody(t), follow);
    case Tag.Call:
      return firstSet(ruleBody(t.c1 as Tree), follow);
    case Tag.RunTime: {
      const r = firstSet(t.c1 as Tree, FULL);
      return { e: r.e !== 0 ? 2 : 0, cs: r.cs };
    }
    case Tag.And: {
      const r = firstSet(t.c1 as Tree, follow);
      return { e: r.e, cs: intersection(r.cs, follow) };
    }
    case Tag.Not: {
      const cs = toCharset(t.c1 as Tree);
      if (cs !== null) return { e: 1, cs: complement(cs) };
      const r = firstSet(t.c1 as Tree, follow);
      return { e: r.e | 1, cs: follow };
    }
    case Tag.Behind: {
      const r = firstSet(t.c1 as Tree, follow);
      return { e: r.e | 1, cs: follow };
    }
    default:
      throw new Error(`lpeg: unexpected tree tag ${t.tag}`);
  }
}

/** First set of a sequence: only the prefix up to the first non-nullable item matters. */
function seqFirst(items: Tree[], follow: Charset): { e: number; cs: Charset } {
  let last = items.length - 1;
  for (let j = 0; j < items.length - 1; j++) {
    if (!nullable(items[j] as Tree)) {
      last = j;
      break;
    }
  }
  let acc = firstSet(items[last] as Tree, last < items.length - 1 ? FULL : follow);
  for (let j = last - 1; j >= 0; j--) {
    const r = firstSet(items[j] as Tree, acc.cs);
    const e = r.e === 0 ? 0 : ((r.e | acc.e) & 2) !== 0 ? 2 : acc.e;
    acc = { e, cs: r.cs };
  }
  return acc;
}

/** Whether `t` can fail only by looking at the next byte. */
export function headFail(t: Tree): boolean {
  for (;;) {
    switch (t.tag) {
      case Tag.Char:
      case Tag.Set:
      case Tag.Any:
      case Tag.False:
        return true;
      case Tag.AnyN:
      case Tag.Str:
      case Tag.True:
      case Tag.Rep:
      case Tag.RunTime:
      case Tag.Not:
      case Tag.Behind:
        return false;
      case Tag.Capture:
      case Tag.And:
        t = t.c1 as Tree;
        break;
      case Tag.Grammar:
        t = grammarBody(t);
        break;
      case Tag.Call:
        t = ruleBody(t.c1 as Tree);
        break;
      case Tag.Seq: {
        const items = t.items();
        for (let j = 1; j < items.length; j++) if (!nofail(items[j] as Tree)) return false;
        t = items[0] as Tree;
        break;
      }
      case Tag.Choice:
        for (const item of t.items()) if (!headFail(item)) return false;
        return true;
      default:
        throw new Error(`lpeg: unexpected tree tag ${t.tag}`);
    }
  }
}

/** Whether the code for `t` can use the follow set (only choices and repetitions use it). */
export function needFollow(t: Tree): boolean {
  for (;;) {
    switch (t.tag) {
      case Tag.Choice:
      case Tag.Rep:
        return true;
      case Tag.Capture:
        t = t.c1 as Tree;
        break;
      case Tag.Seq: {
        const items = t.items();
        t = items[items.length - 1] as Tree;
        break;
      }
      default:
        return false;
    }
  }
}
