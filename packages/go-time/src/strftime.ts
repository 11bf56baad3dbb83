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
 * `%f` (microseconds) has millisecond precision here, as a JavaScript Date has. `%Z` is the zone's tz
 * database abbreviation as far as ICU and zone-names.ts know it ("CEST", "JST"), else its numeric form.
 */

import { zoneAbbreviation } from './zone-names.js';

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
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
] as const;

/** Go's `%0<width>d`: the sign counts towards the width and zeros go after it. */
function zeroPad(n: number, width: number): string {
  const digits = String(Math.abs(n));
  const sign = n < 0 ? '-' : '';
  return sign + digits.padStart(width - sign.length, '0');
}

/** Go's `%<width>d`: padded with spaces on the left. */
function spacePad(n: number, width: number): string {
  return String(n).padStart(width, ' ');
}

/** The broken-down time in the zone strftime formats in (local, or UTC). */
interface Parts {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
  weekday: number; // 0 = Sunday
  yearDay: number; // 1..366
  /** Seconds east of UTC. */
  offset: number;
}

const MS_PER_DAY = 86_400_000;

function parts(date: Date, utc: boolean): Parts {
  if (Number.isNaN(date.getTime())) throw new RangeError('strftime: invalid Date');
  const year = utc ? date.getUTCFullYear() : date.getFullYear();
  const month = (utc ? date.getUTCMonth() : date.getMonth()) + 1;
  const day = utc ? date.getUTCDate() : date.getDate();
  // Day of the year from calendar dates (a UTC computation, so DST changes cannot shift it).
  const jan1 = new Date(0);
  jan1.setUTCFullYear(year, 0, 1);
  const today = new Date(0);
  today.setUTCFullYear(year, month - 1, day);
  return {
    year,
    month,
    day,
    hour: utc ? date.getUTCHours() : date.getHours(),
    minute: utc ? date.getUTCMinutes() : date.getMinutes(),
    second: utc ? date.getUTCSeconds() : date.getSeconds(),
    ms: utc ? date.getUTCMilliseconds() : date.getMilliseconds(),
    weekday: utc ? date.getUTCDay() : date.getDay(),
    yearDay: Math.round((today.getTime() - jan1.getTime()) / MS_PER_DAY) + 1,
    offset: utc ? 0 : -date.getTimezoneOffset() * 60,
  };
}

/** The process's IANA zone, re-read when TZ changes (a formatter keeps the zone current at its creation). */
let localZone: { tz: string | undefined; zone: string } | undefined;

function localZoneName(): string {
  const tz = process.env.TZ;
  if (localZone === undefined || localZone.tz !== tz) {
    localZone = { tz, zone: new Intl.DateTimeFormat().resolvedOptions().timeZone };
  }
  return localZone.zone;
}

/** gostrftime's `%+03d%02d` of (minutes / 60, minutes % 60), Go's truncating division. */
function zoneOffset(offsetSeconds: number): string {
  const minutes = Math.trunc(offsetSeconds / 60);
  const h = Math.trunc(minutes / 60);
  const m = minutes % 60;
  const hours = h < 0 ? `-${zeroPad(-h, 2)}` : `+${zeroPad(h, 2)}`;
  return hours + zeroPad(m === 0 ? 0 : m, 2);
}

function hour12(h: number): number {
  const r = h % 12;
  return r === 0 ? 12 : r;
}

/** One conversion, or undefined when gostrftime had none for this character. */
function convert(c: string, p: Parts, date: Date, utc: boolean): string | undefined {
  switch (c) {
    case 'A':
      return DAYS[p.weekday];
    case 'a':
      return DAYS[p.weekday]?.slice(0, 3);
    case 'B':
      return MONTHS[p.month - 1];
    case 'b':
    case 'h':
      return MONTHS[p.month - 1]?.slice(0, 3);
    case 'C':
      return zeroPad(p.year, 2);
    case 'D':
      return `${zeroPad(p.month, 2)}/${zeroPad(p.day, 2)}/${zeroPad(p.year % 100, 2)}`;
    case 'd':
      return zeroPad(p.day, 2);
    case 'e':
      return spacePad(p.day, 2);
    case 'F':
      return `${zeroPad(p.year, 4)}-${zeroPad(p.month, 2)}-${zeroPad(p.day, 2)}`;
    case 'f':
      return zeroPad(p.ms * 1000, 6);
    case 'H':
      return zeroPad(p.hour, 2);
    case 'I':
      return zeroPad(hour12(p.hour), 2);
    case 'j':
      return zeroPad(p.yearDay, 3);
    case 'k':
      return spacePad(p.hour, 2);
    case 'l':
      return spacePad(hour12(p.hour), 2);
    case 'M':
      return zeroPad(p.minute, 2);
    case 'm':
      return zeroPad(p.month, 2);
    case 'n':
      return '\n';
    case 'P':
      return p.hour < 12 ? 'am' : 'pm';
    case 'p':
      return p.hour < 12 ? 'AM' : 'PM';
    case 'R':
      return `${zeroPad(p.hour, 2)}:${zeroPad(p.minute, 2)}`;
    case 'r':
      return `${zeroPad(hour12(p.hour), 2)}:${zeroPad(p.minute, 2)}:${zeroPad(p.second, 2)} ${p.hour < 12 ? 'AM' : 'PM'}`;
    case 'S':
      return zeroPad(p.second, 2);
    case 's':
      return String(Math.floor(date.getTime() / 1000));
    case 'T':
      return `${zeroPad(p.hour, 2)}:${zeroPad(p.minute, 2)}:${zeroPad(p.second, 2)}`;
    case 't':
      return '\t';
    case 'v':
      return `${spacePad(p.day, 2)}-${MONTHS[p.month - 1]?.slice(0, 3)}-${zeroPad(p.year, 4)}`;
    case 'w':
      return String(p.weekday);
    case 'Y':
      return zeroPad(p.year, 4);
    case 'y':
      return zeroPad(p.year % 100, 2);
    case 'Z':
      return utc ? 'UTC' : zoneAbbreviation(localZoneName(), date.getTime(), p.offset);
    case 'z':
      return zoneOffset(p.offset);
    default:
      return undefined;
  }
}

/**
 * Formats `date` with strftime conversions, in local time (the process's time zone, as Go's
 * time.Local) or in UTC when `utc` is true.
 */
export function strftime(format: string, date: Date, utc = false): string {
  if (!format.includes('%')) return format;
  let p: Parts | undefined;
  let out = '';
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    const cp = format.codePointAt(pct + 1);
    if (cp === undefined) {
      out += '%'; // a percent at the very end
      break;
    }
    const c = String.fromCodePoint(cp);
    i = pct + 1 + c.length;
    if (c === '%') {
      out += '%';
      continue;
    }
    p ??= parts(date, utc);
    out += convert(c, p, date, utc) ?? `%${c}`;
  }
  return out;
}
