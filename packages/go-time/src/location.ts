/**
 * Go's *time.Location: UTC, Local, fixed zones, and IANA zones (their offsets come from Intl, which
 * carries the same tz database Go reads from disk).
 */
import { numericZoneName, zoneAbbreviation } from './zone-names.js';

/** A zone in effect at some instant: its abbreviation and its offset east of UTC in seconds. */
export interface Zone {
  readonly name: string;
  readonly offset: number;
}

/** Unknown zone names: Go's LoadLocation error. */
export class UnknownTimeZoneError extends Error {
  override name = 'UnknownTimeZoneError';
  constructor(readonly zone: string) {
    super(`unknown time zone ${zone}`);
  }
}

const UTC_ZONE: Zone = Object.freeze({ name: 'UTC', offset: 0 });

/** Intl's Date range is ±8.64e15 ms; offsets before 1800 are the zone's local mean time anyway. */
const MIN_LOOKUP = -5364662400; // 1800-01-01
const MAX_LOOKUP = 253402300799; // 9999-12-31T23:59:59
const BUCKET = 900; // offsets change on quarter hours (UTC) in every zone since standard time began
const MAX_CACHE = 8192;

export class Location {
  private readonly fmt: Intl.DateTimeFormat | undefined;
  // Caches by quarter hour, for IANA zones only.
  private readonly offsets: Map<number, number>;
  private readonly names: Map<number, string>;

  private constructor(
    /** Go's Location.String(): "UTC", "Local", the IANA name, or a fixed zone's name. */
    readonly name: string,
    /** The IANA zone Intl knows this location by; undefined for UTC and fixed zones. */
    readonly zone: string | undefined,
    private readonly fixed: Zone | undefined,
  ) {
    this.offsets = new Map();
    this.names = new Map();
    if (zone !== undefined) {
      this.fmt = new Intl.DateTimeFormat('en-US', {
        timeZone: zone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
        calendar: 'gregory',
        numberingSystem: 'latn',
      });
    }
  }

  /** @internal */
  static make(name: string, zone: string | undefined, fixed: Zone | undefined): Location {
    return new Location(name, zone, fixed);
  }

  toString(): string {
    return this.name;
  }

  /** Whether the offset never changes (UTC and fixed zones). */
  get isFixed(): boolean {
    return this.fixed !== undefined;
  }

  /** UTC offset in seconds east of UTC in effect at `sec` (Unix seconds). */
  offsetAt(sec: number): number {
    if (this.fixed) return this.fixed.offset;
    const bucket = Math.floor(sec / BUCKET);
    const cached = this.offsets.get(bucket);
    if (cached !== undefined) return cached;
    const start = bucket * BUCKET;
    const offset = this.computeOffset(start);
    // Cache the quarter hour only when no transition happens inside it (historic odd-second ones do).
    if (this.computeOffset(start + BUCKET - 1) === offset) {
      if (this.offsets.size >= MAX_CACHE) this.offsets.clear();
      this.offsets.set(bucket, offset);
      return offset;
    }
    return this.computeOffset(sec);
  }

  private computeOffset(sec: number): number {
    const s = Math.min(Math.max(Math.floor(sec), MIN_LOOKUP), MAX_LOOKUP);
    const parts = (this.fmt as Intl.DateTimeFormat).formatToParts(new Date(s * 1000));
    let y = 0;
    let mo = 0;
    let d = 0;
    let h = 0;
    let mi = 0;
    let se = 0;
    for (const p of parts) {
      switch (p.type) {
        case 'year':
          y = Number(p.value);
          break;
        case 'month':
          mo = Number(p.value);
          break;
        case 'day':
          d = Number(p.value);
          break;
        case 'hour':
          h = Number(p.value);
          break;
        case 'minute':
          mi = Number(p.value);
          break;
        case 'second':
          se = Number(p.value);
          break;
      }
    }
    const wall = Date.UTC(y, mo - 1, d, h, mi, se) / 1000;
    // Date.UTC maps years 0..99 to 1900..1999; never reached thanks to MIN_LOOKUP.
    return wall - s;
  }

  /** The zone (abbreviation and offset) in effect at `sec`, as Go's Location.lookup. */
  lookup(sec: number): Zone {
    if (this.fixed) return this.fixed;
    const offset = this.offsetAt(sec);
    return { name: this.abbreviation(sec, offset), offset };
  }

  private abbreviation(sec: number, offset: number): string {
    const bucket = Math.floor(sec / BUCKET);
    let name = this.names.get(bucket);
    if (name === undefined) {
      const s = Math.min(Math.max(sec, MIN_LOOKUP), MAX_LOOKUP);
      name = zoneAbbreviation(this.zone as string, s * 1000, offset);
      if (this.names.size >= MAX_CACHE) this.names.clear();
      this.names.set(bucket, name);
    }
    return name;
  }

  /**
   * Go's Location.lookupName: the offset of a zone named `name` in this location, preferring one in
   * effect at `sec` minus its own offset. Go searches every zone the tz database lists for the
   * location; here the zones in effect within half a year either side of `sec` are searched.
   */
  lookupName(name: string, sec: number): number | undefined {
    if (this.fixed) return this.fixed.name === name ? this.fixed.offset : undefined;
    const candidates: Zone[] = [];
    for (const dt of [0, -91, 91, -182, 182, -273, 273]) {
      const z = this.lookup(sec + dt * 86400);
      if (!candidates.some((c) => c.name === z.name && c.offset === z.offset)) candidates.push(z);
    }
    for (const z of candidates) {
      if (z.name === name && this.lookup(sec - z.offset).name === name) return this.lookup(sec - z.offset).offset;
    }
    return candidates.find((z) => z.name === name)?.offset;
  }
}

/** Go's time.UTC. */
export const UTC: Location = Location.make('UTC', undefined, UTC_ZONE);

function localZone(): string | undefined {
  const zone = new Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zone === 'UTC' || zone === 'Etc/UTC' ? undefined : zone;
}

let local: Location | undefined;

/** Go's time.Local: the process's zone (TZ or the system setting), named "Local". */
export function localLocation(): Location {
  if (!local) {
    const zone = localZone();
    local = zone === undefined ? Location.make('Local', undefined, UTC_ZONE) : Location.make('Local', zone, undefined);
  }
  return local;
}

const fixedZones = new Map<string, Location>();

/** Go's time.FixedZone: always `offset` seconds east of UTC, abbreviated `name` ("" prints as "-0700"). */
export function fixedZone(name: string, offset: number): Location {
  if (!Number.isInteger(offset)) throw new RangeError(`fixedZone: offset must be whole seconds, got ${offset}`);
  // Parsing makes one per value with a numeric offset: share them.
  const key = `${offset} ${name}`;
  let loc = fixedZones.get(key);
  if (!loc) {
    loc = Location.make(name, undefined, Object.freeze({ name, offset }));
    if (fixedZones.size >= 1024) fixedZones.clear();
    fixedZones.set(key, loc);
  }
  return loc;
}

const loaded = new Map<string, Location>();

/** What a tz database file name looks like. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * Go's time.LoadLocation: "" and "UTC" are UTC, "Local" is the process's zone, anything else an IANA
 * zone name ("America/New_York"). Throws UnknownTimeZoneError for names the tz database lacks.
 */
export function loadLocation(name: string): Location {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localLocation();
  let loc = loaded.get(name);
  if (loc) return loc;
  // Go reads files under the zoneinfo root: reject what cannot be a zone file name there.
  if (name.includes('..') || name.startsWith('/') || name.includes('\\') || /\s/.test(name)) {
    throw new UnknownTimeZoneError(name);
  }
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw new UnknownTimeZoneError(name);
  }
  // Intl ignores case and accepts offsets ("+01:00"); Go looks up files by their exact name. A link
  // name (Asia/Calcutta) may come back as its target: accepted, as Go accepts the link file.
  if (canonical !== name && canonical.toLowerCase() === name.toLowerCase()) throw new UnknownTimeZoneError(name);
  if (!ZONE_NAME.test(name)) throw new UnknownTimeZoneError(name);
  loc = Location.make(name, name, undefined);
  loaded.set(name, loc);
  return loc;
}

export { numericZoneName };
