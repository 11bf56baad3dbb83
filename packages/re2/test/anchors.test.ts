// ^ $ \A \z, (?m) line anchors, \b \B, and where in a string a match may start.
import { describe, expect, it } from 'vitest';
import { expectRejected, expectSpans, matches } from './helpers.js';

describe('text anchors', () => {
  it('^ and \\A match only at the start of the text', () => {
    expectSpans('^a', [
      ['ab', [0, 1]],
      ['ba', null],
      ['\na', null],
    ]);
    expectSpans('\\Aa', [['b\na', null]]);
  });

  it('$ and \\z match only at the very end: not before a final \\n', () => {
    expectSpans('a$', [
      ['ba', [1, 2]],
      ['a\n', null],
    ]);
    expectSpans('a\\z', [['a\n', null]]);
  });

  it('\\Z is not supported', () => {
    expectRejected([['a\\Z', 'invalid escape sequence', '\\Z']]);
  });
});

describe('(?m) line anchors', () => {
  it('^ matches after each \\n and $ before each \\n', () => {
    expectSpans('(?m)^b', [['a\nb', [2, 3]]]);
    expectSpans('(?m)a$', [['a\nb', [0, 1]]]);
    expectSpans('(?m)^$', [
      ['a\n\nb', [2, 2]],
      ['a\n', [2, 2]],
      ['', [0, 0]],
      ['ab', null],
    ]);
  });

  it('break lines only at \\n, not at \\r, U+2028 or U+2029', () => {
    expectSpans('(?m)^b', [
      ['a\rb', null],
      ['a\u2028b', null],
      ['a\u2029b', null],
      ['a\r\nb', [3, 4]],
    ]);
    expectSpans('(?m)a$', [['a\r\n', null]]);
  });

  it('leave \\A and \\z anchored to the text', () => {
    expectSpans('(?m)\\Ab', [['a\nb', null]]);
    expectSpans('(?m)a\\z', [['a\nb', null]]);
  });

  it('can be switched off again', () => {
    expectSpans('(?m)(?-m:^b)', [['a\nb', null]]);
  });

  it('repeat correctly', () => {
    expectSpans('(?m)(?:^a)+', [
      ['aa', [0, 1]],
      ['\na', [1, 2]],
    ]);
    expectSpans('(?m)(?:a$)+', [['aa', [1, 2]]]);
    expectSpans('(?m)(?:^|x)+y', [['\nxxy', [1, 4]]]);
  });
});

describe('word boundaries', () => {
  it('use ASCII word characters only', () => {
    expectSpans('\\bé', [
      [' é', null],
      ['aé', [1, 2]],
    ]);
    expectSpans('\\bb', [['éb', [1, 2]]]);
    expectSpans('a\\b', [['aé', [0, 1]]]);
    expectSpans('\\B', [['ab', [1, 1]]]);
    expectSpans('\\B.', [['é', [0, 1]]]);
  });

  it('see the text edges as non-word', () => {
    expectSpans('\\b', [
      ['', null],
      ['a', [0, 0]],
      [' ', null],
    ]);
    expectSpans('\\B', [
      ['', [0, 0]],
      [' ', [0, 0]],
      ['a', null],
    ]);
  });

  it('are never quantified away', () => {
    expectSpans('(?:\\b)+a', [['ba a', [3, 4]]]);
  });
});

describe('positions between the halves of a surrogate pair', () => {
  it('are never match positions', () => {
    // Between "a" and "b" only the edges of 😀 are boundaries between characters.
    expect(matches('\\B', 'a😀b')).toBe(false);
    expect(matches('(?m)^$', '😀')).toBe(false);
    expect(matches('(?m)^', 'a😀')).toBe(true);
    expectSpans('\\B', [['😀', [0, 0]]]);
    expectSpans('(?m)$', [['😀', [2, 2]]]);
    expectSpans('(?m)\\B$', [['a😀', [3, 3]]]);
  });
});
