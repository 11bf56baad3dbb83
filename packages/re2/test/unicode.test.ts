// Unicode classes \pN, \p{Name}, \PN, \p{^Name}: categories, scripts, aliases and name lookup.
import { describe, expect, it } from 'vitest';
import { expectAccepted, expectRejected, expectSpans, matches } from './helpers.js';

describe('general categories', () => {
  it('match by one-letter and two-letter names', () => {
    expectSpans('\\pL+', [['12Größe!', [2, 7]]]);
    expectSpans('\\p{Lu}+', [['abCDÉf', [2, 5]]]);
    expectSpans('\\p{Nd}+', [['x٣4۵y', [1, 4]]]);
    expectSpans('\\pN+', [['x½Ⅻ3', [1, 4]]]);
    expectSpans('\\p{Zs}', [['a\u3000b', [1, 2]]]);
    expectSpans('\\p{Sc}', [['cost: €5', [6, 7]]]);
  });

  it('treat C as Cc, Cf, Co and Cs, without unassigned code points', () => {
    expect(matches('^\\pC$', '\x07')).toBe(true);
    expect(matches('^\\pC$', '\u200b')).toBe(true);
    expect(matches('^\\pC$', '\ue000')).toBe(true);
    expect(matches('^\\pC$', '\u0378')).toBe(false); // unassigned
    expect(matches('^\\p{Cn}$', '\u0378')).toBe(true);
  });

  it('negate with \\P, with a leading ^, and both cancel out', () => {
    expectSpans('\\PL+', [['ab12c', [2, 4]]]);
    expectSpans('\\p{^L}+', [['ab12c', [2, 4]]]);
    expectSpans('\\P{^L}+', [['12ab3', [2, 4]]]);
    expectSpans('[\\P{L}]+', [['ab12c', [2, 4]]]);
    expectSpans('[^\\pL]+', [['ab12c', [2, 4]]]);
    expectSpans('[^\\PL]+', [['12ab3', [2, 4]]]);
  });

  it('mix with other class members', () => {
    expectSpans('[\\p{Lu}\\d_]+', [['ab_C4d', [2, 5]]]);
    expectSpans('[^\\p{Lu}\\d]+', [['AB12cd3', [4, 6]]]);
  });
});

describe('special names', () => {
  it('Any matches everything, including \\n; its negation nothing', () => {
    expectSpans('\\p{Any}+', [['a\n😀', [0, 4]]]);
    expectSpans('a\\P{Any}', [['ab', null]]);
    expectSpans('a[^\\p{Any}]', [['ab', null]]);
  });

  it('ASCII and Assigned', () => {
    expectSpans('\\p{ASCII}+', [['éab~é', [1, 4]]]);
    expect(matches('^\\p{Assigned}$', 'a')).toBe(true);
    expect(matches('^\\p{Assigned}$', '\u0378')).toBe(false);
    expect(matches('^\\P{Assigned}$', '\u0378')).toBe(true);
  });
});

describe('scripts', () => {
  it('match by their long names', () => {
    expectSpans('\\p{Greek}+', [['abc αβγ', [4, 7]]]);
    expectSpans('\\p{Cyrillic}+', [['Привет мир', [0, 6]]]);
    expectSpans('\\p{Han}+', [['x漢字y', [1, 3]]]);
    expectSpans('\\p{Old_Italic}', [['a\u{10300}', [1, 3]]]);
    expectSpans('\\P{Latin}+', [['abc123def', [3, 6]]]);
  });

  it('count Common and Inherited as scripts of their own', () => {
    expect(matches('^\\p{Common}+$', '1+!')).toBe(true);
    expect(matches('^\\p{Inherited}$', '\u0301')).toBe(true);
  });

  it('reject script abbreviations and property syntax', () => {
    expectRejected([
      ['\\p{Grek}', 'invalid character class range', '\\p{Grek}'],
      ['\\p{Script=Greek}', 'invalid character class range', '\\p{Script=Greek}'],
      ['\\p{sc=Greek}', 'invalid character class range', '\\p{sc=Greek}'],
      ['\\p{IsGreek}', 'invalid character class range', '\\p{IsGreek}'],
      ['\\p{InGreek}', 'invalid character class range', '\\p{InGreek}'],
    ]);
  });
});

describe('name lookup (Go 1.25 and later)', () => {
  it('ignores case, spaces, underscores and hyphens', () => {
    expectAccepted([
      '\\p{greek}',
      '\\p{GREEK}',
      '\\p{old italic}',
      '\\p{OldItalic}',
      '\\p{old-italic}',
      '\\p{lu}',
      '\\p{LU}',
      '\\pl',
      '\\pn',
      '\\p{any}',
      '\\p{ascii}',
      '\\p{_L_}',
    ]);
    expectSpans('\\p{canadian aboriginal}', [['x\u1401', [1, 2]]]);
    expectSpans('\\p{l}+', [['1ab2', [1, 3]]]);
  });

  it('accepts category long names and aliases', () => {
    expectSpans('\\p{Letter}+', [['1ab2', [1, 3]]]);
    expectSpans('\\p{Uppercase_Letter}+', [['aBCd', [1, 3]]]);
    expectSpans('\\p{decimal number}+', [['x42y', [1, 3]]]);
    expectSpans('\\p{Punctuation}', [['ab!', [2, 3]]]);
    expectSpans('\\p{Cased_Letter}+', [['1aBǅ2', [1, 4]]]);
    expectSpans('\\p{LC}+', [['1aBǅ2', [1, 4]]]);
    expect(matches('^\\p{Other}$', '\x07')).toBe(true);
  });

  it('rejects what is not a name after normalisation', () => {
    expectRejected([
      ['\\p{Foo}', 'invalid character class range', '\\p{Foo}'],
      ['\\p{L&}', 'invalid character class range', '\\p{L&}'],
      ['\\p{}', 'invalid character class range', '\\p{}'],
      ['\\p{^}', 'invalid character class range', '\\p{^}'],
      ['\\pa', 'invalid character class range', '\\pa'],
      ['\\p^', 'invalid character class range', '\\p^'],
      ['\\p', 'invalid character class range', '\\p'],
      ['\\p{L', 'invalid character class range', '\\p{L'],
      ['[\\p{L]', 'invalid character class range', '\\p{L]'],
      ['\\pé', 'invalid character class range', '\\pé'],
    ]);
  });

  it('takes one character after \\p without braces', () => {
    expectSpans('\\pLu', [
      ['Ǆu', [0, 2]],
      ['Ǆ', null],
    ]);
  });
});
