// Flags (?i) (?m) (?s) (?U), their negation and how far each setting reaches.
import { describe, expect, it } from 'vitest';
import { expectAccepted, expectRejected, expectSpans, submatches } from './helpers.js';

describe('scoping', () => {
  it('(?i:...) applies inside the group only', () => {
    expectSpans('(?i:a)b', [
      ['Ab', [0, 2]],
      ['AB', null],
    ]);
    expectSpans('a(?i:b)c', [
      ['aBc', [0, 3]],
      ['aBC', null],
    ]);
  });

  it('a bare (?i) lasts to the end of the enclosing group, across alternatives', () => {
    expectSpans('a(?i)b|c', [
      ['aB', [0, 2]],
      ['C', [0, 1]],
      ['AB', null],
    ]);
    expectSpans('(a(?i)b)c', [
      ['aBc', [0, 3]],
      ['aBC', null],
    ]);
    expectSpans('(?:x(?i)y|z)w', [
      ['xYw', [0, 3]],
      ['Zw', [0, 2]],
      ['zW', null],
    ]);
  });

  it('(?-i) turns folding off again', () => {
    expectSpans('(?i)a(?-i)b', [
      ['Ab', [0, 2]],
      ['AB', null],
    ]);
    expectSpans('(?i)a(?-i:b)c', [['AbC', [0, 3]]]);
  });

  it('sets and clears several flags at once', () => {
    expectSpans('(?is)a.b', [['A\nB', [0, 3]]]);
    expectSpans('(?is)a(?-is:.)b', [
      ['A\nB', null],
      ['AxB', [0, 3]],
    ]);
    expectSpans('(?i-s:a.)', [
      ['A\n', null],
      ['Ax', [0, 2]],
    ]);
    expectSpans('(?im)^b', [['a\nB', [2, 3]]]);
  });

  it('restores the outer flags after a group that changed them', () => {
    expectSpans('((?i)a)a', [
      ['Aa', [0, 2]],
      ['AA', null],
    ]);
  });
});

describe('(?s) and .', () => {
  it('. excludes only \\n by default', () => {
    expectSpans('a.c', [
      ['a\nc', null],
      ['a\rc', [0, 3]],
      ['a\u2028c', [0, 3]],
      ['a😀c', [0, 4]],
    ]);
  });

  it('(?s) lets . match \\n', () => {
    expectSpans('(?s)a.c', [['a\nc', [0, 3]]]);
    expectSpans('(?s:.)+', [['\n\n', [0, 2]]]);
  });
});

describe('(?U)', () => {
  it('swaps greedy and lazy repetition', () => {
    expectSpans('(?U)a+', [['aaa', [0, 1]]]);
    expectSpans('(?U)a+?', [['aaa', [0, 3]]]);
    expectSpans('(?U)a{1,3}', [['aaa', [0, 1]]]);
    expectSpans('(?U)a{1,3}?', [['aaa', [0, 3]]]);
    expectSpans('(?U)a*?b', [['aab', [0, 3]]]);
  });

  it('is scoped like any flag', () => {
    expect(submatches('(?U:(a+))(a+)', 'aaaa')).toEqual([0, 4, 0, 1, 1, 4]);
    expect(submatches('(?U)(a+)(?-U)(a+)', 'aaaa')).toEqual([0, 4, 0, 1, 1, 4]);
  });
});

describe('flag syntax', () => {
  it('accepts empty and redundant flag groups', () => {
    expectAccepted(['(?)', '(?:)', '(?i)', '(?ii)', '(?i-i)', '(?imsU)', '(?-imsU)', '(?i:)', '(?U-U:a)']);
  });

  it('rejects unknown flags, a bare -, a second - and unterminated groups', () => {
    expectRejected([
      ['(?x)', 'invalid or unsupported Perl syntax', '(?x'],
      ['(?a:b)', 'invalid or unsupported Perl syntax', '(?a'],
      ['(?i', 'invalid or unsupported Perl syntax', '(?i'],
      ['(?', 'invalid or unsupported Perl syntax', '(?'],
      ['(?-)', 'invalid or unsupported Perl syntax', '(?-)'],
      ['(?i-)', 'invalid or unsupported Perl syntax', '(?i-)'],
      ['(?-:a)', 'invalid or unsupported Perl syntax', '(?-:'],
      ['(?i-m-s)', 'invalid or unsupported Perl syntax', '(?i-m-'],
      ['(?=a)', 'invalid or unsupported Perl syntax', '(?='],
      ['(?!a)', 'invalid or unsupported Perl syntax', '(?!'],
      ['(?<=a)', 'invalid named capture', '(?<=a)'],
      ['(?>a)', 'invalid or unsupported Perl syntax', '(?>'],
      ['(?#c)', 'invalid or unsupported Perl syntax', '(?#'],
      ['(?|a)', 'invalid or unsupported Perl syntax', '(?|'],
      ["(?'n'a)", 'invalid or unsupported Perl syntax', "(?'"],
      ['(?P=n)', 'invalid or unsupported Perl syntax', '(?P'],
      ['(?P>n)', 'invalid or unsupported Perl syntax', '(?P'],
      ['(?i:a', 'missing closing )', '(?i:a'],
    ]);
  });
});
