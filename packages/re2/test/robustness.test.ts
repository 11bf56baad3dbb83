// Properties over random patterns: a pattern either compiles to a working RegExp or is rejected with a
// Re2SyntaxError, never another error; and matching agrees with the literal fast path.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileRe2, Re2SyntaxError } from '../src/index.js';

const tokens = [
  'a',
  'B',
  'k',
  'ſ',
  'é',
  '😀',
  '\n',
  ' ',
  '-',
  ']',
  '[',
  '(',
  ')',
  '|',
  '*',
  '+',
  '?',
  '{',
  '}',
  '{2}',
  '{1,3}',
  '{,2}',
  '^',
  '$',
  '.',
  '\\',
  '\\d',
  '\\W',
  '\\s',
  '\\b',
  '\\B',
  '\\A',
  '\\z',
  '\\pL',
  '\\PN',
  '\\p{Greek}',
  '\\p{Foo}',
  '[:alpha:]',
  '[:^digit:]',
  '(?i)',
  '(?-i)',
  '(?s:',
  '(?m)',
  '(?U)',
  '(?:',
  '(?P<n>',
  '(?<m>',
  '\\Q',
  '\\E',
  '\\x41',
  '\\x{1F600}',
  '\\101',
  '\\8',
  '\\q',
];
const pattern = fc.array(fc.constantFrom(...tokens), { maxLength: 12 }).map((t) => t.join(''));
const subject = fc.array(fc.constantFrom('a', 'A', 'k', 'K', 'é', '😀', '\n', ' ', '1', '-', 'ſ'), { maxLength: 8 });

describe('random patterns', () => {
  it('compile to a valid RegExp or fail with Re2SyntaxError', () => {
    fc.assert(
      fc.property(pattern, fc.array(subject, { maxLength: 3 }), (p, inputs) => {
        let re: ReturnType<typeof compileRe2>;
        try {
          re = compileRe2(p);
        } catch (e) {
          expect(e).toBeInstanceOf(Re2SyntaxError);
          const err = e as Re2SyntaxError;
          expect(err.offset).toBeGreaterThanOrEqual(0);
          expect(err.offset).toBeLessThanOrEqual(p.length);
          return;
        }
        expect(re.regexp.flags).toBe('v');
        for (const chars of inputs) {
          const s = chars.join('');
          const m = re.regexp.exec(s);
          if (m) expect(m.length).toBe(re.groupNames.length);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('that are plain literals match exactly where their text occurs', () => {
    const literalish = fc.array(fc.constantFrom('a', 'b', '\\.', '\\x41', '\\Qa*\\E', '😀'), { maxLength: 5 });
    fc.assert(
      fc.property(literalish, fc.boolean(), fc.boolean(), subject, (parts, start, end, chars) => {
        const re = compileRe2(`${start ? '^' : ''}${parts.join('')}${end ? '$' : ''}`);
        const lit = re.literal;
        expect(lit).toBeDefined();
        if (!lit) return;
        const s = chars.join('') + lit.text + chars.join('');
        for (const text of [s, chars.join(''), lit.text]) {
          const expected =
            start && end
              ? text === lit.text
              : start
                ? text.startsWith(lit.text)
                : end
                  ? text.endsWith(lit.text)
                  : text.includes(lit.text);
          expect(re.regexp.test(text)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});
