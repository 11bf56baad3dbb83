/**
 * strftime(3)-style formatting as Heka did it: the conversions and output of the Go library
 * github.com/cactus/gostrftime at the commit Heka 0.10/0.11 pinned (d329f83), used by FileOutput paths,
 * PayloadEncoder prefixes and the ElasticSearch encoders' index names and timestamps.
 *
 * Faithful to that version, including its quirks:
 * - `%C` prints the whole year zero-padded to two digits ("2014"), not the century;
 * - `%z` of a negative offset with minutes prints the minutes with their own sign ("-03-30");
 * - an unknown conversion is copied through with its `%` ("%Q" → "%Q"), a lone trailing `%` stays;
 * - `%L`, `%N`, `%U`, `%W`, `%V`, `%G`, `%u`, `%c`, `%x`, `%X` did not exist then and are copied through.
 * `%f` is microseconds. `%Z` is the zone's tz database abbreviation as far as ICU and zone-names.ts
 * know it ("CEST", "JST"), else its numeric form ("-03", "+0545").
 */
import { LONG_DAY_NAMES, LONG_MONTH_NAMES, SHORT_DAY_NAMES, SHORT_MONTH_NAMES } from './format.js';
import { localParts, splitNanos, type TimeParts, utcParts } from './strftime-parts.js';

/** Go's fmt "%0<width>d" (and "%+0<width>d"): the sign counts in the width. */
function pad(n: number, width: number, plus = false): string {
  const sign = n < 0 ? '-' : plus ? '+' : '';
  const digits = String(n < 0 ? -n : n);
  const zeros = width - sign.length - digits.length;
  return zeros > 0 ? sign + '0'.repeat(zeros) + digits : sign + digits;
}

/** Go's fmt "%<width>d": padded with spaces. */
function spaced(n: number, width: number): string {
  return String(n).padStart(width, ' ');
}

const hour12 = (h: number): number => (h % 12 === 0 ? 12 : h % 12);
const shortMonth = (t: TimeParts): string => SHORT_MONTH_NAMES[t.month - 1] as string;

type Directive = (t: TimeParts) => string;

const DIRECTIVES: Readonly<Record<string, Directive>> = {
  A: (t) => LONG_DAY_NAMES[t.weekday] as string,
  a: (t) => SHORT_DAY_NAMES[t.weekday] as string,
  B: (t) => LONG_MONTH_NAMES[t.month - 1] as string,
  b: shortMonth,
  C: (t) => pad(t.year, 2),
  D: (t) => `${pad(t.month, 2)}/${pad(t.day, 2)}/${pad(t.year % 100, 2)}`,
  d: (t) => pad(t.day, 2),
  e: (t) => spaced(t.day, 2),
  F: (t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`,
  f: (t) => pad(Math.trunc(t.nsec / 1000), 6),
  H: (t) => pad(t.hour, 2),
  h: shortMonth,
  I: (t) => pad(hour12(t.hour), 2),
  j: (t) => pad(t.yday, 3),
  k: (t) => spaced(t.hour, 2),
  l: (t) => spaced(hour12(t.hour), 2),
  M: (t) => pad(t.minute, 2),
  m: (t) => pad(t.month, 2),
  n: () => '\n',
  P: (t) => (t.hour < 12 ? 'am' : 'pm'),
  p: (t) => (t.hour < 12 ? 'AM' : 'PM'),
  R: (t) => `${pad(t.hour, 2)}:${pad(t.minute, 2)}`,
  r: (t) => `${pad(hour12(t.hour), 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)} ${t.hour < 12 ? 'AM' : 'PM'}`,
  S: (t) => pad(t.second, 2),
  s: (t) => String(t.unix),
  T: (t) => `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}`,
  t: () => '\t',
  v: (t) => `${spaced(t.day, 2)}-${shortMonth(t)}-${pad(t.year, 4)}`,
  w: (t) => String(t.weekday),
  Y: (t) => pad(t.year, 4),
  y: (t) => pad(t.year % 100, 2),
  Z: (t) => t.zone(),
  // gostrftime's "%+03d%02d" of the offset's hours and minutes, each truncated towards zero.
  z: (t) => {
    const minutes = Math.trunc(t.offset / 60);
    return pad(Math.trunc(minutes / 60), 3, true) + pad(minutes % 60, 2);
  },
};

/** A format cut into literal text and conversions. */
interface Compiled {
  ops: (string | Directive)[];
  /** %f is used: the result changes within a second. */
  usesMicros: boolean;
}

function compile(format: string): Compiled {
  const ops: (string | Directive)[] = [];
  let literal = '';
  let usesMicros = false;
  const chars = [...format]; // by code point: "%😀" is one unknown conversion
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c !== '%') {
      literal += c;
      continue;
    }
    const next = chars[++i];
    if (next === undefined || next === '%') {
      literal += '%';
      continue;
    }
    const directive = Object.hasOwn(DIRECTIVES, next) ? DIRECTIVES[next] : undefined;
    if (!directive) {
      literal += c + next;
      continue;
    }
    if (literal) ops.push(literal);
    literal = '';
    ops.push(directive);
    if (next === 'f') usesMicros = true;
  }
  if (literal) ops.push(literal);
  return { ops, usesMicros };
}

/** A compiled format: call it with whole seconds since the epoch (floor) and the nanoseconds within. */
export interface Strftime {
  (sec: number, nsec: number): string;
  /** The format has no directives: the result never changes. */
  readonly constant: boolean;
  /** Formats int64 nanoseconds since the epoch (cheaper than splitting them first). */
  nanos(ns: bigint): string;
}

/**
 * Compiles a strftime format for UTC or local time. The last result is cached per second (per
 * microsecond with %f), which is what makes formatting every message cheap.
 */
export function compileStrftime(format: string, zone: 'utc' | 'local' = 'utc'): Strftime {
  if (!format.includes('%')) return Object.assign(() => format, { constant: true, nanos: () => format });
  const { ops, usesMicros } = compile(format);
  const parts = zone === 'utc' ? utcParts : localParts;
  let lastSec = Number.NaN;
  let lastMicros = -1;
  let last = '';
  const fn = (sec: number, nsec: number): string => {
    const micros = usesMicros ? Math.trunc(nsec / 1000) : 0;
    if (sec === lastSec && micros === lastMicros) return last;
    const t = parts(sec, nsec);
    let out = '';
    for (const op of ops) out += typeof op === 'string' ? op : op(t);
    lastSec = sec;
    lastMicros = micros;
    last = out;
    return out;
  };
  const nanos = (ns: bigint): string => {
    if (!usesMicros && ns >= 0n) return fn(Number(ns / 1_000_000_000n), 0); // the nanoseconds matter only to %f
    const t = splitNanos(ns);
    return fn(t.sec, t.nsec);
  };
  return Object.assign(fn, { constant: false, nanos });
}

/**
 * Formats `date` once, in local time (the process's time zone, as Go's time.Local) or in UTC when `utc`
 * is true. Throws a RangeError for an invalid Date when the format has a conversion.
 */
export function strftime(format: string, date: Date, utc = false): string {
  if (!format.includes('%')) return format;
  let t: TimeParts | undefined;
  let out = '';
  for (const op of compile(format).ops) {
    if (typeof op === 'string') {
      out += op;
      continue;
    }
    t ??= dateParts(date, utc);
    out += op(t);
  }
  return out;
}

function dateParts(date: Date, utc: boolean): TimeParts {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('strftime: invalid Date');
  const sec = Math.floor(ms / 1000);
  return (utc ? utcParts : localParts)(sec, (ms - sec * 1000) * 1_000_000);
}
