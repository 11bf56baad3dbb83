// Escape sequences: punctuation, C escapes, octal, hex, \Q...\E, and the escapes RE2 refuses.
import { describe, expect, it } from 'vitest';
import { expectAccepted, expectRejected, expectSpans, span } from './helpers.js';

describe('punctuation escapes', () => {
  it('match the character itself', () => {
    for (const ch of '.*+?()[]{}|^$\\/-_,:;!"#%&\'<=>@`~') {
      expect(span(`x\\${ch}y`, `-x${ch}y-`), ch).toEqual([1, 4]);
    }
  });

  it('rejects escaped letters and digits that mean nothing to RE2', () => {
    expectRejected([
      ['\\q', 'invalid escape sequence', '\\q'],
      ['ab\\yc', 'invalid escape sequence', '\\y'],
      ['\\Z', 'invalid escape sequence', '\\Z'],
      ['\\e', 'invalid escape sequence', '\\e'],
      ['\\G', 'invalid escape sequence', '\\G'],
      ['\\K', 'invalid escape sequence', '\\K'],
      ['\\N', 'invalid escape sequence', '\\N'],
      ['\\R', 'invalid escape sequence', '\\R'],
      ['\\h', 'invalid escape sequence', '\\h'],
      ['\\X', 'invalid escape sequence', '\\X'],
      ['\\u0041', 'invalid escape sequence', '\\u'],
      ['\\c', 'invalid escape sequence', '\\c'],
      ['[\\y]', 'invalid escape sequence', '\\y'],
    ]);
  });

  it('rejects non-ASCII escapes', () => {
    expectRejected([
      ['\\é', 'invalid escape sequence', '\\é'],
      ['\\😀', 'invalid escape sequence', '\\😀'],
    ]);
  });

  it('rejects \\C (any byte) and a trailing backslash', () => {
    expectRejected([
      ['a\\C', 'invalid escape sequence', '\\C'],
      ['a\\', 'trailing backslash at end of expression', ''],
      ['[a\\', 'trailing backslash at end of expression', ''],
      ['\\', 'trailing backslash at end of expression', ''],
    ]);
  });

  it('rejects backreferences, which RE2 does not support', () => {
    expectRejected([
      ['(a)\\1', 'invalid escape sequence', '\\1'],
      ['(a)\\9', 'invalid escape sequence', '\\9'],
      ['\\8', 'invalid escape sequence', '\\8'],
      ['(?P<n>a)\\k<n>', 'invalid escape sequence', '\\k'],
    ]);
  });
});

describe('C escapes', () => {
  it('map \\a \\f \\n \\r \\t \\v to control characters', () => {
    expectSpans('\\a\\f\\n\\r\\t\\v', [
      ['>\x07\f\n\r\t\v<', [1, 7]],
      ['\x07\f\n\r\t', null],
    ]);
  });

  it('has no \\b backspace: \\b is a word boundary, even inside a class it is an error', () => {
    expect(span('\\bx', 'ax x')).toEqual([3, 4]);
    expectRejected([['[\\b]', 'invalid escape sequence', '\\b']]);
  });
});

describe('octal escapes', () => {
  it('read up to three octal digits after a 0, or after 1-7 when another digit follows', () => {
    expectSpans('\\0', [['a\0b', [1, 2]]]);
    expectSpans('\\07', [['\x07', [0, 1]]]);
    expectSpans('\\101', [['zA', [1, 2]]]);
    expectSpans('\\12', [['\n', [0, 1]]]);
    expectSpans('\\1012', [['A2', [0, 2]]]);
    expectSpans('\\0101', [
      ['A', null],
      ['\x081', [0, 2]],
    ]);
    expectSpans('\\377', [['ÿ', [0, 1]]]);
  });

  it('stop at a non-octal digit', () => {
    expectSpans('\\08', [['\x008', [0, 2]]]);
    expectRejected([['\\18', 'invalid escape sequence', '\\1']]);
  });

  it('work inside classes and as range ends', () => {
    expectSpans('[\\060-\\071]+', [['ab123c', [2, 5]]]);
  });
});

describe('hex escapes', () => {
  it('take exactly two digits, or any number in braces', () => {
    expectSpans('\\x41\\x62', [['zAb', [1, 3]]]);
    expectSpans('\\x{41}', [['A', [0, 1]]]);
    expectSpans('\\x{000041}', [['A', [0, 1]]]);
    expectSpans('\\x{1F600}', [['a😀', [1, 3]]]);
    expectSpans('\\x{10FFFF}', [['\u{10ffff}', [0, 2]]]);
    expectSpans('\\xe9', [['é', [0, 1]]]);
    expectSpans('\\x411', [['A1', [0, 2]]]);
  });

  it('accept upper- and lower-case digits', () => {
    expectSpans('\\x{aBc}', [['\u0abc', [0, 1]]]);
  });

  it('reject short, empty, non-hex or too large values', () => {
    expectRejected([
      ['\\x', 'invalid escape sequence', '\\x'],
      ['\\x4', 'invalid escape sequence', '\\x4'],
      ['\\x4g', 'invalid escape sequence', '\\x4g'],
      ['\\xg4', 'invalid escape sequence', '\\xg4'],
      ['\\x{}', 'invalid escape sequence', '\\x{}'],
      ['\\x{41', 'invalid escape sequence', '\\x{41'],
      ['\\x{4g}', 'invalid escape sequence', '\\x{4g'],
      ['\\x{110000}', 'invalid escape sequence', '\\x{110000'],
      ['\\x{ 41}', 'invalid escape sequence', '\\x{ '],
      ['[\\x{110000}]', 'invalid escape sequence', '\\x{110000'],
    ]);
  });

  it('may name a surrogate code point, which valid text never contains', () => {
    expectAccepted(['\\x{D800}', '[\\x{DC00}-\\x{DFFF}]']);
    expect(span('\\x{D800}', 'a😀b')).toBeNull();
  });
});

describe('\\Q...\\E', () => {
  it('quotes everything up to \\E', () => {
    expectSpans('\\Qa.b*c\\E', [
      ['xa.b*c', [1, 6]],
      ['aXbbc', null],
    ]);
    expectSpans('\\Q(?i)[x]{2}\\E', [['(?i)[x]{2}', [0, 10]]]);
  });

  it('quotes to the end of the pattern without \\E', () => {
    expectSpans('a\\Q+|)', [['a+|)', [0, 4]]]);
  });

  it('keeps a backslash before the \\E', () => {
    expectSpans('\\Q\\\\E', [['\\', [0, 1]]]);
    expectSpans('\\Qa\\b\\E', [['a\\b', [0, 3]]]);
  });

  it('lets a following quantifier apply to the last quoted character only', () => {
    expectSpans('\\Qab\\E+', [
      ['abbb', [0, 4]],
      ['abab', [0, 2]],
    ]);
  });

  it('is empty for \\Q\\E, which then leaves a quantifier with no argument', () => {
    expectSpans('a\\Q\\Eb', [['ab', [0, 2]]]);
    expectRejected([['\\Q\\E*', 'missing argument to repetition operator', '*']]);
  });

  it('is case-folded under (?i)', () => {
    expectSpans('(?i)\\Qa.B\\E', [['A.b', [0, 3]]]);
  });

  it('is not recognised inside a class', () => {
    expectRejected([['[\\Q]', 'invalid escape sequence', '\\Q']]);
  });
});
