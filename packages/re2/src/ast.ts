/** The parse tree of an RE2 pattern, close to Go's regexp/syntax ops. */
import type { Ranges } from './ranges.js';

export type Node =
  | { kind: 'literal'; cp: number; fold: boolean }
  /** `ranges` ∪ `items` (JS `v`-mode class operands such as `\p{Lu}`), complemented when `negated`. */
  | { kind: 'class'; ranges: Ranges; items: string[]; negated: boolean }
  | { kind: 'anyChar'; matchNewline: boolean }
  | { kind: 'assert'; what: 'beginText' | 'endText' | 'beginLine' | 'endLine' | 'wordBoundary' | 'notWordBoundary' }
  | { kind: 'empty' }
  | { kind: 'group'; capture: number; name: string | undefined; sub: Node }
  | { kind: 'concat'; subs: Node[] }
  | { kind: 'alternate'; subs: Node[] }
  /** op is the written operator; max = -1 means unbounded. */
  | { kind: 'repeat'; op: '*' | '+' | '?' | '{}'; min: number; max: number; greedy: boolean; sub: Node };

export type AssertKind = Extract<Node, { kind: 'assert' }>['what'];
