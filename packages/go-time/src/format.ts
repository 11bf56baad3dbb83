/** Go's Time.Format: renders a time with a layout, element by element, as Go's appendFormat. */
import { isLeap } from './civil.js';
import { chunksOf, Std } from './layout.js';
import type { GoTime } from './time.js';

export const LONG_DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const SHORT_DAY_NAMES = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
export const LONG_MONTH_NAMES = [
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
export const SHORT_MONTH_NAMES = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/** Go's appendInt: decimal with a leading '-' for negatives, zero-padded to `width` digits. */
export function padInt(x: number, width: number): string {
  const neg = x < 0;
  const digits = String(neg ? -x : x);
  const padded = digits.length < width ? '0'.repeat(width - digits.length) + digits : digits;
  return neg ? `-${padded}` : padded;
}

function fraction(nanos: number, digits: number, trim: boolean, separator: string): string {
  if (trim && (digits === 0 || nanos === 0)) return '';
  let s = padInt(nanos, 9);
  if (digits < 9) s = s.slice(0, digits);
  if (trim) s = s.replace(/0+$/, '');
  return s === '' ? '' : separator + s;
}

function numericZone(std: Std, offset: number): string {
  const iso =
    std === Std.ISO8601TZ ||
    std === Std.ISO8601ColonTZ ||
    std === Std.ISO8601SecondsTZ ||
    std === Std.ISO8601ShortTZ ||
    std === Std.ISO8601ColonSecondsTZ;
  if (offset === 0 && iso) return 'Z';
  let zone = Math.trunc(offset / 60); // minutes
  let abs = offset;
  let out = '+';
  if (zone < 0) {
    out = '-';
    zone = -zone;
    abs = -abs;
  }
  out += padInt(Math.floor(zone / 60), 2);
  const colon =
    std === Std.ISO8601ColonTZ ||
    std === Std.NumColonTZ ||
    std === Std.ISO8601ColonSecondsTZ ||
    std === Std.NumColonSecondsTZ;
  if (colon) out += ':';
  if (std !== Std.NumShortTZ && std !== Std.ISO8601ShortTZ) out += padInt(zone % 60, 2);
  const withSeconds =
    std === Std.ISO8601SecondsTZ ||
    std === Std.NumSecondsTz ||
    std === Std.NumColonSecondsTZ ||
    std === Std.ISO8601ColonSecondsTZ;
  if (withSeconds) {
    if (std === Std.NumColonSecondsTZ || std === Std.ISO8601ColonSecondsTZ) out += ':';
    out += padInt(abs % 60, 2);
  }
  return out;
}

/** Formats `t` with a Go layout. */
export function formatTime(t: GoTime, layout: string): string {
  const chunks = chunksOf(layout);
  let date: [number, number, number] | undefined;
  let clock: [number, number, number] | undefined;
  let out = '';
  for (const c of chunks) {
    out += c.prefix;
    const std = c.std;
    if (std === Std.None) break;
    if (std <= Std.ZeroYearDay || std === Std.LongYear || std === Std.Year) date ??= t.date();
    if ((std >= Std.Hour && std <= Std.ZeroSecond) || std === Std.PM || std === Std.pm) clock ??= t.clock();
    const [year, month, day] = date ?? [0, 0, 0];
    const [hour, min, sec] = clock ?? [0, 0, 0];
    switch (std) {
      case Std.Year:
        out += padInt(Math.abs(year) % 100, 2);
        break;
      case Std.LongYear:
        out += padInt(year, 4);
        break;
      case Std.Month:
        out += SHORT_MONTH_NAMES[month - 1];
        break;
      case Std.LongMonth:
        out += LONG_MONTH_NAMES[month - 1];
        break;
      case Std.NumMonth:
        out += String(month);
        break;
      case Std.ZeroMonth:
        out += padInt(month, 2);
        break;
      case Std.WeekDay:
        out += SHORT_DAY_NAMES[t.weekday()];
        break;
      case Std.LongWeekDay:
        out += LONG_DAY_NAMES[t.weekday()];
        break;
      case Std.Day:
        out += String(day);
        break;
      case Std.UnderDay:
        out += day < 10 ? ` ${day}` : String(day);
        break;
      case Std.ZeroDay:
        out += padInt(day, 2);
        break;
      case Std.UnderYearDay: {
        const yday = dayOfYear(year, month, day);
        out += (yday < 10 ? '  ' : yday < 100 ? ' ' : '') + String(yday);
        break;
      }
      case Std.ZeroYearDay:
        out += padInt(dayOfYear(year, month, day), 3);
        break;
      case Std.Hour:
        out += padInt(hour, 2);
        break;
      case Std.Hour12:
        out += String(hour % 12 === 0 ? 12 : hour % 12);
        break;
      case Std.ZeroHour12:
        out += padInt(hour % 12 === 0 ? 12 : hour % 12, 2);
        break;
      case Std.Minute:
        out += String(min);
        break;
      case Std.ZeroMinute:
        out += padInt(min, 2);
        break;
      case Std.Second:
        out += String(sec);
        break;
      case Std.ZeroSecond:
        out += padInt(sec, 2);
        break;
      case Std.PM:
        out += hour >= 12 ? 'PM' : 'AM';
        break;
      case Std.pm:
        out += hour >= 12 ? 'pm' : 'am';
        break;
      case Std.TZ: {
        const z = t.zone();
        if (z.name !== '') {
          out += z.name;
        } else {
          // No abbreviation known: Go prints the offset as -0700.
          const minutes = Math.trunc(z.offset / 60);
          const m = Math.abs(minutes);
          out += (minutes < 0 ? '-' : '+') + padInt(Math.floor(m / 60), 2) + padInt(m % 60, 2);
        }
        break;
      }
      case Std.FracSecond0:
      case Std.FracSecond9:
        out += fraction(t.nanosecond, c.digits, std === Std.FracSecond9, c.separator);
        break;
      default:
        out += numericZone(std, t.offset());
    }
  }
  return out;
}

function dayOfYear(year: number, month: number, day: number): number {
  const before = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334][month - 1] as number;
  return before + day + (month > 2 && isLeap(year) ? 1 : 0);
}
