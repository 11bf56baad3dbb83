/**
 * Number to text exactly as the C code of lua_sandbox 0.x and its modules wrote it: printf's "%.Ng"
 * (glibc: correctly rounded, ties to even on the exact binary value) and lua_sandbox's own fixed-point
 * writer (lsb_output_double / lsb_serialize_double).
 */

const INT_MAX = 2147483647;
const bits = new DataView(new ArrayBuffer(8));

/** The exact decimal expansion of a positive finite double: digits and the exponent of the first. */
function exactDecimal(a: number): { digits: string; exp: number } {
  bits.setFloat64(0, a);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e2: number;
  if (biased === 0) e2 = -1074;
  else {
    mant |= 1n << 52n;
    e2 = biased - 1075;
  }
  if (e2 >= 0) {
    const digits = (mant << BigInt(e2)).toString();
    return { digits, exp: digits.length - 1 };
  }
  const digits = (mant * 5n ** BigInt(-e2)).toString();
  return { digits, exp: digits.length - 1 + e2 };
}

/** Rounds a positive finite double to `p` significant digits, ties to even (glibc printf). */
function roundSignificant(a: number, p: number): { digits: string; exp: number } {
  // A tie at p digits means the exact value has exactly p+1 significant digits, the last a 5: then
  // the (p+1)-digit rendering is exact and ends in 5. Otherwise JS's nearest rounding is the answer.
  const longer = p < 100 ? a.toExponential(p) : '';
  const eAt = longer.indexOf('e');
  if (longer === '' || longer.charCodeAt(eAt - 1) === 0x35 /* 5 */) {
    const { digits, exp } = exactDecimal(a);
    if (digits.length <= p) return { digits: digits.padEnd(p, '0'), exp };
    let head = digits.slice(0, p);
    const rest = digits.slice(p);
    const half = rest.charCodeAt(0) - 48;
    const tie = half === 5 && /^5?0*$/.test(rest);
    const up = half > 5 || (half === 5 && !tie) || (tie && (head.charCodeAt(p - 1) - 48) % 2 === 1);
    if (!up) return { digits: head, exp };
    const bumped = (BigInt(head) + 1n).toString();
    if (bumped.length > p) return { digits: bumped.slice(0, p), exp: exp + 1 };
    head = bumped.padStart(p, '0');
    return { digits: head, exp };
  }
  const s = a.toExponential(p - 1);
  const at = s.indexOf('e');
  return { digits: s.slice(0, at).replace('.', ''), exp: Number(s.slice(at + 1)) };
}

function stripZeros(frac: string): string {
  let end = frac.length;
  while (end > 0 && frac.charCodeAt(end - 1) === 0x30) end--;
  return frac.slice(0, end);
}

/** C's printf("%.<precision>g", x). */
export function formatG(x: number, precision: number): string {
  if (Number.isNaN(x)) {
    bits.setFloat64(0, x);
    return bits.getUint32(0) >>> 31 ? '-nan' : 'nan';
  }
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  const p = precision <= 0 ? 1 : precision;
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (x === 0) return `${sign}0`;
  const { digits, exp } = roundSignificant(Math.abs(x), p);
  if (exp < -4 || exp >= p) {
    const frac = stripZeros(digits.slice(1));
    const e = Math.abs(exp);
    return `${sign}${digits[0]}${frac ? `.${frac}` : ''}e${exp < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exp >= 0) {
    const frac = stripZeros(digits.slice(exp + 1));
    return `${sign}${digits.slice(0, exp + 1)}${frac ? `.${frac}` : ''}`;
  }
  return `${sign}0.${'0'.repeat(-exp - 1)}${stripZeros(digits)}`;
}

/** An integral double as C's %lld / %d would print it. */
export function formatInt(x: number): string {
  if (Number.isSafeInteger(x)) return String(x);
  if (!Number.isFinite(x)) return '0';
  return BigInt(Math.trunc(x)).toString();
}

/**
 * lua_sandbox's fast_double: the integer part, then up to 8 decimals with trailing zeros removed
 * (rounded as lua_sandbox did: up above one half, an exact half only when the 8th decimal is odd or
 * zero); beyond INT_MAX "%0.17g".
 */
function fastDouble(d: number): string {
  if (d > INT_MAX) return formatG(d, 17);
  let sign = '';
  if (d < 0) {
    sign = '-';
    d = -d;
    // C converts the magnitude to an int here (undefined beyond INT_MAX); print it like the positive case.
    if (d > INT_MAX) return `-${formatG(d, 17)}`;
  }
  let number = Math.trunc(d);
  const tmp = (d - number) * 100000000;
  let fraction = Math.trunc(tmp);
  const diff = tmp - fraction;
  if (diff > 0.5) {
    ++fraction;
    if (fraction >= 100000000) {
      fraction = 0;
      ++number;
    }
  } else if (diff === 0.5 && (fraction === 0 || fraction % 2 === 1)) {
    ++fraction; // no carry here in lua_sandbox either: 100000000 prints as "N."
  }
  if (fraction === 0) return `${sign}${number}`;
  const frac = stripZeros(String(fraction % 100000000).padStart(8, '0'));
  return `${sign}${number}.${frac}`;
}

/** lsb_output_double: how add_to_payload, cbuf/cbufd output and cbuf restore strings print a number. */
export function outputNumber(d: number): string {
  if (Number.isNaN(d)) return 'nan';
  if (d === Number.POSITIVE_INFINITY) return 'inf';
  if (d === Number.NEGATIVE_INFINITY) return '-inf';
  return fastDouble(d);
}

/** lsb_serialize_double: numbers in preservation files, NaN and infinities as Lua expressions. */
export function serializeNumber(d: number): string {
  if (Number.isNaN(d)) return '0/0';
  if (d === Number.POSITIVE_INFINITY) return '1/0';
  if (d === Number.NEGATIVE_INFINITY) return '-1/0';
  return fastDouble(d);
}
