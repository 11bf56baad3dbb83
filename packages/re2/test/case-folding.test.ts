// (?i): Unicode simple case folding, including the three-way orbits k/K/K (Kelvin) and s/S/ſ.
import { describe, expect, it } from 'vitest';
import { expectSpans, matches } from './helpers.js';

describe('folded literals', () => {
  it('match every case variant', () => {
    expectSpans('(?i)hello', [['say HeLLo', [4, 9]]]);
    expectSpans('(?i)straße', [['STRAẞE', [0, 6]]]);
    expectSpans('(?i)Δ', [['δ', [0, 1]]]);
    expectSpans('(?i)ǅ', [
      ['Ǆ', [0, 1]],
      ['ǆ', [0, 1]],
    ]);
  });

  it('join k, K and the Kelvin sign K', () => {
    for (const p of ['(?i)k', '(?i)K', '(?i)\u212a']) {
      for (const s of ['k', 'K', '\u212a']) expect(matches(`^${p}$`, s), `${p} ${s}`).toBe(true);
    }
    expect(matches('^k$', '\u212a')).toBe(false);
  });

  it('join s, S and the long s ſ', () => {
    for (const p of ['(?i)s', '(?i)S', '(?i)ſ']) {
      for (const s of ['s', 'S', 'ſ']) expect(matches(`^${p}$`, s), `${p} ${s}`).toBe(true);
    }
  });

  it('join the Greek sigmas and the micro sign', () => {
    for (const s of ['σ', 'ς', 'Σ']) expect(matches('^(?i)σ$', s), s).toBe(true);
    for (const s of ['µ', 'μ', 'Μ']) expect(matches('^(?i)µ$', s), s).toBe(true);
    for (const s of ['θ', 'ϑ', 'Θ', 'ϴ']) expect(matches('^(?i)θ$', s), s).toBe(true);
  });

  it('fold astral letters', () => {
    expectSpans('(?i)\u{10400}', [['x\u{10428}', [1, 3]]]);
  });

  it('use simple folding only: no İ to i, no ß to ss', () => {
    expect(matches('^(?i)i$', 'İ')).toBe(false);
    expect(matches('^(?i)i$', 'ı')).toBe(false);
    expect(matches('^(?i)ß$', 'ss')).toBe(false);
    expect(matches('^(?i)ﬀ$', 'ff')).toBe(false);
  });

  it('leave characters without case alone', () => {
    expectSpans('(?i)1-_', [['a1-_', [1, 4]]]);
  });
});

describe('folded classes', () => {
  it('add the variants of every member', () => {
    expectSpans('(?i)[a-c]+', [['xAbCd', [1, 4]]]);
    expectSpans('(?i)[k]', [['\u212a', [0, 1]]]);
    expectSpans('(?i)[a-z]+', [['ſK', [0, 2]]]);
    expectSpans('(?i)[α-ω]+', [['ΑΒΓ', [0, 3]]]);
  });

  it('fold before negating', () => {
    expectSpans('(?i)[^k]', [['kK\u212ax', [3, 4]]]);
    expectSpans('(?i)[^a-z]+', [['abſ12K', [3, 5]]]);
  });

  it('fold Perl and POSIX classes, which then take in ſ and K', () => {
    expect(matches('^(?i)\\w$', 'ſ')).toBe(true);
    expect(matches('^(?i)\\w$', '\u212a')).toBe(true);
    expect(matches('^\\w$', 'ſ')).toBe(false);
    expect(matches('^(?i)\\W$', 'ſ')).toBe(false);
    expect(matches('^(?i)[[:upper:]]$', 'a')).toBe(true);
    expect(matches('^(?i)[[:lower:]]$', 'K')).toBe(true);
    expect(matches('^(?i)[[:^lower:]]$', 'A')).toBe(false);
    expect(matches('^(?i)[^[:lower:]]$', '\u212a')).toBe(false);
    expect(matches('^(?i)[[:^lower:]]$', '1')).toBe(true);
  });

  it('fold Unicode classes', () => {
    expect(matches('^\\p{Lu}$', 'a')).toBe(false);
    expect(matches('^(?i)\\p{Lu}$', 'a')).toBe(true);
    expect(matches('^(?i)\\P{Lu}$', 'a')).toBe(false);
    expect(matches('^(?i)\\P{Ll}$', 'A')).toBe(false);
    expect(matches('^(?i)\\p{Greek}$', 'µ')).toBe(true);
    expect(matches('^\\p{Greek}$', 'µ')).toBe(false);
    expect(matches('^(?i)[^\\p{Lu}]$', 'a')).toBe(false);
    expect(matches('^(?i)\\p{ASCII}$', '\u212a')).toBe(true);
    expect(matches('^(?i)\\p{ASCII}$', 'é')).toBe(false);
  });

  it('leave \\d and caseless ranges unchanged', () => {
    expectSpans('(?i)\\d+', [['x12', [1, 3]]]);
    expectSpans('(?i)[0-9]+', [['x12', [1, 3]]]);
  });
});

describe('folding in the emitted RegExp', () => {
  it('does not leak into the rest of the pattern', () => {
    expectSpans('(?i:a)b', [
      ['AB', null],
      ['Ab', [0, 2]],
    ]);
  });

  it('keeps \\b ASCII', () => {
    expectSpans('(?i)\\bk\\b', [['a\u212a b k', [5, 6]]]);
  });
});
