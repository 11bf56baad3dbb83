/** Go's time.Time: an instant (Unix seconds and nanoseconds) seen in a Location. */
import { civilFromDays, SECONDS_PER_DAY, wallNanos, wallSeconds, weekdayOfDays, yearDay } from './civil.js';
import { formatTime } from './format.js';
import { type Location, UTC, type Zone } from './location.js';

const NS = 1_000_000_000n;

export class GoTime {
  private zoneCache: Zone | undefined;

  private constructor(
    /** Whole seconds since 1970-01-01T00:00:00Z. */
    readonly unixSeconds: number,
    /** Nanoseconds within the second, 0..999999999. */
    readonly nanosecond: number,
    readonly location: Location,
  ) {}

  /**
   * Go's time.Date: the instant whose wall clock in `loc` reads as given. Out-of-range values are
   * normalised (October 32 is November 1). In a gap or overlap of the zone's clock (daylight saving),
   * the offset is chosen as Go chooses it.
   */
  static date(
    year: number,
    month: number,
    day: number,
    hour: number,
    min: number,
    sec: number,
    nsec: number,
    loc: Location = UTC,
  ): GoTime {
    const wall = wallSeconds(year, month, day, hour, min, sec, nsec);
    const ns = wallNanos;
    let unix = wall;
    if (!loc.isFixed) {
      // Go looks up the offset at the wall time taken as UTC, then re-checks it at the resulting instant.
      let offset = loc.offsetAt(wall);
      if (offset !== 0) {
        const again = loc.offsetAt(wall - offset);
        if (again !== offset) offset = again;
      }
      unix = wall - offset;
    } else {
      unix = wall - loc.offsetAt(wall);
    }
    return new GoTime(unix, ns, loc);
  }

  /** Go's time.Unix: `sec` seconds and `nsec` nanoseconds since the epoch (nsec may be outside 0..1e9). */
  static unix(sec: number, nsec = 0, loc: Location = UTC): GoTime {
    if (!Number.isSafeInteger(sec) || !Number.isSafeInteger(nsec)) {
      throw new RangeError('GoTime.unix: seconds and nanoseconds must be safe integers');
    }
    if (nsec < 0 || nsec >= 1e9) {
      const carry = Math.floor(nsec / 1e9);
      sec += carry;
      nsec -= carry * 1e9;
    }
    return new GoTime(sec, nsec, loc);
  }

  /** The instant `ns` nanoseconds after the epoch (Go's time.Unix(0, ns)). */
  static fromUnixNano(ns: bigint, loc: Location = UTC): GoTime {
    let sec = ns / NS;
    let rem = ns % NS;
    if (rem < 0n) {
      rem += NS;
      sec -= 1n;
    }
    return new GoTime(Number(sec), Number(rem), loc);
  }

  /** Now, with the clock's microsecond resolution. */
  static now(loc: Location = UTC): GoTime {
    const ms = performance.timeOrigin + performance.now();
    const micros = Math.floor(ms * 1000);
    return GoTime.unix(Math.floor(micros / 1e6), (micros % 1e6) * 1000, loc);
  }

  /**
   * Nanoseconds since the epoch as an int64. Like Go's UnixNano, instants outside 1678..2262 do not fit
   * and wrap around.
   */
  unixNano(): bigint {
    return BigInt.asIntN(64, BigInt(this.unixSeconds) * NS + BigInt(this.nanosecond));
  }

  /** The same instant in another location. */
  in(loc: Location): GoTime {
    return new GoTime(this.unixSeconds, this.nanosecond, loc);
  }

  /** The zone in effect (abbreviation and offset in seconds east of UTC). */
  zone(): Zone {
    let z = this.zoneCache;
    if (z === undefined) z = this.zoneCache = this.location.lookup(this.unixSeconds);
    return z;
  }

  /** Offset east of UTC in seconds, without computing the abbreviation. */
  offset(): number {
    return this.zoneCache?.offset ?? this.location.offsetAt(this.unixSeconds);
  }

  /** Seconds since the epoch of the wall clock in this time's location. */
  private wall(): number {
    return this.unixSeconds + this.offset();
  }

  /** [year, month 1..12, day 1..31] in this time's location. */
  date(): [number, number, number] {
    return civilFromDays(Math.floor(this.wall() / SECONDS_PER_DAY));
  }

  /** [hour, minute, second] in this time's location. */
  clock(): [number, number, number] {
    const w = this.wall();
    const s = w - Math.floor(w / SECONDS_PER_DAY) * SECONDS_PER_DAY;
    return [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  }

  year(): number {
    return this.date()[0];
  }
  month(): number {
    return this.date()[1];
  }
  day(): number {
    return this.date()[2];
  }
  hour(): number {
    return this.clock()[0];
  }
  minute(): number {
    return this.clock()[1];
  }
  second(): number {
    return this.clock()[2];
  }

  /** Day of the week, 0 = Sunday. */
  weekday(): number {
    return weekdayOfDays(Math.floor(this.wall() / SECONDS_PER_DAY));
  }

  /** Day of the year, 1..366. */
  yearDay(): number {
    const [y, m, d] = this.date();
    return yearDay(y, m, d);
  }

  /** Go's AddDate: adds years, months and days to the wall clock date in this time's location. */
  addDate(years: number, months: number, days: number): GoTime {
    const [y, m, d] = this.date();
    const [h, mi, s] = this.clock();
    return GoTime.date(y + years, m + months, d + days, h, mi, s, this.nanosecond, this.location);
  }

  /** Adds seconds (and nanoseconds) to the instant. */
  add(seconds: number, nanoseconds = 0): GoTime {
    return GoTime.unix(this.unixSeconds + seconds, this.nanosecond + nanoseconds, this.location);
  }

  /** Same instant (whatever the locations). */
  equal(other: GoTime): boolean {
    return this.unixSeconds === other.unixSeconds && this.nanosecond === other.nanosecond;
  }

  /** Go's Time.Format with a layout ("2006-01-02T15:04:05Z07:00"). */
  format(layout: string): string {
    return formatTime(this, layout);
  }

  /** Go's Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST". */
  toString(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
}
