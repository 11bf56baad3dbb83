/**
 * C's strtod/strtoll/strtoul over Lua string bytes (glibc, "C" locale): the longest prefix that is a
 * number, and where it ended. A NUL byte ends the text as it ends a C string.
 */

export interface Parsed {
  value: number;
  /** Index after the number; the start index when nothing was converted. */
  end: number;
}

function at(b: Uint8Array, i: number): number {
  return i < b.length ? (b[i] as number) : 0;
}

export function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (isDigit(c)) return c - 0x30;
  const l = c | 0x20;
  return l >= 0x61 && l <= 0x66 ? l - 0x61 + 10 : -1;
}

/** Case-insensitive match of an ASCII lower-case word at `i`. */
function matchWord(b: Uint8Array, i: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if ((at(b, i + k) | 0x20) !== word.charCodeAt(k)) return false;
  }
  return true;
}

function scale2(v: number, e: number): number {
  while (e > 1000) {
    v *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    v *= 2 ** -1000;
    e += 1000;
  }
  return v * 2 ** e;
}

function parseHex(b: Uint8Array, i: number): { value: number; end: number } | null {
  let mant = 0n;
  let digits = 0;
  let fracDigits = 0;
  let seenPoint = false;
  for (;;) {
    const c = at(b, i);
    const h = hexValue(c);
    if (h >= 0) {
      mant = (mant << 4n) | BigInt(h);
      digits++;
      if (seenPoint) fracDigits++;
    } else if (c === 0x2e && !seenPoint) {
      seenPoint = true;
    } else break;
    i++;
  }
  if (digits === 0) return null;
  let exp = 0;
  if ((at(b, i) | 0x20) === 0x70 /* p */) {
    let j = i + 1;
    let neg = false;
    if (at(b, j) === 0x2b || at(b, j) === 0x2d) neg = at(b, j++) === 0x2d;
    if (isDigit(at(b, j))) {
      let e = 0;
      while (isDigit(at(b, j))) e = Math.min(e * 10 + (at(b, j++) - 0x30), 100000);
      exp = neg ? -e : e;
      i = j;
    }
  }
  // Keep 64 significant bits plus a sticky bit so the one rounding to a double is correct.
  let shift = 0;
  const width = mant.toString(2).length;
  if (width > 64) {
    shift = width - 64;
    const sticky = (mant & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    mant = (mant >> BigInt(shift)) | sticky;
  }
  return { value: scale2(Number(mant), exp - 4 * fracDigits + shift), end: i };
}

/** strtod: leading white space, sign, decimal or hex float, inf/infinity, nan/nan(chars). */
export function strtod(b: Uint8Array, start: number): Parsed {
  let i = start;
  while (isSpace(at(b, i))) i++;
  let neg = false;
  if (at(b, i) === 0x2b || at(b, i) === 0x2d) neg = at(b, i++) === 0x2d;
  const c = at(b, i);
  if ((c | 0x20) === 0x69 /* i */ && matchWord(b, i, 'inf')) {
    const end = matchWord(b, i, 'infinity') ? i + 8 : i + 3;
    return { value: neg ? -Infinity : Infinity, end };
  }
  if ((c | 0x20) === 0x6e /* n */ && matchWord(b, i, 'nan')) {
    let end = i + 3;
    if (at(b, end) === 0x28) {
      let j = end + 1;
      while (isDigit(at(b, j)) || ((at(b, j) | 0x20) >= 0x61 && (at(b, j) | 0x20) <= 0x7a) || at(b, j) === 0x5f) j++;
      if (at(b, j) === 0x29) end = j + 1;
    }
    return { value: Number.NaN, end };
  }
  if (c === 0x30 && (at(b, i + 1) | 0x20) === 0x78) {
    const hex = parseHex(b, i + 2);
    if (hex) return { value: neg ? -hex.value : hex.value, end: hex.end };
    return { value: neg ? -0 : 0, end: i + 1 }; // "0x" without digits: just the 0
  }
  const numStart = i;
  let digits = 0;
  while (isDigit(at(b, i))) {
    i++;
    digits++;
  }
  if (at(b, i) === 0x2e) {
    i++;
    while (isDigit(at(b, i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return { value: 0, end: start };
  if ((at(b, i) | 0x20) === 0x65 /* e */) {
    let j = i + 1;
    if (at(b, j) === 0x2b || at(b, j) === 0x2d) j++;
    if (isDigit(at(b, j))) {
      while (isDigit(at(b, j))) j++;
      i = j;
    }
  }
  let text = '';
  for (let k = numStart; k < i; k++) text += String.fromCharCode(b[k] as number);
  const v = Number(text.endsWith('.') ? text.slice(0, -1) : text);
  return { value: neg ? -v : v, end: i };
}

/** strtoll (base 10): clamps to the int64 range. */
export function strtoll(b: Uint8Array, start: number): Parsed {
  let i = start;
  while (isSpace(at(b, i))) i++;
  let neg = false;
  if (at(b, i) === 0x2b || at(b, i) === 0x2d) neg = at(b, i++) === 0x2d;
  if (!isDigit(at(b, i))) return { value: 0, end: start };
  let v = 0n;
  while (isDigit(at(b, i))) {
    if (v < 10n ** 20n) v = v * 10n + BigInt(at(b, i) - 0x30);
    i++;
  }
  if (neg) v = -v;
  if (v > 9223372036854775807n) v = 9223372036854775807n;
  if (v < -9223372036854775808n) v = -9223372036854775808n;
  return { value: Number(v), end: i };
}

/** strtoul (base 10) as stored into a C `unsigned`: a negative text wraps, the low 32 bits remain. */
export function strtoul32(b: Uint8Array, start: number): Parsed {
  let i = start;
  while (isSpace(at(b, i))) i++;
  let neg = false;
  if (at(b, i) === 0x2b || at(b, i) === 0x2d) neg = at(b, i++) === 0x2d;
  if (!isDigit(at(b, i))) return { value: 0, end: start };
  let v = 0n;
  let overflow = false;
  while (isDigit(at(b, i))) {
    v = v * 10n + BigInt(at(b, i) - 0x30);
    if (v > 0xffffffffffffffffn) overflow = true;
    i++;
  }
  if (overflow) v = 0xffffffffffffffffn;
  else if (neg) v = (1n << 64n) - v;
  return { value: Number(BigInt.asUintN(32, v)), end: i };
}
