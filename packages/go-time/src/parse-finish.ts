/** The last steps of Go's parse: day of the year to a date, and the zone a value named. */
import { daysBefore, isLeap } from './civil.js';
import { fixedZone, type Location } from './location.js';
import type { GoTime } from './time.js';

/**
 * Month and day of day-of-year `yday` in `year`, checked against a month and day also parsed (-1 when
 * not); a string is the error detail.
 */
export function monthDayOfYear(year: number, yday: number, month: number, day: number): [number, number] | string {
  let d = 0;
  let m = 0;
  if (isLeap(year)) {
    if (yday === 31 + 29) {
      m = 2;
      d = 29;
    } else if (yday > 31 + 29) {
      yday--;
    }
  }
  if (yday < 1 || yday > 365) return ': day-of-year out of range';
  if (m === 0) {
    m = Math.floor((yday - 1) / 31) + 1;
    if (daysBefore(m + 1) < yday) m++;
    d = yday - daysBefore(m);
  }
  if (month >= 0 && month !== m) return ': day-of-year does not match month';
  if (day >= 0 && day !== d) return ': day-of-year does not match day';
  return [m, d];
}

/** A wall clock read with a numeric offset: in the location when it has that zone then, else a fixed zone. */
export function withOffset(wall: GoTime, zoneOffset: number, zoneName: string, local: Location): GoTime {
  const t = wall.add(-zoneOffset);
  const offset = local.offsetAt(t.unixSeconds);
  if (offset === zoneOffset && (zoneName === '' || local.lookup(t.unixSeconds).name === zoneName)) return t.in(local);
  return t.in(fixedZone(zoneName, zoneOffset));
}

/** A wall clock read with a zone abbreviation: the location's zone of that name, else a made-up zone. */
export function withZoneName(wall: GoTime, zoneName: string, local: Location): GoTime {
  const offset = local.lookupName(zoneName, wall.unixSeconds);
  if (offset !== undefined) return wall.add(-offset).in(local);
  // Unknown abbreviation: offset 0 (GMT+n gets its hours), as Go does.
  let guess = 0;
  if (zoneName.length > 3 && zoneName.startsWith('GMT')) guess = Number.parseInt(zoneName.slice(3), 10) * 3600;
  return wall.in(fixedZone(zoneName, guess));
}
