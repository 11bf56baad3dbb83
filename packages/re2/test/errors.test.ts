// Re2SyntaxError: codes, offending text, offsets, which error wins, invalid UTF-8 and size limits.
import { describe, expect, it } from 'vitest';
import { compileRe2, Re2SyntaxError, re2ToJsSource } from '../src/index.js';
import { expectRejected, rejection } from './helpers.js';

describe('Re2SyntaxError', () => {
  it('is a SyntaxError with Go wording, a code, the offending text and its offset', () => {
    const e = rejection('ab[z-a]');
    expect(e).toBeInstanceOf(SyntaxError);
    expect(e).toBeInstanceOf(Re2SyntaxError);
    expect(e.name).toBe('Re2SyntaxError');
    expect(e.message).toBe('error parsing regexp: invalid character class range: `z-a`');
    expect(e.code).toBe('invalid character class range');
    expect(e.expr).toBe('z-a');
    expect(e.offset).toBe(3);
  });

  it('points at the start of the offending text', () => {
    const offsets: [string, number][] = [
      ['abc)', 3],
      ['x(a', 1],
      ['xy[ab', 2],
      ['a**', 1],
      ['a{1001}', 1],
      ['xy*+', 2],
      ['ab\\q', 2],
      ['a(?P<>b)', 1],
      ['a(?z)', 1],
      ['\\pX', 0],
      ['[[:nope:]]', 1],
      ['[a-\\pL]', 3],
    ];
    for (const [pattern, offset] of offsets) expect(rejection(pattern).offset, pattern).toBe(offset);
  });

  it('is thrown by re2ToJsSource too', () => {
    expect(() => re2ToJsSource('(')).toThrow(Re2SyntaxError);
  });
});

describe('the first problem in the pattern is the one reported', () => {
  it('in left-to-right order, as Go parses', () => {
    expectRejected([
      ['a**[', 'invalid nested repetition operator', '**'],
      ['[z-a]**', 'invalid character class range', 'z-a'],
      ['\\q(', 'invalid escape sequence', '\\q'],
      ['(\\q', 'invalid escape sequence', '\\q'],
      ['(a{1001}', 'invalid repeat count', '{1001}'],
      ['x{2,1})', 'invalid repeat count', '{2,1}'],
    ]);
  });

  it('with missing ) only once the whole pattern is read', () => {
    expectRejected([['((a)|b\\', 'trailing backslash at end of expression', '']]);
  });
});

describe('invalid UTF-8', () => {
  // A JavaScript string cannot hold invalid UTF-8; a lone surrogate stands in for it.
  it('rejects lone surrogates where Go decodes text', () => {
    expectRejected([
      ['a\ud800b', 'invalid UTF-8', '\ud800b'],
      ['\udc00', 'invalid UTF-8', '\udc00'],
      ['[a\ud800]', 'invalid UTF-8', '\ud800]'],
      ['\\\ud800', 'invalid UTF-8', '\ud800'],
      ['\\Qa\ud800\\E', 'invalid UTF-8', '\ud800'],
      ['(?P<a\ud800>x)', 'invalid UTF-8', '\ud800'],
      ['\\p{\ud800}', 'invalid UTF-8', '\ud800'],
      ['(?i\ud800)', 'invalid UTF-8', '\ud800)'],
    ]);
  });

  it('reports an earlier syntax error first', () => {
    expectRejected([
      ['a**\ud800', 'invalid nested repetition operator', '**'],
      ['[z-a]\ud800', 'invalid character class range', 'z-a'],
      [')\ud800', 'unexpected )', ')\ud800'],
    ]);
  });

  it('accepts surrogate pairs as one character', () => {
    expect(compileRe2('😀+').regexp.exec('a😀😀')?.[0]).toBe('😀😀');
  });
});

describe('size limits', () => {
  it('rejects programs RE2 would not build', () => {
    expectRejected([['(?:a{100}b{100}c{100}d{100}){1000}', 'invalid repeat count', '{1000}']]);
    const wide = '(xx?){1000}'.repeat(1200);
    expectRejected([[wide, 'expression too large', wide]]);
  });

  it('rejects too many runes in classes', () => {
    const classes = '\\pL'.repeat(27000);
    const e = rejection(classes);
    expect(e.code).toBe('expression too large');
    expect(e.expr).toBe(classes);
  });

  it('accepts many classes below the limit', () => {
    expect(() => compileRe2('[a-z]'.repeat(20000))).not.toThrow();
  });
});
