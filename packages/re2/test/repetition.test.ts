// Repetition: operators, counted forms, literal braces, limits and stacking rules.
import { describe, expect, it } from 'vitest';
import { compileRe2 } from '../src/index.js';
import { expectAccepted, expectRejected, expectSpans, submatches } from './helpers.js';

describe('operators', () => {
  it('are greedy, or lazy with a trailing ?', () => {
    expectSpans('<.+>', [['<a><b>', [0, 6]]]);
    expectSpans('<.+?>', [['<a><b>', [0, 3]]]);
    expectSpans('a*', [['baa', [0, 0]]]);
    expectSpans('a+', [['baa', [1, 3]]]);
    expectSpans('ba??', [['baa', [0, 1]]]);
    expectSpans('ba?', [['baa', [0, 2]]]);
  });

  it('apply to the last character, class or group', () => {
    expectSpans('ab+', [['abab', [0, 2]]]);
    expectSpans('(?:ab)+', [['abab', [0, 4]]]);
    expectSpans('[ab]{2}', [['xba', [1, 3]]]);
  });
});

describe('counted repetition', () => {
  it('supports {n}, {n,} and {n,m}, greedy or lazy', () => {
    expectSpans('a{2}', [
      ['aaa', [0, 2]],
      ['a', null],
    ]);
    expectSpans('a{2,}', [['aaaa', [0, 4]]]);
    expectSpans('a{2,3}', [['aaaa', [0, 3]]]);
    expectSpans('a{2,3}?', [['aaaa', [0, 2]]]);
    expectSpans('a{0}b', [['ab', [1, 2]]]);
    expectSpans('a{0,0}', [['a', [0, 0]]]);
  });

  it('allows counts up to 1000', () => {
    expectAccepted(['a{1000}', 'a{0,1000}', 'a{1000,}', '(?:ab){1000}']);
    expect(compileRe2('a{1000}').regexp.test('a'.repeat(1000))).toBe(true);
    expect(compileRe2('^a{1000}$').regexp.test('a'.repeat(999))).toBe(false);
  });

  it('rejects counts over 1000 or out of order', () => {
    expectRejected([
      ['a{1001}', 'invalid repeat count', '{1001}'],
      ['a{0,1001}', 'invalid repeat count', '{0,1001}'],
      ['a{1001,}', 'invalid repeat count', '{1001,}'],
      ['a{3,2}', 'invalid repeat count', '{3,2}'],
      ['a{99999999999}', 'invalid repeat count', '{99999999999}'],
      ['a{2,99999999999}', 'invalid repeat count', '{2,99999999999}'],
    ]);
  });

  it('limits the product of nested counts to 1000', () => {
    expectAccepted(['(?:a{10}){100}', '((a{2}){10}){50}', '(?:a{10}){0,100}', '(?:a{1000}){1}', '(?:a{1000})*']);
    expectRejected([
      ['(?:a{10}){101}', 'invalid repeat count', '{101}'],
      ['((a{2}){10}){51}', 'invalid repeat count', '{51}'],
      ['(?:a{2,}){501}', 'invalid repeat count', '{501}'],
      ['(?:(?:a{5}){5}){41}', 'invalid repeat count', '{41}'],
    ]);
  });

  it('counts a zero maximum as no copies at all', () => {
    expectAccepted(['(?:a{1000}){0}', '(?:a{0}){1000}']);
  });
});

describe('braces that are not a repetition', () => {
  it('are literal characters', () => {
    expectSpans('a{,2}', [['a{,2}', [0, 5]]]);
    expectSpans('a{01}', [['a{01}', [0, 5]]]);
    expectSpans('a{1', [['a{1', [0, 3]]]);
    expectSpans('a{1,2', [['a{1,2', [0, 5]]]);
    expectSpans('a{x}', [['a{x}', [0, 4]]]);
    expectSpans('a{ 1}', [['a{ 1}', [0, 5]]]);
    expectSpans('{', [['{', [0, 1]]]);
    expectSpans('}', [['}', [0, 1]]]);
    expectSpans('a{}', [['a{}', [0, 3]]]);
  });

  it('can follow a repetition without stacking', () => {
    expectSpans('a*{', [['aa{', [0, 3]]]);
    expectSpans('x{2}{,3}', [['xx{,3}', [0, 6]]]);
  });
});

describe('stacked repetition', () => {
  it('is an error, as in Perl', () => {
    expectRejected([
      ['a**', 'invalid nested repetition operator', '**'],
      ['a++', 'invalid nested repetition operator', '++'],
      ['a?*', 'invalid nested repetition operator', '?*'],
      ['a*??', 'invalid nested repetition operator', '*??'],
      ['a{2}{3}', 'invalid nested repetition operator', '{2}{3}'],
      ['a{2}*', 'invalid nested repetition operator', '{2}*'],
      ['a*{2}', 'invalid nested repetition operator', '*{2}'],
      ['a+?+', 'invalid nested repetition operator', '+?+'],
    ]);
  });

  it('is allowed through a group', () => {
    expectSpans('(?:a*)*b', [['aab', [0, 3]]]);
    expectSpans('(?:a+)+', [['aa', [0, 2]]]);
    expectSpans('(?:a{2}){2}', [['aaaaa', [0, 4]]]);
  });
});

describe('missing argument', () => {
  it('is reported for an operator with nothing before it', () => {
    expectRejected([
      ['*', 'missing argument to repetition operator', '*'],
      ['+a', 'missing argument to repetition operator', '+'],
      ['a|?', 'missing argument to repetition operator', '?'],
      ['(*)', 'missing argument to repetition operator', '*'],
      ['(?i)*', 'missing argument to repetition operator', '*'],
      ['{2}', 'missing argument to repetition operator', '{2}'],
      ['a(?:?)', 'missing argument to repetition operator', '?'],
    ]);
  });

  it('does not apply to anchors, which can be repeated', () => {
    expectSpans('^*a', [['a', [0, 1]]]);
    expectSpans('\\b+a', [['a', [0, 1]]]);
    expectSpans('$?a', [['ba', [1, 2]]]);
  });
});

describe('repeating what can match the empty string', () => {
  it('stops a loop at the first empty iteration, as RE2 does', () => {
    expectSpans('(?:|a)*', [['aaa', [0, 0]]]);
    expectSpans('(?:|a)+', [['aaa', [0, 0]]]);
    expectSpans('(?:a*?)*', [['aa', [0, 0]]]);
    expectSpans('(?:a??)+', [['aa', [0, 0]]]);
    expectSpans('(?:|a)*b', [['aab', [0, 3]]]);
    expectSpans('(?:^|a)*', [['aa', [0, 0]]]);
    expectSpans('(?:^|a)+', [['baa', [0, 0]]]);
    expectSpans('(?:\\b|a)*', [
      ['aa', [0, 0]],
      [' aa', [0, 0]],
    ]);
  });

  it('drops later empty iterations and tries the other choices, as JavaScript does', () => {
    expectSpans('(?:b|a*?)*', [['bba', [0, 3]]]);
    expectSpans('(?:b|a??)*', [['ba', [0, 2]]]);
    expectSpans('(?:|a)*(?:ab|b)', [['aaab', [0, 4]]]);
  });

  it('keeps an optional empty match instead of skipping it', () => {
    expectSpans('(?:a??)?', [['a', [0, 0]]]);
    expectSpans('(?:|a)?', [['a', [0, 0]]]);
    expect(submatches('(a*)?', 'b')).toEqual([0, 0, 0, 0]);
    expect(submatches('(a*)??', 'b')).toEqual([0, 0, -1, -1]);
  });

  it('runs a body that never consumes once, keeping its captures', () => {
    expect(submatches('()*', 'x')).toEqual([0, 0, 0, 0]);
    expect(submatches('()+', 'x')).toEqual([0, 0, 0, 0]);
    expect(submatches('(\\b){0,3}', 'x')).toEqual([0, 0, 0, 0]);
    expect(submatches('(\\b)*?x', 'x')).toEqual([0, 1, -1, -1]);
    expect(submatches('(^)*a', 'ba')).toEqual([1, 2, -1, -1]);
  });

  it('agrees on greedy bodies that prefer to consume', () => {
    expectSpans('(?:a|)*', [['aab', [0, 2]]]);
    expectSpans('(?:a*)+', [['aab', [0, 2]]]);
    expectSpans('(?:a?b?)*', [['abba', [0, 4]]]);
  });
});
