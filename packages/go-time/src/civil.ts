/** Proleptic Gregorian calendar arithmetic on whole days since 1970-01-01 (no time zones). */

export const SECONDS_PER_DAY = 86400;

/** Days before the first of each month (index 0 = January) in a common year; index 12 is the year. */
const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365] as const;

export function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** Days before the first of month `m` (1..13) in a common year, as Go's daysBefore. */
export function daysBefore(m: number): number {
  return DAYS_BEFORE[m - 1] as number;
}

/** Days in month `m` (1..12) of `year`. */
export function daysIn(m: number, year: number): number {
  if (m === 2 && isLeap(year)) return 29;
  return (DAYS_BEFORE[m] as number) - (DAYS_BEFORE[m - 1] as number);
}

/** Days since 1970-01-01 of year-month-day; month 1..12 (normalised by the caller), day may overflow. */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Shift the year so that it starts in March: the leap day is then the last day of the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The calendar date of a day number: [year, month 1..12, day 1..31]. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** Day of the week of a day number: 0 = Sunday. */
export function weekdayOfDays(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}

/** Day of the year (1..366). */
export function yearDay(year: number, month: number, day: number): number {
  let n = (DAYS_BEFORE[month - 1] as number) + day;
  if (month > 2 && isLeap(year)) n++;
  return n;
}

/** Nanoseconds left over by the last wallSeconds() call (0..999999999). */
export let wallNanos = 0;

/**
 * Seconds since the epoch of a wall clock reading taken as UTC, normalising out-of-range values the
 * way Go's time.Date does (month 13 is January of the next year, second 60 the next minute, ...).
 * The nanoseconds within the second are left in `wallNanos` (no array per call: this is hot).
 */
export function wallSeconds(
  year: number,
  month: number,
  day: number,
  hour: number,
  min: number,
  sec: number,
  nsec: number,
): number {
  let m = month - 1;
  if (m < 0 || m >= 12) {
    const n = Math.floor(m / 12);
    year += n;
    m -= n * 12;
  }
  if (nsec < 0 || nsec >= 1e9) {
    const n = Math.floor(nsec / 1e9);
    sec += n;
    nsec -= n * 1e9;
  }
  wallNanos = nsec;
  // Seconds, minutes and hours carry into the day count; plain arithmetic does what Go's norm does.
  const days = daysFromCivil(year, m + 1, 1) + day - 1;
  return days * SECONDS_PER_DAY + hour * 3600 + min * 60 + sec;
}
