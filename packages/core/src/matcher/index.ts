/** Heka's message matcher: `compileMatcher(expression).match(message)`. */
import type { Message } from '../message/message.js';
import { compileExpr, generate } from './compile.js';
import { parseMatcher } from './parser.js';

export interface Matcher {
  /** The expression as written. */
  readonly expression: string;
  /** Whether the message satisfies the expression. */
  match(message: Message): boolean;
}

// Many plugins share expressions (and a config reload recompiles them all): compile each once.
const cache = new Map<string, Matcher>();
const CACHE_LIMIT = 10_000;

/** Compiles a matcher expression; throws MatcherSyntaxError (with the column) when it does not parse. */
export function compileMatcher(expression: string): Matcher {
  const cached = cache.get(expression);
  if (cached) return cached;
  const match = compileExpr(parseMatcher(expression));
  const matcher: Matcher = Object.freeze({ expression, match });
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, matcher);
  return matcher;
}

/** The generated JavaScript for an expression (for debugging). */
export function matcherSource(expression: string): string {
  return generate(parseMatcher(expression)).source;
}
