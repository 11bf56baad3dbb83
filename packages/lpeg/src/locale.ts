/** The character classes of lpeg.locale, for the "C" locale (the only one the sandbox has). */
import { addChar, type Charset, emptySet } from './charset.js';

function cls(test: (c: number) => boolean): Charset {
  const cs = emptySet();
  for (let c = 0; c < 256; c++) if (test(c)) addChar(cs, c);
  return cs;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isLower = (c: number): boolean => c >= 97 && c <= 122;
const isAlpha = (c: number): boolean => isUpper(c) || isLower(c);
const isGraph = (c: number): boolean => c >= 33 && c <= 126;

/** Class name and set, in the order LPeg creates them. */
export const localeSets: readonly (readonly [string, Charset])[] = [
  ['alnum', cls((c) => isAlpha(c) || isDigit(c))],
  ['alpha', cls(isAlpha)],
  ['cntrl', cls((c) => c < 32 || c === 127)],
  ['digit', cls(isDigit)],
  ['graph', cls(isGraph)],
  ['lower', cls(isLower)],
  ['print', cls((c) => c >= 32 && c <= 126)],
  ['punct', cls((c) => isGraph(c) && !isAlpha(c) && !isDigit(c))],
  ['space', cls((c) => c === 32 || (c >= 9 && c <= 13))],
  ['upper', cls(isUpper)],
  ['xdigit', cls((c) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))],
];
