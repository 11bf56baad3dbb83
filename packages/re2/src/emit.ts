/** Turns an RE2 parse tree into the source of an equivalent JavaScript RegExp (flag `v`). */
import type { Node } from './ast.js';
import { neverConsumes, nullable, preferredEmpty } from './empty.js';
import { foldOrbit } from './fold.js';
import { negateRanges, type Ranges, rangesToClassText } from './ranges.js';

/** Characters that must be escaped outside a class in `v` mode. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');

function literalText(cp: number): string {
  if (cp >= 0x20 && cp < 0x7f) {
    const ch = String.fromCharCode(cp);
    return SYNTAX.has(ch) ? `\\${ch}` : ch;
  }
  return `\\u{${cp.toString(16)}}`;
}

/**
 * Node 20's V8 (11.3) mis-compiles a top-level negated class under the `v` flag when it sits in a
 * quantified group that V8 unrolls: `/(?:a[^b])+/v` matches "ab" but not "ac" (the copy is negated
 * twice), and a starred `[^]` matches only ''. So we never emit a top-level `[^...]`: plain ranges are
 * complemented here, and a class with property items is negated as a nested class, which V8
 * evaluates while parsing.
 */
function classText(ranges: Ranges, items: string[], negated: boolean): string {
  if (!negated) return `[${rangesToClassText(ranges)}${items.join('')}]`;
  if (items.length === 0) return `[${rangesToClassText(negateRanges(ranges))}]`;
  return `[[^${rangesToClassText(ranges)}${items.join('')}]]`;
}

/** Every code point (RE2's `.` under (?s)), and every one but \n (its `.` otherwise). */
const ANY = classText([], [], true);
const NOT_NL = classText([0x0a, 0x0a], [], true);

/**
 * V8 also tries the position between the two halves of a surrogate pair, where it lets no character
 * match but lets a negative assertion succeed: `/\B/v` finds a match inside "a😀b", where RE2 (which
 * only stops between characters) finds none. An empty match there needs this guard.
 */
const NOT_MID_PAIR = `(?=${ANY}|$)`;

export function emit(node: Node): string {
  switch (node.kind) {
    case 'literal': {
      if (!node.fold) return literalText(node.cp);
      const orbit = foldOrbit(node.cp);
      return `[${orbit.map((cp) => `\\u{${cp.toString(16)}}`).join('')}]`;
    }
    case 'class':
      return classText(node.ranges, node.items, node.negated);
    case 'anyChar':
      return node.matchNewline ? ANY : NOT_NL;
    case 'assert':
      switch (node.what) {
        // The emitted RegExp never uses the `m` flag, so ^ and $ are the text's ends.
        case 'beginText':
          return '^';
        case 'endText':
          return '$';
        // RE2 lines end only at \n (JS's `m` flag would also break at \r, U+2028 and U+2029).
        // Positive lookarounds, not `(?<![^\n])`: see NOT_MID_PAIR.
        case 'beginLine':
          return '(?<=^|\\n)';
        case 'endLine':
          return '(?=\\n|$)';
        // Without the `i` flag, JS word boundaries are ASCII, as in RE2.
        case 'wordBoundary':
          return '\\b';
        case 'notWordBoundary':
          return `\\B${NOT_MID_PAIR}`;
      }
      break;
    case 'empty':
      return '(?:)';
    case 'group':
      return node.capture > 0 ? `(${emit(node.sub)})` : `(?:${emit(node.sub)})`;
    case 'concat':
      return node.subs.map((s) => (s.kind === 'alternate' ? `(?:${emit(s)})` : emit(s))).join('');
    case 'alternate':
      return node.subs.map(emit).join('|');
    case 'repeat': {
      if (neverConsumes(node.sub) && node.max !== 0) {
        // RE2 runs such a body once (a second, empty, iteration ends the loop); JS would skip an
        // optional empty iteration and lose its captures: `()*` sets group 1 in RE2.
        const once = `(?:${emit(node.sub)})`;
        if (node.min > 0) return once;
        return node.greedy ? `(?:${once}|)` : `(?:|${once})`;
      }
      const first = node.greedy && node.min <= 1 && node.max < 0 ? preferredEmpty(node.sub) : undefined;
      if (first) {
        // RE2 ends the loop when its first iteration prefers '': make that the first choice, then
        // loop as JS does (see empty.ts). `x*` may still stop before any iteration; `x+` may not.
        const stop = first.kind === 'empty' ? '' : emit(first);
        return `(?:${stop}|(?:${emit(node.sub)})+${node.min === 0 ? '|' : ''})`;
      }
      const sub = emit(node.sub);
      if (node.max === 1 && node.min === 0 && nullable(node.sub)) {
        // JS rejects an iteration that matched '' (RE2 keeps it), so `(a??)?` would prefer "a" and
        // `(a*)?` would leave group 1 unset on "". An alternation has no such check.
        return node.greedy ? `(?:${sub}|)` : `(?:|${sub})`;
      }
      const atom = isAtom(node.sub) ? sub : `(?:${sub})`;
      const lazy = node.greedy ? '' : '?';
      if (node.op !== '{}') return `${atom}${node.op}${lazy}`;
      const count =
        node.max === node.min ? `{${node.min}}` : node.max < 0 ? `{${node.min},}` : `{${node.min},${node.max}}`;
      return `${atom}${count}${lazy}`;
    }
  }
  throw new Error('unreachable');
}

/** Whether a quantifier can follow the emitted node directly (assertions cannot be quantified in JS). */
function isAtom(node: Node): boolean {
  return node.kind === 'literal' || node.kind === 'class' || node.kind === 'anyChar' || node.kind === 'group';
}

/** A pattern that is a plain string test: `lit`, `^lit`, `lit$` (`$` or `\z`) or `^lit$`. */
export interface LiteralPattern {
  text: string;
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

export function literalPattern(tree: Node): LiteralPattern | undefined {
  const items = tree.kind === 'concat' ? tree.subs : [tree];
  let i = 0;
  let j = items.length;
  const isAssert = (n: Node | undefined, what: string): boolean => n?.kind === 'assert' && n.what === what;
  const anchoredStart = isAssert(items[0], 'beginText');
  if (anchoredStart) i++;
  const anchoredEnd = j > i && isAssert(items[j - 1], 'endText');
  if (anchoredEnd) j--;
  let text = '';
  for (; i < j; i++) {
    const n = items[i] as Node;
    if (n.kind === 'empty') continue;
    if (n.kind !== 'literal' || n.fold) return undefined;
    text += String.fromCodePoint(n.cp);
  }
  return { text, anchoredStart, anchoredEnd };
}
