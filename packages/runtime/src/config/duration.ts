/** Go's time.ParseDuration, which Heka uses for every duration string (max_pack_idle, retries, ...). */
import { HekaError } from '@heka/core';

export class DurationError extends HekaError {
  override name = 'DurationError';
  constructor(message: string) {
    super('ERR_HEKA_DURATION', message);
  }
}

const UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_NS = (1n << 63n) - 1n;
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/**
 * Exact nanoseconds as a bigint: an optional sign, then one or more `<decimal><unit>` terms
 * ("1h2m3.5s", ".5us"), or "0". Fractions below 1 ns are truncated and the total must fit Go's int64.
 */
export function parseDurationNs(text: string): bigint {
  const quoted = JSON.stringify(text);
  const invalid = (): never => {
    throw new DurationError(`invalid duration ${quoted}`);
  };
  let s = text;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') invalid();
  let total = 0n;
  let i = 0;
  while (i < s.length) {
    const intStart = i;
    while (isDigit(s[i])) i++;
    const intPart = s.slice(intStart, i);
    let fracPart = '';
    if (s[i] === '.') {
      const fracStart = ++i;
      while (isDigit(s[i])) i++;
      fracPart = s.slice(fracStart, i);
    }
    if (intPart === '' && fracPart === '') invalid();
    const unitStart = i;
    while (i < s.length && s[i] !== '.' && !isDigit(s[i])) i++;
    const unitName = s.slice(unitStart, i);
    if (unitName === '') throw new DurationError(`missing unit in duration ${quoted}`);
    const unit = Object.hasOwn(UNITS, unitName) ? UNITS[unitName] : undefined;
    if (unit === undefined) throw new DurationError(`unknown unit ${JSON.stringify(unitName)} in duration ${quoted}`);
    total += BigInt(intPart || '0') * unit;
    if (fracPart !== '') total += (BigInt(fracPart) * unit) / 10n ** BigInt(fracPart.length);
    if (total > MAX_NS + (neg ? 1n : 0n)) invalid();
  }
  return neg ? -total : total;
}

/** Nanoseconds as a number (exact up to about 104 days). Throws DurationError when invalid. */
export function parseDuration(text: string): number {
  return Number(parseDurationNs(text));
}

/** Nanoseconds to milliseconds (fractional when below 1 ms). */
export function nsToMs(ns: number): number {
  return ns / 1_000_000;
}

/** A duration string in milliseconds, as timers want it. */
export function parseDurationMs(text: string): number {
  return nsToMs(parseDuration(text));
}
