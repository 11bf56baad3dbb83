// The differences from Go that remain (README.md, "Differences from Go"). These tests pin today's
// behaviour so a change is noticed; each notes what Go reports. None changes whether a pattern
// matches a string at all or where the leftmost match starts.
import { describe, expect, it } from 'vitest';
import { compileRe2 } from '../src/index.js';
import { span, submatches } from './helpers.js';

describe('captures inside repetitions', () => {
  it('are reset at each iteration, as in JavaScript', () => {
    // Go keeps the last value a group took: [0, 4, 2, 3].
    expect(submatches('(?:(\\d)|x)+', '1x2x')).toEqual([0, 4, -1, -1]);
    // Go: [0, 2, 0, 1, 1, 2].
    expect(submatches('(?:(a)|(b))+', 'ab')).toEqual([0, 2, -1, -1, 1, 2]);
  });

  it('miss a first iteration that matched the empty string', () => {
    // Go runs the body once, sets group 1 to the empty match at 0 and stops: [0, 0, 0, 0].
    expect(submatches('(a*)*', 'b')).toEqual([0, 0, -1, -1]);
  });
});

describe('loops whose body can match the empty string', () => {
  it('may match longer when a choice that consumes comes before the empty one', () => {
    // Go: [0, 0]; in the first iteration "b" fails, a?? prefers '' and the loop ends.
    expect(span('(?:b|a??)*', 'a')).toEqual([0, 1]);
  });

  it('may match longer with a counted repetition', () => {
    // Go: [0, 0]; its x{n,m} is n copies of x and nested optional copies, with no loop.
    expect(span('(?:a*?){1,3}', 'aa')).toEqual([0, 2]);
    expect(span('(?:a??){2,}', 'aa')).toEqual([0, 2]);
  });
});

describe('the Unicode version', () => {
  it('is the JavaScript engine’s, not Go’s', () => {
    // U+1C89 CYRILLIC CAPITAL LETTER TJE is new in Unicode 16; Go 1.25 (Unicode 15) has no such letter.
    const tje = '\u1c89';
    expect(compileRe2('^\\p{Lu}$').regexp.test(tje)).toBe(/^\p{Lu}$/u.test(tje));
  });
});
