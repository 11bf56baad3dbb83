/** The readers Go's parser is built from (getnum, atoi, skip, lookup, parseTimeZone, ...). */
import { Std } from './layout.js';

/** Results of the readers: a number and the rest of the input (parsing is synchronous: shared state). */
export const scan = { num: 0, rest: '' };

/** Go's quote(): a double-quoted string with `"` and `\` escaped. */
export function quote(s: string): string {
  return `"${s.replace(/["\\]/g, '\\$&')}"`;
}

export const BAD = -1;

export function isDigit(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** Go's getnum: one or two digits (exactly two when fixed). */
export function getnum(s: string, fixed: boolean): boolean {
  if (!isDigit(s, 0)) return false;
  if (!isDigit(s, 1)) {
    if (fixed) return false;
    scan.num = s.charCodeAt(0) - 0x30;
    scan.rest = s.slice(1);
    return true;
  }
  scan.num = (s.charCodeAt(0) - 0x30) * 10 + (s.charCodeAt(1) - 0x30);
  scan.rest = s.slice(2);
  return true;
}

/** Go's getnum3: one to three digits (exactly three when fixed). */
export function getnum3(s: string, fixed: boolean): boolean {
  let n = 0;
  let i = 0;
  for (; i < 3 && isDigit(s, i); i++) n = n * 10 + (s.charCodeAt(i) - 0x30);
  if (i === 0 || (fixed && i !== 3)) return false;
  scan.num = n;
  scan.rest = s.slice(i);
  return true;
}

/** Go's atoi: optional sign, then digits only; reports success, the value in `scan.num`. */
export function atoi(s: string): boolean {
  let neg = false;
  if (s.length > 0 && (s[0] === '-' || s[0] === '+')) {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let i = 0;
  let x = 0;
  for (; i < s.length && isDigit(s, i); i++) {
    x = x * 10 + (s.charCodeAt(i) - 0x30);
    if (x > 2 ** 63) return false;
  }
  if (i < s.length) return false;
  scan.num = neg ? -x : x;
  return true;
}

/**
 * Go's skip: removes a literal prefix (a space in the layout matches any run of spaces). Leaves what is
 * left of the value in `scan.rest`, also on failure.
 */
export function skip(value: string, prefix: string): boolean {
  let v = 0;
  let p = 0;
  let ok = true;
  while (p < prefix.length) {
    if (prefix.charCodeAt(p) === 0x20) {
      if (v < value.length && value.charCodeAt(v) !== 0x20) {
        ok = false;
        break;
      }
      while (p < prefix.length && prefix.charCodeAt(p) === 0x20) p++;
      while (v < value.length && value.charCodeAt(v) === 0x20) v++;
      continue;
    }
    if (v >= value.length || value.charCodeAt(v) !== prefix.charCodeAt(p)) {
      ok = false;
      break;
    }
    p++;
    v++;
  }
  scan.rest = v === 0 ? value : value.slice(v);
  return ok;
}

/** Go's lookup: the index of the name `val` starts with (ASCII letters compared without case). */
export function lookupName(tab: readonly string[], val: string): number {
  for (let i = 0; i < tab.length; i++) {
    const v = tab[i] as string;
    if (val.length >= v.length && sameLetters(val, v)) {
      scan.rest = val.slice(v.length);
      return i;
    }
  }
  return BAD;
}

function sameLetters(val: string, v: string): boolean {
  for (let i = 0; i < v.length; i++) {
    let c1 = val.charCodeAt(i);
    let c2 = v.charCodeAt(i);
    if (c1 !== c2) {
      c1 |= 0x20;
      c2 |= 0x20;
      if (c1 !== c2 || c1 < 0x61 || c1 > 0x7a) return false;
    }
  }
  return true;
}

export const commaOrPeriod = (c: string | undefined): boolean => c === '.' || c === ',';

/** Go's parseNanoseconds: value[0] is the separator, value[1..n) the digits. */
export function parseNanoseconds(value: string, n: number): { ns: number; range: string } | undefined {
  if (!commaOrPeriod(value[0])) return undefined;
  if (n > 10) n = 10;
  if (!atoi(value.slice(1, n))) return undefined;
  if (scan.num < 0) return { ns: 0, range: 'fractional second' };
  return { ns: scan.num * 10 ** (10 - n), range: '' };
}

/** Go's leadingInt on a signed offset ("+03"): length consumed, 0 when bad. */
function parseSignedOffset(value: string): number {
  const sign = value[0];
  if (sign !== '-' && sign !== '+') return 0;
  let i = 1;
  let x = 0;
  for (; i < value.length && isDigit(value, i); i++) x = x * 10 + (value.charCodeAt(i) - 0x30);
  if (i === 1 || x > 23) return 0;
  return i;
}

/** Go's parseTimeZone: the length of the zone abbreviation at the start of value, 0 if none. */
export function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  const four = value.slice(0, 4);
  if (four === 'ChST' || four === 'MeST') return 4;
  if (value.startsWith('GMT')) return value.length === 3 ? 3 : 3 + parseSignedOffset(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let upper = 0;
  for (; upper < 6 && upper < value.length; upper++) {
    const c = value.charCodeAt(upper);
    if (c < 0x41 || c > 0x5a) break;
  }
  switch (upper) {
    case 5:
      return value[4] === 'T' ? 5 : 0;
    case 4:
      return value[3] === 'T' || four === 'WITA' ? 4 : 0;
    case 3:
      return 3;
    default:
      return 0;
  }
}

interface OffsetResult {
  offset: number;
  rest: string;
  range: string;
  ok: boolean;
}

/** A numeric zone offset element: [sign, hh, mm, ss] in the form the element names. */
export function parseOffset(std: Std, value: string): OffsetResult | undefined {
  let sign: string;
  let hh: string;
  let mm = '00';
  let ss = '00';
  let rest: string;
  if (std === Std.ISO8601ColonTZ || std === Std.NumColonTZ) {
    if (value.length < 6 || value[3] !== ':') return undefined;
    [sign, hh, mm, rest] = [value.slice(0, 1), value.slice(1, 3), value.slice(4, 6), value.slice(6)];
  } else if (std === Std.NumShortTZ || std === Std.ISO8601ShortTZ) {
    if (value.length < 3) return undefined;
    [sign, hh, rest] = [value.slice(0, 1), value.slice(1, 3), value.slice(3)];
  } else if (std === Std.ISO8601ColonSecondsTZ || std === Std.NumColonSecondsTZ) {
    if (value.length < 9 || value[3] !== ':' || value[6] !== ':') return undefined;
    [sign, hh, mm, ss, rest] = [
      value.slice(0, 1),
      value.slice(1, 3),
      value.slice(4, 6),
      value.slice(7, 9),
      value.slice(9),
    ];
  } else if (std === Std.ISO8601SecondsTZ || std === Std.NumSecondsTz) {
    if (value.length < 7) return undefined;
    [sign, hh, mm, ss, rest] = [
      value.slice(0, 1),
      value.slice(1, 3),
      value.slice(3, 5),
      value.slice(5, 7),
      value.slice(7),
    ];
  } else {
    if (value.length < 5) return undefined;
    [sign, hh, mm, rest] = [value.slice(0, 1), value.slice(1, 3), value.slice(3, 5), value.slice(5)];
  }
  let ok = getnum(hh, true);
  const hr = ok ? scan.num : 0;
  let mi = 0;
  let se = 0;
  if (ok) {
    ok = getnum(mm, true);
    mi = ok ? scan.num : 0;
    if (ok) {
      ok = getnum(ss, true);
      se = ok ? scan.num : 0;
    }
  }
  let range = '';
  if (hr > 24) range = 'time zone offset hour';
  if (mi > 60) range = 'time zone offset minute';
  if (se > 60) range = 'time zone offset second';
  let offset = (hr * 60 + mi) * 60 + se;
  if (sign === '-') offset = -offset;
  else if (sign !== '+') ok = false;
  return { offset, rest, range, ok };
}
