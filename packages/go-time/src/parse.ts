/** Go's time.Parse and time.ParseInLocation, step for step (same elements, defaults, checks and errors). */
import { daysIn } from './civil.js';
import { LONG_DAY_NAMES, LONG_MONTH_NAMES, SHORT_DAY_NAMES, SHORT_MONTH_NAMES } from './format.js';
import { type Chunk, chunksOf, Std } from './layout.js';
import { type Location, localLocation, UTC } from './location.js';
import { monthDayOfYear, withOffset, withZoneName } from './parse-finish.js';
import {
  atoi,
  BAD,
  commaOrPeriod,
  getnum,
  getnum3,
  isDigit,
  lookupName,
  parseNanoseconds,
  parseOffset,
  parseTimeZone,
  quote,
  scan,
  skip,
} from './parse-scan.js';
import { GoTime } from './time.js';

/** Go's *time.ParseError, with Go's message. */
export class TimeParseError extends Error {
  override name = 'TimeParseError';
  constructor(
    readonly layout: string,
    readonly value: string,
    readonly layoutElem: string,
    readonly valueElem: string,
    readonly detail: string,
  ) {
    super(
      detail === ''
        ? `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(valueElem)} as ${quote(layoutElem)}`
        : `parsing time ${quote(value)}${detail}`,
    );
  }
}

/** Go's time.Parse: no zone in the value means UTC; zone names and offsets are matched against Local. */
export function parse(layout: string, value: string): GoTime {
  return parseChunks(layout, chunksOf(layout), value, UTC, localLocation());
}

/** Go's time.ParseInLocation: no zone in the value means `loc`; zones are matched against `loc`. */
export function parseInLocation(layout: string, value: string, loc: Location): GoTime {
  return parseChunks(layout, chunksOf(layout), value, loc, loc);
}

/** @internal the parser over pre-cut chunks (see Layout). */
export function parseChunks(
  layout: string,
  chunks: readonly Chunk[],
  value: string,
  defaultLocation: Location,
  local: Location,
): GoTime {
  const avalue = value;
  let year = 0;
  let month = -1;
  let day = -1;
  let yday = -1;
  let hour = 0;
  let min = 0;
  let sec = 0;
  let nsec = 0;
  let z: Location | undefined;
  let zoneOffset = -1;
  let zoneName = '';
  let amSet = false;
  let pmSet = false;

  for (let ci = 0; ci < chunks.length; ci++) {
    const c = chunks[ci] as Chunk;
    const skipped = skip(value, c.prefix);
    value = scan.rest;
    if (!skipped) throw new TimeParseError(layout, avalue, c.prefix, value, '');
    const std = c.std;
    if (std === Std.None) {
      if (value.length !== 0) throw new TimeParseError(layout, avalue, '', value, `: extra text: ${quote(value)}`);
      break;
    }
    const hold = value;
    let ok = true;
    let range = '';
    switch (std) {
      case Std.Year:
        if (value.length < 2) {
          ok = false;
          break;
        }
        ok = atoi(value.slice(0, 2));
        value = value.slice(2);
        if (ok) year = scan.num >= 69 ? scan.num + 1900 : scan.num + 2000;
        break;
      case Std.LongYear:
        if (value.length < 4 || !isDigit(value, 0)) {
          ok = false;
          break;
        }
        ok = atoi(value.slice(0, 4));
        value = value.slice(4);
        year = scan.num;
        break;
      case Std.Month:
      case Std.LongMonth:
        month = lookupName(std === Std.Month ? SHORT_MONTH_NAMES : LONG_MONTH_NAMES, value);
        ok = month !== BAD;
        if (ok) value = scan.rest;
        month++;
        break;
      case Std.NumMonth:
      case Std.ZeroMonth:
        ok = getnum(value, std === Std.ZeroMonth);
        if (ok) {
          month = scan.num;
          value = scan.rest;
          if (month <= 0 || month > 12) range = 'month';
        }
        break;
      case Std.WeekDay:
      case Std.LongWeekDay:
        ok = lookupName(std === Std.WeekDay ? SHORT_DAY_NAMES : LONG_DAY_NAMES, value) !== BAD;
        if (ok) value = scan.rest;
        break;
      case Std.Day:
      case Std.UnderDay:
      case Std.ZeroDay:
        if (std === Std.UnderDay && value[0] === ' ') value = value.slice(1);
        ok = getnum(value, std === Std.ZeroDay);
        if (ok) {
          day = scan.num;
          value = scan.rest;
        }
        break;
      case Std.UnderYearDay:
      case Std.ZeroYearDay:
        for (let i = 0; i < 2; i++) if (std === Std.UnderYearDay && value[0] === ' ') value = value.slice(1);
        ok = getnum3(value, std === Std.ZeroYearDay);
        if (ok) {
          yday = scan.num;
          value = scan.rest;
        }
        break;
      case Std.Hour:
        ok = getnum(value, false);
        hour = ok ? scan.num : 0;
        if (ok) value = scan.rest;
        if (hour < 0 || hour >= 24) range = 'hour';
        break;
      case Std.Hour12:
      case Std.ZeroHour12:
        ok = getnum(value, std === Std.ZeroHour12);
        hour = ok ? scan.num : 0;
        if (ok) value = scan.rest;
        if (hour < 0 || hour > 12) range = 'hour';
        break;
      case Std.Minute:
      case Std.ZeroMinute:
        ok = getnum(value, std === Std.ZeroMinute);
        min = ok ? scan.num : 0;
        if (ok) value = scan.rest;
        if (min < 0 || min >= 60) range = 'minute';
        break;
      case Std.Second:
      case Std.ZeroSecond: {
        ok = getnum(value, std === Std.ZeroSecond);
        if (!ok) break;
        sec = scan.num;
        value = scan.rest;
        if (sec < 0 || sec >= 60) {
          range = 'second';
          break;
        }
        // A fractional second in the value that the layout does not mention is accepted.
        if (value.length >= 2 && commaOrPeriod(value[0]) && isDigit(value, 1)) {
          const next = (chunks[ci + 1] as Chunk).std;
          if (next === Std.FracSecond0 || next === Std.FracSecond9) break;
          let n = 2;
          while (n < value.length && isDigit(value, n)) n++;
          const f = parseNanoseconds(value, n);
          if (f === undefined) ok = false;
          else {
            nsec = f.ns;
            range = f.range;
          }
          value = value.slice(n);
        }
        break;
      }
      case Std.PM:
      case Std.pm: {
        if (value.length < 2) {
          ok = false;
          break;
        }
        const p = value.slice(0, 2);
        value = value.slice(2);
        if (p === (std === Std.PM ? 'PM' : 'pm')) pmSet = true;
        else if (p === (std === Std.PM ? 'AM' : 'am')) amSet = true;
        else ok = false;
        break;
      }
      case Std.TZ: {
        if (value.startsWith('UTC')) {
          z = UTC;
          value = value.slice(3);
          break;
        }
        const n = parseTimeZone(value);
        if (n === 0) {
          ok = false;
          break;
        }
        zoneName = value.slice(0, n);
        value = value.slice(n);
        break;
      }
      case Std.FracSecond0: {
        const ndigit = 1 + c.digits;
        if (value.length < ndigit) {
          ok = false;
          break;
        }
        const f = parseNanoseconds(value, ndigit);
        if (f === undefined) ok = false;
        else {
          nsec = f.ns;
          range = f.range;
        }
        value = value.slice(ndigit);
        break;
      }
      case Std.FracSecond9: {
        if (value.length < 2 || !commaOrPeriod(value[0]) || !isDigit(value, 1)) break; // omitted
        let i = 0;
        while (i + 1 < value.length && isDigit(value, i + 1)) i++;
        const f = parseNanoseconds(value, 1 + i);
        if (f === undefined) ok = false;
        else {
          nsec = f.ns;
          range = f.range;
        }
        value = value.slice(1 + i);
        break;
      }
      default: {
        // Numeric zone offsets; the ISO 8601 forms also accept "Z".
        const iso =
          std === Std.ISO8601TZ ||
          std === Std.ISO8601ShortTZ ||
          std === Std.ISO8601ColonTZ ||
          std === Std.ISO8601SecondsTZ ||
          std === Std.ISO8601ColonSecondsTZ;
        if (iso && value[0] === 'Z') {
          value = value.slice(1);
          z = UTC;
          break;
        }
        const r = parseOffset(std, value);
        if (r === undefined) {
          ok = false;
          break;
        }
        value = r.rest;
        zoneOffset = r.offset;
        range = r.range;
        if (!r.ok) ok = false;
      }
    }
    if (range !== '') throw new TimeParseError(layout, avalue, c.text, value, `: ${range} out of range`);
    if (!ok) throw new TimeParseError(layout, avalue, c.text, hold, '');
  }

  if (pmSet && hour < 12) hour += 12;
  else if (amSet && hour === 12) hour = 0;

  if (yday >= 0) {
    const md = monthDayOfYear(year, yday, month, day);
    if (typeof md === 'string') throw new TimeParseError(layout, avalue, '', value, md);
    [month, day] = md;
  } else {
    if (month < 0) month = 1;
    if (day < 0) day = 1;
  }

  if (day < 1 || day > daysIn(month, year)) throw new TimeParseError(layout, avalue, '', value, ': day out of range');

  if (z !== undefined) return GoTime.date(year, month, day, hour, min, sec, nsec, z);
  const t = GoTime.date(year, month, day, hour, min, sec, nsec, UTC);
  if (zoneOffset !== -1) return withOffset(t, zoneOffset, zoneName, local);
  if (zoneName !== '') return withZoneName(t, zoneName, local);
  return GoTime.date(year, month, day, hour, min, sec, nsec, defaultLocation);
}
