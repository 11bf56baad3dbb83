/**
 * Number formatting as Heka's Lua 5.1 sandbox printed numbers: `tostring`/concatenation use C's
 * "%.14g"; the output buffer (add_to_payload, inject_payload) and preservation use lua_sandbox's own
 * fixed-point writer (at most 8 decimals, "%0.17g" above INT_MAX).
 */

const INT_MAX = 2147483647;

/**
 * The exact decimal digits of a finite positive double: `digits` (no leading zeros) and `point`, the
 * position of the decimal point in them (value = 0.digits × 10^point).
 */
function exactDecimal(a: number): { digits: string; point: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, a);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mantissa = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mantissa |= 1n << 52n;
    exp = biased - 1075;
  }
  let digits: string;
  let point: number;
  if (exp >= 0) {
    digits = (mantissa << BigInt(exp)).toString();
    point = digits.length;
  } else {
    digits = (mantissa * 5n ** BigInt(-exp)).toString();
    point = digits.length + exp;
  }
  const trimmed = digits.replace(/0+$/, '');
  return { digits: trimmed === '' ? '0' : trimmed, point };
}

/** Rounds to `keep` digits, half to even on the exact value (glibc printf's rounding). */
function roundDigits(d: { digits: string; point: number }, keep: number): { digits: string; point: number } {
  const { digits, point } = d;
  if (keep >= digits.length) return { digits: digits.padEnd(Math.max(keep, 0), '0'), point };
  if (keep < 0) return { digits: '', point };
  const next = digits.charCodeAt(keep) - 48;
  const rest = digits.length > keep + 1;
  const last = keep > 0 ? digits.charCodeAt(keep - 1) - 48 : 0;
  let kept = digits.slice(0, keep);
  if (next > 5 || (next === 5 && (rest || last % 2 === 1))) {
    const up = (BigInt(kept || '0') + 1n).toString();
    if (up.length > keep) return { digits: up.slice(0, Math.max(keep, 1)), point: point + 1 };
    kept = up.padStart(keep, '0');
  }
  return { digits: kept, point };
}

/** C's %e with `digits` decimals: "1.500000e+00". */
export function formatE(x: number, digits: number, upper = false): string {
  if (!Number.isFinite(x)) return nonFinite(x, upper);
  const a = Math.abs(x);
  let s: string;
  if (a === 0) s = `0${digits > 0 ? `.${'0'.repeat(digits)}` : ''}e+00`;
  else {
    const r = roundDigits(exactDecimal(a), digits + 1);
    const exp = r.point - 1;
    const mant = r.digits.length > 1 ? `${r.digits[0]}.${r.digits.slice(1)}` : (r.digits as string);
    s = `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (upper) s = s.toUpperCase();
  return isNegative(x) ? `-${s}` : s;
}

/** C's %f with `digits` decimals. */
export function formatF(x: number, digits: number, upper = false): string {
  if (!Number.isFinite(x)) return nonFinite(x, upper);
  const a = Math.abs(x);
  let s: string;
  if (a === 0) s = `0${digits > 0 ? `.${'0'.repeat(digits)}` : ''}`;
  else {
    const d = exactDecimal(a);
    const r = roundDigits(d, d.point + digits);
    // All digits as an integer scaled by 10^digits.
    let all = r.digits === '' ? '0' : r.digits;
    const intLen = r.point;
    if (intLen <= 0) all = '0'.repeat(1 - intLen) + all;
    const split = Math.max(intLen, 1);
    all = all.padEnd(split + digits, '0');
    const int = all.slice(0, split).replace(/^0+(?=\d)/, '');
    const frac = all.slice(split).padEnd(digits, '0').slice(0, digits);
    s = digits > 0 ? `${int}.${frac}` : int;
  }
  return isNegative(x) ? `-${s}` : s;
}

/** C's %g with `precision` significant digits (`alt`: the '#' flag keeps trailing zeros). */
export function formatG(x: number, precision: number, alt = false, upper = false): string {
  if (!Number.isFinite(x)) return nonFinite(x, upper);
  const p = precision === 0 ? 1 : precision;
  if (x === 0) {
    const zero = alt ? `0.${'0'.repeat(p - 1)}` : '0';
    return isNegative(x) ? `-${zero}` : zero;
  }
  const exp = roundDigits(exactDecimal(Math.abs(x)), p).point - 1;
  let s: string;
  if (exp < -4 || exp >= p) {
    s = formatE(x, p - 1, upper);
    if (!alt) s = s.replace(/\.?0+([eE])/, '$1');
  } else {
    s = formatF(x, p - 1 - exp);
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

function nonFinite(x: number, upper: boolean): string {
  const s = Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  return upper ? s.toUpperCase() : s;
}

/** How Lua 5.1 turns a number into text (tostring, `..`, lua_tolstring): "%.14g". */
export function luaNumberToString(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e14 && !Object.is(x, -0)) return String(x);
  return formatG(x, 14);
}

/**
 * lua_sandbox's output writer for numbers (lsb_output_double's fast path): the integer part, then up
 * to 8 decimals without trailing zeros, rounded half to even; "%0.17g" beyond ±INT_MAX.
 */
export function outputNumber(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Number.POSITIVE_INFINITY) return 'inf';
  if (d === Number.NEGATIVE_INFINITY) return '-inf';
  return fixedPoint(d);
}

/** lua_sandbox's number writer for preservation files: NaN and infinities as Lua expressions. */
export function serializeNumber(d: number): string {
  if (Number.isNaN(d)) return '0/0';
  if (d === Number.POSITIVE_INFINITY) return '1/0';
  if (d === Number.NEGATIVE_INFINITY) return '-1/0';
  return fixedPoint(d);
}

function fixedPoint(d: number): string {
  if (d > INT_MAX || d < -INT_MAX) return formatG(d, 17);
  const negative = d < 0;
  if (negative) d = -d;
  let number = Math.trunc(d);
  const tmp = (d - number) * 100000000;
  let fraction = Math.trunc(tmp);
  const diff = tmp - fraction;
  if (diff > 0.5) {
    fraction++;
    if (fraction >= 100000000) {
      fraction = 0;
      number++;
    }
  } else if (diff === 0.5 && (fraction === 0 || fraction & 1)) {
    fraction++; // banker's rounding
  }
  let out = '';
  if (fraction !== 0) {
    let digits = '';
    let leading = true;
    for (let i = 0; i < 8; i++) {
      const c = fraction % 10;
      if (!(c === 0 && leading)) {
        digits = String(c) + digits;
        leading = false;
      }
      fraction = Math.floor(fraction / 10);
    }
    out = `.${digits}`;
  }
  return `${negative ? '-' : ''}${number}${out}`;
}

/** A Lua number as a signed int64 (C's cast truncates toward zero); undefined for NaN and infinities. */
export function toInt64(x: number): bigint | undefined {
  if (!Number.isFinite(x)) return undefined;
  return BigInt.asIntN(64, BigInt(Math.trunc(x)));
}

/** An int64 as Heka's sandbox showed it to Lua: a double (exact up to 2^53). */
export function int64ToNumber(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}
