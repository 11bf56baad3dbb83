/** Turns an RE2 parse tree into the source of an equivalent JavaScript RegExp (flag `v`). */
import type { Node } from './ast.js';
import { foldOrbit } from './fold.js';
import { rangesToClassText } from './parser.js';

/** Every code point. */
const ANY = '[\\u{0}-\\u{10ffff}]';

/** Characters that must be escaped outside a class in `v` mode. */
const SYNTAX = new Set('^$\\.*+?()[]{}|/');

function literalText(cp: number): string {
  if (cp >= 0x20 && cp < 0x7f) {
    const ch = String.fromCharCode(cp);
    return SYNTAX.has(ch) ? `\\${ch}` : ch;
  }
  return `\\u{${cp.toString(16)}}`;
}

export function emit(node: Node): string {
  switch (node.kind) {
    case 'literal': {
      if (!node.fold) return literalText(node.cp);
      const orbit = foldOrbit(node.cp);
      return `[${orbit.map((cp) => `\\u{${cp.toString(16)}}`).join('')}]`;
    }
    case 'class':
      if (node.negated && node.ranges.length === 0 && node.items.length === 0) return ANY;
      return `[${node.negated ? '^' : ''}${rangesToClassText(node.ranges)}${node.items.join('')}]`;
    case 'anyChar':
      // Not `[^]`: V8 11.3 (Node 20) mis-handles a quantified `[^]` under the `v` flag (`/[^]*/v` matches '').
      return node.matchNewline ? ANY : '[^\\n]';
    case 'assert':
      switch (node.what) {
        // The emitted RegExp never uses the `m` flag, so ^ and $ are the text's ends.
        case 'beginText':
          return '^';
        case 'endText':
          return '$';
        // RE2 lines end only at \n (JS's `m` flag would also break at \r, U+2028 and U+2029).
        case 'beginLine':
          return '(?<![^\\n])';
        case 'endLine':
          return '(?![^\\n])';
        // Without the `i` flag, JS word boundaries are ASCII, as in RE2.
        case 'wordBoundary':
          return '\\b';
        case 'notWordBoundary':
          return '\\B';
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
      const sub = emit(node.sub);
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
    if (n.kind !== 'literal' || n.fold) return undefined;
    text += String.fromCodePoint(n.cp);
  }
  return { text, anchoredStart, anchoredEnd };
}
