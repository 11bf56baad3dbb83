/**
 * Time helpers for the sandbox API, on @heka/go-time (Go's time package): write_message("Timestamp",
 * text) as Heka parsed it (an integer in Go's base-prefix syntax, else ForgivingTimeParse with Go's
 * predefined layouts in UTC), and the decoders' and inputs' `config.tz` (a timestamp re-read as wall
 * clock time in that zone, with Go's rules for daylight saving gaps and overlaps).
 */
import { GoTime, HekaTimestampParser, Layout, type Location, loadLocation, UTC } from '@heka/go-time';

/** Go's strconv.ParseInt(s, 0, bits) as Go 1.4 read it: optional sign, 0x hex, leading-0 octal, decimal. */
export function parseGoInt(s: string, bits: 32 | 64): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return undefined;
  const body = m[2] as string;
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body[0] === '0') v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  if (m[1] === '-') v = -v;
  const max = (1n << BigInt(bits - 1)) - 1n;
  return v > max || v < -max - 1n ? undefined : v;
}

/** ForgivingTimeParse("", text, UTC): the empty layout never fits, so Go's predefined layouts decide. */
let forgiving: HekaTimestampParser | undefined;

/** Heka's write_message("Timestamp", text): nanoseconds, or undefined when it cannot be parsed. */
export function parseTimestampText(s: string): bigint | undefined {
  if (s === '') return undefined;
  const n = parseGoInt(s, 64);
  if (n !== undefined) return n;
  forgiving ??= new HekaTimestampParser('', UTC);
  try {
    return forgiving.parse(s).unixNano();
  } catch {
    return undefined;
  }
}

const locations = new Map<string, Location>();

function location(tz: string): Location {
  let loc = locations.get(tz);
  if (loc === undefined) {
    loc = loadLocation(tz);
    locations.set(tz, loc);
  }
  return loc;
}

/** Throws (go-time's UnknownTimeZoneError: "unknown time zone X") when `tz` is not a time zone. */
export function checkTimeZone(tz: string): void {
  location(tz);
}

/** The layout Heka printed the UTC time with and parsed it back with in the configured zone. */
const WALL_CLOCK = new Layout('2006-01-02T15:04:05.999999999');

/**
 * A timestamp parsed as if its wall clock were UTC, re-read as wall-clock time in `tz` (what Heka's
 * SandboxDecoder and SandboxInput did for a configured tz). Nanoseconds in and out.
 */
export function reinterpretInZone(ns: bigint, tz: string): bigint {
  if (tz === 'UTC') return ns;
  const wall = WALL_CLOCK.format(GoTime.fromUnixNano(ns, UTC));
  return WALL_CLOCK.parse(wall, location(tz)).unixNano();
}
