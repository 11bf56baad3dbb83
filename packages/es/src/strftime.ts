/**
 * strftime as Heka formats it (the cactus/gostrftime version Heka pinned), compiled once per format.
 * Quirks kept on purpose: %C is the whole year (not the century), %z of a negative offset with minutes
 * reads like "-03-30", an unknown directive is written as it was ("%Q"), a trailing "%" stays.
 */

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Broken-down time, as Go's time.Time methods give it. */
export interface TimeParts {
  year: number;
  /** 1-12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nsec: number;
  /** 0 = Sunday */
  weekday: number;
  /** 1-366 */
  yday: number;
  /** Seconds since the epoch (floor). */
  unix: number;
  /** Seconds east of UTC. */
  offset: number;
  /** Zone abbreviation (computed on demand: it is costly for local time). */
  zone(): string;
}

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

type Directive = (t: TimeParts) => string;

const DIRECTIVES: Readonly<Record<string, Directive>> = {
  A: (t) => DAYS[t.weekday] as string,
  a: (t) => (DAYS[t.weekday] as string).slice(0, 3),
  B: (t) => MONTHS[t.month - 1] as string,
  b: (t) => (MONTHS[t.month - 1] as string).slice(0, 3),
  C: (t) => pad(t.year, 2),
  D: (t) => `${pad(t.month, 2)}/${pad(t.day, 2)}/${pad(t.year % 100, 2)}`,
  d: (t) => pad(t.day, 2),
  e: (t) => spaced(t.day, 2),
  F: (t) => `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}`,
  f: (t) => pad(Math.trunc(t.nsec / 1000), 6),
  H: (t) => pad(t.hour, 2),
  h: (t) => (MONTHS[t.month - 1] as string).slice(0, 3),
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
  v: (t) => `${spaced(t.day, 2)}-${(MONTHS[t.month - 1] as string).slice(0, 3)}-${pad(t.year, 4)}`,
  w: (t) => String(t.weekday),
  Y: (t) => pad(t.year, 4),
  y: (t) => pad(t.year % 100, 2),
  Z: (t) => t.zone(),
  z: (t) => {
    const minutes = Math.trunc(t.offset / 60);
    return pad(Math.trunc(minutes / 60), 3, true) + pad(minutes % 60, 2);
  },
};

const UTC_ZONE = (): string => 'UTC';

function dayOfYear(year: number, month: number, day: number): number {
  return Math.round((Date.UTC(year, month - 1, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
}

/** The broken-down UTC time of `sec` seconds (and `nsec` nanoseconds) since the epoch. */
export function utcParts(sec: number, nsec: number): TimeParts {
  const d = new Date(sec * 1000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    year,
    month,
    day,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    nsec,
    weekday: d.getUTCDay(),
    yday: dayOfYear(year, month, day),
    unix: sec,
    offset: 0,
    zone: UTC_ZONE,
  };
}

// Each English locale knows the abbreviations of its own region (en-IN: IST, en-AU: AEST, en-CA: NST).
const ZONE_LOCALES = ['en-US', 'en-GB', 'en-AU', 'en-IN', 'en-ZA', 'en-NZ', 'en-IE', 'en-CA'];

/**
 * The local zone's abbreviation (CST, CEST, UTC) as far as the platform's Intl data knows it; else
 * "+03" / "+0530", the form tzdata itself uses for zones without an abbreviation.
 */
function localZoneName(d: Date, offset: number): string {
  // Made per call (at most once a second per format): a formatter keeps the zone it was made in.
  for (const locale of ZONE_LOCALES) {
    const f = new Intl.DateTimeFormat(locale, { timeZoneName: 'short', hour: 'numeric' });
    const name = f.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value;
    if (name && !/^GMT[+-]/.test(name)) return name;
  }
  const minutes = Math.trunc(Math.abs(offset) / 60);
  const hm = pad(Math.trunc(minutes / 60), 2) + (minutes % 60 ? pad(minutes % 60, 2) : '');
  return (offset < 0 ? '-' : '+') + hm;
}

/** The broken-down time in the process's local time zone (Go's time.Unix(...) without .UTC()). */
export function localParts(sec: number, nsec: number): TimeParts {
  const d = new Date(sec * 1000);
  const year = d.getFullYear();
  const month = d.getMonth() + 1;
  const day = d.getDate();
  const offset = Math.round(-d.getTimezoneOffset() * 60);
  return {
    year,
    month,
    day,
    hour: d.getHours(),
    minute: d.getMinutes(),
    second: d.getSeconds(),
    nsec,
    weekday: d.getDay(),
    yday: dayOfYear(year, month, day),
    unix: sec,
    offset,
    zone: () => localZoneName(d, offset),
  };
}

/** A compiled format: call it with whole seconds since the epoch (floor) and the nanoseconds within. */
export interface Strftime {
  (sec: number, nsec: number): string;
  /** The format has no directives: the result never changes. */
  readonly constant: boolean;
  /** Formats int64 nanoseconds since the epoch (cheaper than splitting them first). */
  nanos(ns: bigint): string;
}

const NS = 1_000_000_000n;

/**
 * Compiles a strftime format for UTC or local time. The last result is cached per second (per
 * microsecond with %f), which is what makes formatting every message cheap.
 */
export function compileStrftime(format: string, zone: 'utc' | 'local' = 'utc'): Strftime {
  if (!format.includes('%')) return Object.assign(() => format, { constant: true, nanos: () => format });
  const ops: (string | Directive)[] = [];
  let literal = '';
  let usesMicros = false;
  const chars = [...format];
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
    const q = ns / NS;
    if (!usesMicros && ns >= 0n) return fn(Number(q), 0); // the nanoseconds matter only to %f
    const t = splitNanos(ns);
    return fn(t.sec, t.nsec);
  };
  return Object.assign(fn, { constant: false, nanos });
}

/** Splits int64 nanoseconds into floor seconds and the nanoseconds within that second. */
export function splitNanos(ns: bigint): { sec: number; nsec: number } {
  let sec = ns / NS;
  let rem = ns - sec * NS;
  if (rem < 0n) {
    sec -= 1n;
    rem += NS;
  }
  return { sec: Number(sec), nsec: Number(rem) };
}

/** Now, as floor seconds and nanoseconds (microsecond resolution). */
export function nowParts(): { sec: number; nsec: number } {
  const us = Math.floor((performance.timeOrigin + performance.now()) * 1000);
  const sec = Math.floor(us / 1e6);
  return { sec, nsec: (us - sec * 1e6) * 1000 };
}
