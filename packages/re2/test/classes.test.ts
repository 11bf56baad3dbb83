// Bracket classes, POSIX [:name:] classes and the Perl classes \d \s \w.
import { describe, expect, it } from 'vitest';
import { expectRejected, expectSpans, matches } from './helpers.js';

describe('bracket classes', () => {
  it('match single characters and ranges', () => {
    expectSpans('[aeiou]+', [['xyzooeb', [3, 6]]]);
    expectSpans('[a-cx-z0-2]+', [['__bz1q', [2, 5]]]);
    expectSpans('[α-γ☺]+', [['zβ☺α!', [1, 4]]]);
  });

  it('treat ] as a member when it comes first, and - at either end or after a range', () => {
    expectSpans('[]a]+', [['x]a]', [1, 4]]]);
    expectSpans('[^]a]+', [[']a]bc', [3, 5]]]);
    expectSpans('[-a]+', [['b-a-', [1, 4]]]);
    expectSpans('[a-]+', [['b-a-', [1, 4]]]);
    expectSpans('[a-c-e]+', [
      ['x-eb', [1, 4]],
      ['d', null],
    ]);
  });

  it('allow - anywhere as in Perl, and \\- escapes it', () => {
    expectSpans('[a\\-z]+', [['b-za', [1, 4]]]);
    expectSpans('[+--]+', [['a,+-b', [1, 4]]]);
  });

  it('negate with ^, and a negated class matches \\n', () => {
    expectSpans('[^abc]', [['abc\nd', [3, 4]]]);
    expectSpans('[^\\n]+', [['\n\nxy\n', [2, 4]]]);
    expectSpans('[\\^a]+', [['b^a', [1, 3]]]);
    expectSpans('[a^]+', [['b^a', [1, 3]]]);
  });

  it('accepts [ inside a class as a literal', () => {
    expectSpans('[[a]+', [['x[a[', [1, 4]]]);
    expectSpans('[a[:]+', [['x[:a', [1, 4]]]);
  });

  it('matches astral characters as one character', () => {
    expectSpans('[😀-😂]', [['a😁b', [1, 3]]]);
    expectSpans('^[^a]$', [['😀', [0, 2]]]);
  });

  it('rejects reversed ranges and unclosed classes', () => {
    expectRejected([
      ['[z-a]', 'invalid character class range', 'z-a'],
      ['[a-\\x00]', 'invalid character class range', 'a-\\x00'],
      ['x[b-a]', 'invalid character class range', 'b-a'],
      ['[a', 'missing closing ]', '[a'],
      ['[]', 'missing closing ]', '[]'],
      ['[^]', 'missing closing ]', '[^]'],
      ['a[b-', 'missing closing ]', '[b-'],
    ]);
  });

  it('rejects a class as a range end', () => {
    expectRejected([['[a-\\d]', 'invalid escape sequence', '\\d']]);
    // After a class, - is a plain member.
    expectSpans('[\\d-z]+', [['a-5z', [1, 4]]]);
  });
});

describe('POSIX classes', () => {
  const cases: [string, string, string][] = [
    ['alnum', 'aZ09', '_ -'],
    ['alpha', 'aZ', '0_'],
    ['ascii', '\x00~\x7f', '\x80é'],
    ['blank', ' \t', '\n\v'],
    ['cntrl', '\x00\x1f\x7f', ' \x80'],
    ['digit', '09', 'a٠'],
    ['graph', '!~', ' \x7f'],
    ['lower', 'az', 'Aé'],
    ['print', ' ~', '\x7f\t'],
    ['punct', '!/:@[`{~', 'a0 '],
    ['space', ' \t\n\v\f\r', '\u00a0\u2028'],
    ['upper', 'AZ', 'aÉ'],
    ['word', 'aZ0_', '-é'],
    ['xdigit', '09afAF', 'gG'],
  ];
  it.each(cases)('[[:%s:]] is ASCII only', (name, yes, no) => {
    for (const ch of yes) expect(matches(`^[[:${name}:]]$`, ch), `${name} ${JSON.stringify(ch)}`).toBe(true);
    for (const ch of no) expect(matches(`^[[:${name}:]]$`, ch), `${name} ${JSON.stringify(ch)}`).toBe(false);
    for (const ch of no) expect(matches(`^[[:^${name}:]]$`, ch), `^${name} ${JSON.stringify(ch)}`).toBe(true);
  });

  it('combine with other members and negation', () => {
    expectSpans('[[:digit:]a-c]+', [['x1b2d', [1, 4]]]);
    expectSpans('[^[:digit:][:space:]]+', [['1 2ab 3', [3, 5]]]);
  });

  it('only exist inside brackets', () => {
    expectSpans('[:digit:]', [
      ['t', [0, 1]],
      ['5', null],
    ]);
  });

  it('reject unknown names', () => {
    expectRejected([
      ['[[:foo:]]', 'invalid character class range', '[:foo:]'],
      ['[[:DIGIT:]]', 'invalid character class range', '[:DIGIT:]'],
      ['[[:^:]]', 'invalid character class range', '[:^:]'],
    ]);
    // Without the closing `:]` it is no POSIX class, just members.
    expectSpans('[a[:digit]', [['xt', [1, 2]]]);
  });
});

describe('Perl classes', () => {
  it('are ASCII: \\d is 0-9, \\w is [0-9A-Za-z_]', () => {
    expectSpans('\\d+', [['a٣12', [2, 4]]]);
    expectSpans('\\w+', [['é_a1-', [1, 4]]]);
    expectSpans('\\D', [['12x', [2, 3]]]);
    expectSpans('\\W', [['ab_é', [3, 4]]]);
  });

  it('\\s is [\\t\\n\\f\\r ] and not \\v or Unicode spaces', () => {
    for (const ch of '\t\n\f\r ') expect(matches('^\\s$', ch), JSON.stringify(ch)).toBe(true);
    for (const ch of '\v\u00a0\u2003\u3000\ufeff') expect(matches('^\\s$', ch), JSON.stringify(ch)).toBe(false);
    expect(matches('^\\S$', '\v')).toBe(true);
  });

  it('work inside classes, also negated', () => {
    expectSpans('[\\d.]+', [['v1.25 ', [1, 5]]]);
    expectSpans('[^\\d\\s]+', [['12 ab3', [3, 5]]]);
    expectSpans('[\\D]', [['5x', [1, 2]]]);
    expectSpans('[^\\D]', [['x5', [1, 2]]]);
    expectSpans('[\\s\\S]+', [['a\nb', [0, 3]]]);
  });
});
