/**
 * The standard normal CDF for mannwhitneyu's p-value (lua_circular_buffer used cephes' ndtr). Computed
 * here independently: erf's Taylor series in 320-bit fixed point (exact enough that the double result
 * is correctly rounded in practice) below 10, a continued fraction in doubles beyond (erfc < 3e-45).
 */

const S = 320n;
const ONE = 1n << S;

function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / 2));
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

const PI_DIGITS =
  '31415926535897932384626433832795028841971693993751058209749445923078164062862089986280348253421170679';
/** π · 2^S */
const PI_FIXED = (BigInt(PI_DIGITS) << S) / 10n ** BigInt(PI_DIGITS.length - 1);
/** 2/√π · 2^S */
const TWO_OVER_SQRT_PI = (2n << (2n * S)) / isqrt(PI_FIXED << S);

const bits = new DataView(new ArrayBuffer(8));

/** A non-negative finite double as a fixed-point BigInt (value · 2^S, truncated). */
function toFixed(x: number): bigint {
  bits.setFloat64(0, x);
  const hi = bits.getUint32(0);
  const lo = bits.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e = -1074;
  if (biased !== 0) {
    mant |= 1n << 52n;
    e = biased - 1075;
  }
  const shift = BigInt(e) + S;
  return shift >= 0n ? mant << shift : mant >> -shift;
}

/** A non-negative fixed-point BigInt to the nearest double. */
function fromFixed(n: bigint): number {
  if (n === 0n) return 0;
  const width = n.toString(2).length;
  let shift = 0;
  let m = n;
  if (width > 64) {
    shift = width - 64;
    const sticky = (n & ((1n << BigInt(shift)) - 1n)) !== 0n ? 1n : 0n;
    m = (n >> BigInt(shift)) | sticky;
  }
  return Number(m) * 2 ** (shift - Number(S));
}

/** erf(x) · 2^S for 0 <= x < 10. */
function erfFixed(x: number): bigint {
  const X = toFixed(x);
  const X2 = (X * X) >> S;
  let term = X;
  let sum = X;
  for (let n = 1n; term !== 0n; n++) {
    term = (term * X2) / (n << S);
    const add = term / (2n * n + 1n);
    sum += n % 2n === 1n ? -add : add;
  }
  return (sum * TWO_OVER_SQRT_PI) >> S;
}

/** erfc(x) for x >= 10 by its continued fraction (modified Lentz). */
function erfcTail(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let c = f;
  let d = 0;
  for (let n = 1; n < 500; n++) {
    const a = n / 2;
    d = x + a * d;
    if (d === 0) d = tiny;
    c = x + a / c;
    if (c === 0) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-17) break;
  }
  // exp(-x²) with x² split exactly into p + err (Dekker) so its rounding does not cost accuracy
  const split = 134217729 * x;
  const xh = split - (split - x);
  const xl = x - xh;
  const p = x * x;
  const err = xh * xh - p + 2 * xh * xl + xl * xl;
  return (Math.exp(-p) * (1 - err)) / Math.sqrt(Math.PI) / f;
}

/**
 * ndtr(a): P(Z <= a) for a standard normal Z. As cephes: the argument a/√2 is first rounded to a
 * double; |a/√2| < 1/√2 uses 0.5 + 0.5 erf, otherwise 0.5 erfc.
 */
export function ndtr(a: number): number {
  if (Number.isNaN(a)) return Number.NaN;
  const x = a * Math.SQRT1_2;
  const z = Math.abs(x);
  if (z === Number.POSITIVE_INFINITY) return x > 0 ? 1 : 0;
  if (z < Math.SQRT1_2) {
    const e = erfFixed(z);
    const half = ONE >> 1n;
    return fromFixed(x >= 0 ? half + (e >> 1n) : half - (e >> 1n));
  }
  // 0.5 * erfc(z), and 1 - that for positive arguments
  if (z >= 10) {
    const y = 0.5 * erfcTail(z);
    return x > 0 ? 1 - y : y;
  }
  const erfc = ONE - erfFixed(z);
  return fromFixed(x > 0 ? ONE - (erfc >> 1n) : erfc >> 1n);
}
