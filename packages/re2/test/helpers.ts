// Shared helpers for the @heka/re2 tests. Expected values are what Go's regexp package reports,
// with positions in UTF-16 code units (JavaScript string indices).
import { expect } from 'vitest';
import { compileRe2, type Re2ErrorCode, Re2SyntaxError } from '../src/index.js';

/** [start, end] of the leftmost match, or null. */
export type Span = [number, number] | null;

/** The leftmost match of `pattern` in `input` as [start, end], or null. */
export function span(pattern: string, input: string): Span {
  const m = compileRe2(pattern).regexp.exec(input);
  return m ? [m.index, m.index + m[0].length] : null;
}

/** Every group of the leftmost match as [start, end] pairs (-1, -1 when unset), or null. */
export function submatches(pattern: string, input: string): number[] | null {
  const re = compileRe2(pattern);
  const m = new RegExp(re.regexp.source, 'vd').exec(input);
  if (!m?.indices) return null;
  return [...m.indices].flatMap((ix) => ix ?? [-1, -1]);
}

/** Checks the leftmost match of the pattern on each [input, expected span] row. */
export function expectSpans(pattern: string, rows: [string, Span][]): void {
  for (const [input, want] of rows) {
    expect(span(pattern, input), `${pattern} on ${JSON.stringify(input)}`).toEqual(want);
  }
}

/** Whether the pattern matches anywhere in the input. */
export function matches(pattern: string, input: string): boolean {
  return compileRe2(pattern).regexp.test(input);
}

/** The error the pattern is rejected with; fails the test if it compiles. */
export function rejection(pattern: string): Re2SyntaxError {
  try {
    compileRe2(pattern);
  } catch (e) {
    if (e instanceof Re2SyntaxError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(pattern)} to be rejected`);
}

/** Checks that each pattern is rejected with the code and offending text Go reports. */
export function expectRejected(rows: [pattern: string, code: Re2ErrorCode, expr: string][]): void {
  for (const [pattern, code, expr] of rows) {
    const e = rejection(pattern);
    expect({ code: e.code, expr: e.expr }, JSON.stringify(pattern)).toEqual({ code, expr });
  }
}

/** Checks that each pattern compiles. */
export function expectAccepted(patterns: string[]): void {
  for (const p of patterns) expect(() => compileRe2(p), JSON.stringify(p)).not.toThrow();
}
