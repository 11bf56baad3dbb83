/**
 * Go's strconv.FormatFloat(v, 'g', -1, 64): the shortest digits that read back as the same double,
 * in %e form when the decimal exponent is below -4 or at least 6 (e.g. 1e+06, 19101.3, 1e-05, +Inf).
 * Not a time function: it lives here beside strftime because the plugins that print Heka's text
 * (RstEncoder, the ElasticSearch encoders) need both, and this package is what they share.
 */
export function formatGoFloat(v: number): string {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
  // Where Go uses %f (decimal exponent -4..5), JavaScript's own shortest form is the same text.
  const a = v < 0 ? -v : v;
  if (a >= 1e-4 && a < 1e6) return String(v);
  // toExponential() with no argument gives the shortest round-trip digits, as Go's shortest mode does.
  const e = v.toExponential();
  const at = e.indexOf('e');
  const neg = e.charCodeAt(0) === 0x2d;
  const mantissa = e.slice(neg ? 1 : 0, at);
  const digits = mantissa.length > 1 ? mantissa[0] + mantissa.slice(2) : mantissa;
  const exp = Number(e.slice(at + 1));
  const sign = neg ? '-' : '';
  if (exp < -4 || exp >= 6) {
    const abs = exp < 0 ? -exp : exp;
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  const point = exp + 1; // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}
