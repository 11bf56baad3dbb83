/**
 * The broken-down time strftime formats: an instant as whole seconds (floor) and the nanoseconds within
 * that second, seen in UTC or in the process's local zone (Go's time.Local, which follows TZ). A Date
 * does the calendar and offset work; the nanoseconds travel beside it, so %f keeps the microseconds
 * Heka printed (a Date alone has milliseconds).
 */
import { yearDay } from './civil.js';
import { zoneAbbreviation } from './zone-names.js';

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

const UTC_ZONE = (): string => 'UTC';

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
    yday: yearDay(year, month, day),
    unix: sec,
    offset: 0,
    zone: UTC_ZONE,
  };
}

/** The process's IANA zone, looked up again when TZ changes (Node follows a changed TZ too). */
let localZone: { tz: string | undefined; zone: string } | undefined;

function localZoneName(): string {
  const tz = process.env.TZ;
  if (localZone === undefined || localZone.tz !== tz) {
    localZone = { tz, zone: new Intl.DateTimeFormat().resolvedOptions().timeZone };
  }
  return localZone.zone;
}

/** The broken-down time in the process's local time zone (Go's time.Unix(...) without .UTC()). */
export function localParts(sec: number, nsec: number): TimeParts {
  const d = new Date(sec * 1000);
  const year = d.getFullYear();
  const month = d.getMonth() + 1;
  const day = d.getDate();
  // Rounded: a local mean time offset is fractional minutes, and must come out as whole seconds.
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
    yday: yearDay(year, month, day),
    unix: sec,
    offset,
    zone: () => zoneAbbreviation(localZoneName(), sec * 1000, offset),
  };
}

const NS = 1_000_000_000n;

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
