// Groups: numbering, names, (?P<n>) and (?<n>), parentheses errors and nesting depth.
import { describe, expect, it } from 'vitest';
import { compileRe2 } from '../src/index.js';
import { expectAccepted, expectRejected, expectSpans, submatches } from './helpers.js';

describe('capture groups', () => {
  it('are numbered by their opening parenthesis', () => {
    expect(submatches('(a(b))(c)', 'xabc')).toEqual([1, 4, 1, 3, 2, 3, 3, 4]);
  });

  it('leave groups that did not take part unset', () => {
    expect(submatches('(a)|(b)', 'b')).toEqual([0, 1, -1, -1, 0, 1]);
    expect(submatches('(a)?b', 'b')).toEqual([0, 1, -1, -1]);
  });

  it('keep the last iteration of a repeated group', () => {
    expect(submatches('(\\w)+', 'abc')).toEqual([0, 3, 2, 3]);
    expect(submatches('(?:(\\d)x)+', '1x2x')).toEqual([0, 4, 2, 3]);
  });

  it('are not created by (?:...) or flag groups', () => {
    expect(compileRe2('(?:a)(?i:b)(c)').groupNames).toEqual([undefined, undefined]);
  });
});

describe('named groups', () => {
  it('accept (?P<name>...) and (?<name>...)', () => {
    const re = compileRe2('(?P<year>\\d{4})-(?<month>\\d\\d)-(\\d\\d)');
    expect(re.groupNames).toEqual([undefined, 'year', 'month', undefined]);
    expect(re.regexp.exec('on 2024-05-17')?.slice(1)).toEqual(['2024', '05', '17']);
  });

  it('allow letters, digits and _ in any order, and the same name twice', () => {
    expectAccepted(['(?P<_>a)', '(?P<1st>a)', '(?P<a_B_9>a)']);
    expect(compileRe2('(?P<x>a)|(?P<x>b)').groupNames).toEqual([undefined, 'x', 'x']);
  });

  it('are plain numbered groups in the emitted RegExp', () => {
    expect(compileRe2('(?P<n>a)').regexp.source).not.toContain('<n>');
    expect(compileRe2('(?P<x>a)(?P<x>b)').regexp.test('ab')).toBe(true);
  });

  it('reject empty or non-ASCII-word names and unterminated names', () => {
    expectRejected([
      ['(?P<>a)', 'invalid named capture', '(?P<>'],
      ['(?<>a)', 'invalid named capture', '(?<>'],
      ['(?P<a-b>c)', 'invalid named capture', '(?P<a-b>'],
      ['(?P<a b>c)', 'invalid named capture', '(?P<a b>'],
      ['(?P<é>c)', 'invalid named capture', '(?P<é>'],
      ['(?<a.b>c)', 'invalid named capture', '(?<a.b>'],
      ['(?P<name', 'invalid named capture', '(?P<name'],
      ['x(?<name)', 'invalid named capture', '(?<name)'],
      ['(?P<n>a', 'missing closing )', '(?P<n>a'],
    ]);
  });

  it('take the name up to the first >', () => {
    expectSpans('(?P<a>b>c)', [['b>c', [0, 3]]]);
  });
});

describe('parentheses', () => {
  it('reject unbalanced parentheses', () => {
    expectRejected([
      ['(', 'missing closing )', '('],
      ['(a', 'missing closing )', '(a'],
      ['((a)', 'missing closing )', '((a)'],
      ['(a|b', 'missing closing )', '(a|b'],
      [')', 'unexpected )', ')'],
      ['a)', 'unexpected )', 'a)'],
      ['(a))', 'unexpected )', '(a))'],
      ['a|b)', 'unexpected )', 'a|b)'],
      ['x(?:a))', 'unexpected )', 'x(?:a))'],
    ]);
  });

  it('accept empty groups and alternatives', () => {
    expectSpans('()', [['x', [0, 0]]]);
    expectSpans('a|', [['b', [0, 0]]]);
    expectSpans('|a', [['a', [0, 0]]]);
    expectSpans('(|)', [['', [0, 0]]]);
  });

  it('prefer the leftmost alternative, not the longest', () => {
    expectSpans('a|ab', [['ab', [0, 1]]]);
    expectSpans('ab|a', [['ab', [0, 2]]]);
  });
});

describe('nesting depth', () => {
  it('allows 1000 levels and rejects more', () => {
    expectAccepted(['('.repeat(999) + ')'.repeat(999), '(?:'.repeat(1000) + ')'.repeat(1000)]);
    const deep = '('.repeat(1000) + ')'.repeat(1000);
    expectRejected([[deep, 'expression nests too deeply', deep]]);
    const starred = `${'(?:'.repeat(1000)}a${')*'.repeat(1000)}`;
    expectRejected([[starred, 'expression nests too deeply', starred]]);
  });

  it('does not count long flat alternations as depth', () => {
    expectAccepted([`(${'|'.repeat(5000)})`, 'a|'.repeat(3000)]);
  });
});
