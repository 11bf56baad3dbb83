// What compileRe2 returns: the RegExp and its flags, group names, the JS source, literal analysis.
import { describe, expect, it } from 'vitest';
import { compileRe2, re2ToJsSource } from '../src/index.js';

const samples = [
  '',
  'abc',
  '^abc$',
  '(?i)abc',
  '(a)(?P<b>b)(?<c>c)',
  '(?m)^x$',
  '(?s).+',
  '[^a-z\\d]+',
  '\\pL+|\\P{Greek}',
  'a{2,5}?',
  '\\bword\\B',
  '(?U)x+y*',
];

describe('the compiled RegExp', () => {
  it.each(samples)('%j has only the v flag: never global or sticky, so it keeps no state', (p) => {
    const { regexp } = compileRe2(p);
    expect(regexp.flags).toBe('v');
    expect(regexp.global).toBe(false);
    expect(regexp.sticky).toBe(false);
    expect(regexp.multiline).toBe(false);
    expect(regexp.ignoreCase).toBe(false);
    expect(regexp.lastIndex).toBe(0);
  });

  it('gives the same answer on every call', () => {
    const { regexp } = compileRe2('o+');
    for (let i = 0; i < 3; i++) expect(regexp.exec('foo bar boo')?.index).toBe(1);
    expect(regexp.test('xo')).toBe(true);
    expect(regexp.test('xo')).toBe(true);
  });

  it('keeps the pattern as written', () => {
    expect(compileRe2('(?i)a+').pattern).toBe('(?i)a+');
  });

  it('has the source re2ToJsSource returns', () => {
    for (const p of samples) expect(re2ToJsSource(p)).toBe(compileRe2(p).regexp.source);
  });
});

describe('groupNames', () => {
  it('has one entry per group plus the whole match, named or undefined', () => {
    expect(compileRe2('abc').groupNames).toEqual([undefined]);
    expect(compileRe2('(a)(?P<b>b)(?:c)(?<d>d)((e))').groupNames).toEqual([
      undefined,
      undefined,
      'b',
      'd',
      undefined,
      undefined,
    ]);
  });

  it('matches the RegExp group count', () => {
    for (const p of samples) {
      const re = compileRe2(p);
      const m = new RegExp(`${re.regexp.source}|`, 'v').exec('');
      expect(m?.length, p).toBe(re.groupNames.length);
    }
  });
});

describe('literal analysis', () => {
  it('recognises plain and anchored literals', () => {
    expect(compileRe2('abc').literal).toEqual({ text: 'abc', anchoredStart: false, anchoredEnd: false });
    expect(compileRe2('^abc').literal).toEqual({ text: 'abc', anchoredStart: true, anchoredEnd: false });
    expect(compileRe2('abc$').literal).toEqual({ text: 'abc', anchoredStart: false, anchoredEnd: true });
    expect(compileRe2('\\Aabc\\z').literal).toEqual({ text: 'abc', anchoredStart: true, anchoredEnd: true });
    expect(compileRe2('').literal).toEqual({ text: '', anchoredStart: false, anchoredEnd: false });
    expect(compileRe2('^$').literal).toEqual({ text: '', anchoredStart: true, anchoredEnd: true });
  });

  it('decodes escapes and quoting', () => {
    expect(compileRe2('a\\.b\\x41\\n').literal?.text).toBe('a.bA\n');
    expect(compileRe2('\\Q*+?\\E').literal?.text).toBe('*+?');
    expect(compileRe2('😀\\x{1F601}').literal?.text).toBe('😀😁');
  });

  it('sees through flags that change nothing for a literal', () => {
    expect(compileRe2('(?s)a.b').literal).toBeUndefined();
    expect(compileRe2('(?m)abc').literal?.text).toBe('abc');
    expect(compileRe2('(?i)123').literal?.text).toBe('123');
  });

  it('is undefined for anything but a literal', () => {
    for (const p of [
      '(?i)abc',
      'a|b',
      'a*',
      '(abc)',
      '(?:abc)',
      '[a]',
      'a.c',
      '(?m)^abc',
      '(?m)abc$',
      'a\\b',
      '$^',
      'a^b',
    ]) {
      expect(compileRe2(p).literal, p).toBeUndefined();
    }
  });

  it('agrees with the RegExp', () => {
    const inputs = ['', 'abc', 'xabc', 'abcx', 'ab', 'a.bA\n'];
    for (const p of ['abc', '^abc', 'abc$', '^abc$', '', '^$', 'a\\.bA\\n']) {
      const re = compileRe2(p);
      const lit = re.literal;
      if (!lit) throw new Error(p);
      for (const s of inputs) {
        const viaLiteral =
          lit.anchoredStart && lit.anchoredEnd
            ? s === lit.text
            : lit.anchoredStart
              ? s.startsWith(lit.text)
              : lit.anchoredEnd
                ? s.endsWith(lit.text)
                : s.includes(lit.text);
        expect(viaLiteral, `${p} on ${JSON.stringify(s)}`).toBe(re.regexp.test(s));
      }
    }
  });
});
