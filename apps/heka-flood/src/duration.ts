/** Go's time.ParseDuration (message_interval = "10ms", "1.5s", "1h2m", "250us"), in nanoseconds. */

const UNITS: Readonly<Record<string, number>> = {
  ns: 1,
  us: 1e3,
  µs: 1e3, // U+00B5 micro sign
  μs: 1e3, // U+03BC Greek mu
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

export function parseGoDuration(text: string): number {
  const bad = (why = 'invalid duration'): never => {
    throw new Error(`time: ${why} ${JSON.stringify(text)}`);
  };
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') bad();
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s) as RegExpExecArray;
    const whole = m[1] as string;
    const frac = m[2];
    if (whole === '' && (frac === undefined || frac === '')) bad();
    s = s.slice(m[0].length);
    const unit = /^[^\d.]*/.exec(s)?.[0] ?? '';
    if (unit === '') bad('missing unit in duration');
    const scale = UNITS[unit];
    if (scale === undefined)
      throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
    s = s.slice(unit.length);
    total += Number(`${whole || '0'}.${frac || '0'}`) * scale;
  }
  if (total > 2 ** 63) bad();
  return sign * Math.round(total);
}
