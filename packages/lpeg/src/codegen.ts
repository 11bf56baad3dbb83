/**
 * Compiles a pattern tree to the matcher's instructions. The code has the same shape as LPeg's parsing
 * machine (choices, commits, calls), including the optimisations that avoid backtrack entries, so
 * that patterns use the same amount of backtrack stack as in LPeg (lpeg.setmaxstack).
 */
import { fixedLength, hasCaptures, toCharset } from './analysis.js';
import { type Charset, countChars, difference, disjoint, emptySet, FULL, hasChar, union } from './charset.js';
import { Emitter, NOINST, type Program } from './emitter.js';
import { firstSet, headFail, needFollow } from './firstset.js';
import { INSTR, Op } from './ops.js';
import { finalTarget } from './peephole.js';
import { Cap, type RuleTree, Tag, type Tree } from './tree.js';

export type { Program };

/** Longest fixed-length capture coded as a single FullCapture. */
const MAXOFF = 1 << 20;
/** Longest and-predicate coded with Behind (LPeg's look-behind limit). */
export const MAXBEHIND = 255;

class Compiler extends Emitter {
  private pending: { pc: number; rule: RuleTree }[] = [];

  gen(t: Tree, opt: boolean, tt: number, fl: Charset): void {
    for (;;) {
      switch (t.tag) {
        case Tag.Char:
          this.codeChar(t.n, tt);
          return;
        case Tag.Any:
          this.emit(Op.Any);
          return;
        case Tag.AnyN:
          this.emit(Op.AnyN, t.n);
          return;
        case Tag.Str: {
          const s = t.bytes as Uint8Array;
          this.codeChar(s[0] as number, tt);
          if (s.length === 2) this.emit(Op.Char, s[1] as number);
          else this.emit(Op.Str, this.literal(s.subarray(1)), s.length - 1);
          return;
        }
        case Tag.Set:
          this.codeCharset(t.cs as Charset, tt);
          return;
        case Tag.True:
          return;
        case Tag.False:
          this.emit(Op.Fail);
          return;
        case Tag.Choice:
          this.codeChoice(t.items(), opt, fl);
          return;
        case Tag.Rep:
          this.codeRep(t.c1 as Tree, opt, fl);
          return;
        case Tag.Behind:
          if (t.n > 0) this.emit(Op.Behind, t.n);
          this.gen(t.c1 as Tree, false, NOINST, FULL);
          return;
        case Tag.Not:
          this.codeNot(t.c1 as Tree);
          return;
        case Tag.And:
          this.codeAnd(t.c1 as Tree, tt);
          return;
        case Tag.Capture:
          this.codeCapture(t, tt, fl);
          return;
        case Tag.RunTime:
          this.emit(Op.OpenCapture, Cap.Group, 0, this.slot(t.vkey));
          this.gen(t.c1 as Tree, false, tt, FULL);
          this.emit(Op.CloseRunTime);
          return;
        case Tag.Grammar:
          this.codeGrammar(t.rules as RuleTree[]);
          return;
        case Tag.Call:
          this.pending.push({ pc: this.emit(Op.OpenCall), rule: t.c1 as RuleTree });
          return;
        case Tag.Seq: {
          const items = t.items();
          const last = items.length - 1;
          let follows: Charset[] | null = null;
          for (let j = 0; j < last; j++) {
            const p1 = items[j] as Tree;
            if (needFollow(p1)) {
              follows ??= seqFollows(items, fl);
              this.gen(p1, false, tt, follows[j + 1] as Charset);
            } else this.gen(p1, false, tt, FULL);
            if (fixedLength(p1) !== 0) tt = NOINST; // p1 may consume: the test no longer protects
          }
          t = items[last] as Tree;
          break;
        }
        default:
          throw new Error(`lpeg: cannot compile tree tag ${t.tag}`);
      }
    }
  }

  /**
   * Code for the ordered choice among `items`, right-associated as in LPeg (p1 / (p2 / (...))).
   * Iterative: every level's exit jump goes to the same end, patched once the last item is coded.
   */
  private codeChoice(items: Tree[], opt: boolean, fl: Charset): void {
    const last = items.length - 1;
    // rest[j]: first set of the alternatives after j (items[j + 1..]) followed by fl
    const rest: Charset[] = new Array(items.length);
    let acc = firstSet(items[last] as Tree, fl).cs;
    for (let j = last - 1; j >= 0; j--) {
      rest[j] = acc;
      acc = union(acc, firstSet(items[j] as Tree, fl).cs);
    }
    const exits: number[] = [];
    let j = 0;
    for (; j < last; j++) {
      const p1 = items[j] as Tree;
      const emptyP2 = j === last - 1 && (items[last] as Tree).tag === Tag.True;
      const f1 = firstSet(p1, FULL);
      if (headFail(p1) || (f1.e === 0 && disjoint(f1.cs, rest[j] as Charset))) {
        // test(first(p1)) -> L1; p1; jmp L2; L1: p2; L2:
        const test = this.codeTestSet(f1.cs, 0);
        this.gen(p1, false, test, fl);
        if (!emptyP2) exits.push(this.emit(Op.Jmp));
        this.jumpHere(test);
      } else if (opt && emptyP2) {
        // p1? inside an optional: reuse the enclosing backtrack entry
        this.jumpHere(this.emit(Op.PartialCommit));
        this.gen(p1, true, NOINST, FULL);
        j = last + 1; // the last item (true) needs no code
        break;
      } else {
        // test(first(p1)) -> L1; choice L1; p1; commit L2; L1: p2; L2:
        const test = this.codeTestSet(f1.cs, f1.e);
        const choice = this.emit(Op.Choice);
        this.gen(p1, emptyP2, test, FULL);
        exits.push(this.emit(Op.Commit));
        this.jumpHere(choice);
        this.jumpHere(test);
      }
    }
    if (j === last) this.gen(items[last] as Tree, opt, NOINST, fl);
    for (const pc of exits) this.jumpHere(pc);
  }

  private codeRep(p: Tree, opt: boolean, fl: Charset): void {
    const cs = toCharset(p);
    if (cs !== null) {
      if (countChars(cs) === 255) {
        let c = 0;
        while (hasChar(cs, c)) c++;
        this.emit(Op.SpanTo, c);
      } else this.emit(Op.Span, this.table(cs));
      return;
    }
    const f = firstSet(p, FULL);
    if (headFail(p) || (f.e === 0 && disjoint(f.cs, fl))) {
      // L1: [span(plain)]; test(first(p)) -> L2; p; jmp L1; L2:
      const plain = plainBytes(p);
      const head = plain !== null ? this.emit(Op.Span, this.table(plain)) : this.here();
      const test = this.codeTestSet(f.cs, 0);
      this.gen(p, false, test, FULL);
      const jmp = this.emit(Op.Jmp);
      this.jumpHere(test);
      this.jumpTo(jmp, head);
    } else {
      // test(first(p)) -> L2; choice L2; L1: p; partialcommit L1; L2:
      const test = this.codeTestSet(f.cs, f.e);
      let choice = NOINST;
      if (opt) this.jumpHere(this.emit(Op.PartialCommit));
      else choice = this.emit(Op.Choice);
      const loop = this.here();
      this.gen(p, false, NOINST, FULL);
      this.jumpTo(this.emit(Op.PartialCommit), loop);
      this.jumpHere(choice);
      this.jumpHere(test);
    }
  }

  private codeNot(p: Tree): void {
    const f = firstSet(p, FULL);
    const test = this.codeTestSet(f.cs, f.e);
    if (headFail(p)) this.emit(Op.Fail);
    else {
      const choice = this.emit(Op.Choice);
      this.gen(p, false, NOINST, FULL);
      this.emit(Op.FailTwice);
      this.jumpHere(choice);
    }
    this.jumpHere(test);
  }

  private codeAnd(p: Tree, tt: number): void {
    const n = fixedLength(p);
    if (n >= 0 && n <= MAXBEHIND && !hasCaptures(p)) {
      this.gen(p, false, tt, FULL);
      if (n > 0) this.emit(Op.Behind, n);
    } else {
      const choice = this.emit(Op.Choice);
      this.gen(p, false, tt, FULL);
      const commit = this.emit(Op.BackCommit);
      this.jumpHere(choice);
      this.emit(Op.Fail);
      this.jumpHere(commit);
    }
  }

  private codeCapture(t: Tree, tt: number, fl: Charset): void {
    const body = t.c1 as Tree;
    const key = t.n === Cap.Num || t.n === Cap.Arg ? t.k : this.slot(t.vkey);
    const len = fixedLength(body);
    if (len >= 0 && len <= MAXOFF && !hasCaptures(body)) {
      this.gen(body, false, tt, fl);
      this.emit(Op.FullCapture, t.n, len, key);
    } else {
      this.emit(Op.OpenCapture, t.n, 0, key);
      this.gen(body, false, tt, fl);
      this.emit(Op.CloseCapture);
    }
  }

  /** call L1; jmp L2; L1: rule1; ret; rule2; ret; ... L2: (calls followed by ret become jumps) */
  private codeGrammar(rules: RuleTree[]): void {
    const first = this.emit(Op.Call);
    const toEnd = this.emit(Op.Jmp);
    this.jumpHere(first);
    const mark = this.pending.length;
    const positions = new Map<RuleTree, number>();
    for (const rule of rules) {
      positions.set(rule, this.here());
      this.gen(rule.body, false, NOINST, FULL);
      this.emit(Op.Ret);
    }
    this.jumpHere(toEnd);
    const code = this.code;
    for (let k = mark; k < this.pending.length; k++) {
      const { pc, rule } = this.pending[k] as { pc: number; rule: RuleTree };
      code[pc] = code[finalTarget(code, pc + INSTR)] === Op.Ret ? Op.Jmp : Op.Call;
      this.jumpTo(pc, positions.get(rule) as number);
    }
    this.pending.length = mark;
  }
}

/**
 * For a loop body `p1 + ... + pn + set` (the last alternative a single byte of `set`, every other
 * one guarded by its first set): the bytes of `set` that no other alternative can start with, or null
 * when there are none worth a span. On such a byte the code of the body skips p1..pn by their tests
 * and matches exactly that byte, without captures or backtrack entries; so a span over these bytes at
 * the head of the loop does the same iterations at once (`(P'\\"' + (1 - P'"'))^0` spans everything
 * but the backslash and the quote).
 */
function plainBytes(p: Tree): Charset | null {
  if (p.tag !== Tag.Choice) return null;
  const items = p.items();
  const last = toCharset(items[items.length - 1] as Tree);
  if (last === null) return null;
  let others = emptySet();
  for (let j = 0; j < items.length - 1; j++) {
    const f = firstSet(items[j] as Tree, FULL);
    if (f.e !== 0) return null;
    others = union(others, f.cs);
  }
  const plain = difference(last, others);
  return countChars(plain) > 1 ? plain : null;
}

/**
 * follows[j]: the first set of the sequence items[j..] followed by `fl` (what may follow item j - 1).
 * Follow sets do not matter after a pattern that cannot match the empty string, so right to left
 * gives the same sets as LPeg's right-associated sequences.
 */
function seqFollows(items: Tree[], fl: Charset): Charset[] {
  const out: Charset[] = new Array(items.length + 1);
  out[items.length] = fl;
  for (let j = items.length - 1; j >= 0; j--) out[j] = firstSet(items[j] as Tree, out[j + 1] as Charset).cs;
  return out;
}

export function compileTree(tree: Tree): Program {
  const c = new Compiler();
  c.gen(tree, false, NOINST, FULL);
  return c.finish();
}
