/** Go's time.ParseDuration (Heka's duration strings: "720h", "1m", "250ms", "1h30m", "0"), in milliseconds. */

const UNITS_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

const TERM = /^([0-9]*)(?:\.([0-9]*))?([a-zµμ]+)/;

/** Milliseconds for a Go duration string; throws an Error naming the text when it does not parse. */
export function parseDurationMs(text: string): number {
  const bad = (why: string): never => {
    throw new Error(`invalid duration ${JSON.stringify(text)}: ${why}`);
  };
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') bad('empty');
  let total = 0;
  while (s.length > 0) {
    const m = TERM.exec(s);
    if (!m) return bad('expected a number followed by a unit (ns, us, ms, s, m, h)');
    const [whole, int = '', frac = '', unit = ''] = m;
    if (int === '' && frac === '') bad('missing number');
    const scale = Object.hasOwn(UNITS_MS, unit)
      ? (UNITS_MS[unit] as number)
      : bad(`unknown unit ${JSON.stringify(unit)}`);
    total += Number(`${int || '0'}.${frac || '0'}`) * scale;
    s = s.slice(whole.length);
  }
  return sign * total;
}
