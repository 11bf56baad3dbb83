/**
 * @heka/re2: RE2 regular expressions (Go's `regexp` syntax, as Heka uses it) for JavaScript.
 *
 * `compileRe2` validates a pattern with RE2's exact rules and returns a native RegExp that matches the
 * same strings, so matching runs at V8 speed. See README.md for the semantics that differ.
 * `ByteText` reads bytes as Go's regexp does (each invalid byte one U+FFFD) and maps match indexes
 * back to byte offsets.
 */
import type { Node } from './ast.js';
import { emit, type LiteralPattern, literalPattern } from './emit.js';
import { parseRe2 } from './parser.js';

export { ByteText, decodeLikeGo, sequenceLength } from './byte-text.js';
export type { LiteralPattern } from './emit.js';
export type { Re2ErrorCode } from './errors.js';
export { Re2SyntaxError } from './errors.js';

export interface Re2 {
  /** The RE2 pattern as written. */
  readonly pattern: string;
  /** Equivalent native RegExp (flag `v`; never global or sticky, so `test` and `exec` keep no state). */
  readonly regexp: RegExp;
  /** Name of each capture group by number; index 0 (the whole match) is undefined. */
  readonly groupNames: readonly (string | undefined)[];
  /** Set when the pattern is a plain literal, optionally anchored: callers may use string tests. */
  readonly literal: LiteralPattern | undefined;
}

/** Compiles an RE2 pattern; throws Re2SyntaxError for anything RE2 rejects. */
export function compileRe2(pattern: string): Re2 {
  const { tree, groupNames } = parseRe2(pattern);
  return {
    pattern,
    regexp: new RegExp(emit(tree), 'v'),
    groupNames,
    literal: literalPattern(tree),
  };
}

/** The JavaScript source (for flag `v`) equivalent to an RE2 pattern. */
export function re2ToJsSource(pattern: string): string {
  return emit(parseRe2(pattern).tree);
}

export type { Node as Re2Node };
