/**
 * Go's `time.Unix(0, ns).String()` in the local zone: `2006-01-02 15:04:05.999999999 -0700 MST`.
 * The offset comes from the JavaScript clock (which honours TZ); the zone abbreviation, which
 * JavaScript does not provide, is read from the same zoneinfo file Go would load.
 */
import { readFileSync } from 'node:fs';

interface ZoneType {
  offset: number;
  dst: boolean;
  abbr: string;
}

interface Zone {
  /** Transition times (Unix seconds), ascending, and the type in force from each. */
  times: number[];
  types: ZoneType[];
  index: number[];
  /** Abbreviations from the POSIX TZ footer: standard, then daylight-saving. */
  footer: { std: string; stdOffset: number; dst: string | undefined } | undefined;
}

/** Which zoneinfo file Go's time package would read for TZ (undefined: UTC). */
export function zoneFile(tz: string | undefined): string | undefined {
  if (tz === undefined) return '/etc/localtime';
  const name = tz.startsWith(':') ? tz.slice(1) : tz;
  if (name === '' || name === 'UTC') return undefined;
  return name.startsWith('/') ? name : `${process.env.ZONEINFO ?? '/usr/share/zoneinfo'}/${name}`;
}

/** Parses a TZif file (versions 1-3); undefined when it is not one. */
export function parseTzif(data: Buffer): Zone | undefined {
  if (data.length < 44 || data.toString('latin1', 0, 4) !== 'TZif') return undefined;
  let p = 0;
  const counts = () => [20, 24, 28, 32, 36, 40].map((o) => data.readUInt32BE(p + o)) as number[];
  let [isut, isstd, leap, timecnt, typecnt, charcnt] = counts() as [number, number, number, number, number, number];
  let timeSize = 4;
  if (data[4] !== 0) {
    // Version 2+: skip the 32-bit block, read the 64-bit one.
    p += 44 + timecnt * 4 + timecnt + typecnt * 6 + charcnt + leap * 8 + isstd + isut;
    if (data.toString('latin1', p, p + 4) !== 'TZif') return undefined;
    [isut, isstd, leap, timecnt, typecnt, charcnt] = counts() as [number, number, number, number, number, number];
    timeSize = 8;
  }
  p += 44;
  const times: number[] = [];
  for (let i = 0; i < timecnt; i++, p += timeSize) {
    times.push(timeSize === 8 ? Number(data.readBigInt64BE(p)) : data.readInt32BE(p));
  }
  const index = [...data.subarray(p, p + timecnt)];
  p += timecnt;
  const raw: { offset: number; dst: boolean; abbrAt: number }[] = [];
  for (let i = 0; i < typecnt; i++, p += 6) {
    raw.push({ offset: data.readInt32BE(p), dst: data[p + 4] !== 0, abbrAt: data[p + 5] as number });
  }
  const chars = data.toString('latin1', p, p + charcnt);
  p += charcnt + leap * (timeSize + 4) + isstd + isut;
  const types = raw.map((t) => ({
    offset: t.offset,
    dst: t.dst,
    abbr: chars.slice(t.abbrAt, chars.indexOf('\0', t.abbrAt)),
  }));
  let footer: Zone['footer'];
  if (timeSize === 8 && data[p] === 0x0a) {
    const m = /^(<[^>]*>|[A-Za-z]+)([-+]?\d+(?::\d+){0,2})(<[^>]*>|[A-Za-z]+)?/.exec(
      data.toString('latin1', p + 1, data.indexOf(0x0a, p + 1)),
    );
    if (m) {
      const [h = 0, mi = 0, s = 0] = (m[2] as string).replace(/^[-+]/, '').split(':').map(Number);
      const west = (h * 3600 + mi * 60 + s) * ((m[2] as string).startsWith('-') ? -1 : 1);
      const strip = (n: string | undefined) => n?.replace(/^<(.*)>$/, '$1');
      footer = { std: strip(m[1]) as string, stdOffset: -west, dst: strip(m[3]) };
    }
  }
  return { times, types, index, footer };
}

let cached: { zone: Zone | undefined } | undefined;

function localZone(): Zone | undefined {
  if (!cached) {
    const file = zoneFile(process.env.TZ);
    let zone: Zone | undefined;
    try {
      zone = file === undefined ? undefined : parseTzif(readFileSync(file));
    } catch {
      zone = undefined;
    }
    cached = { zone };
  }
  return cached.zone;
}

/** Go's choice of zone for times before the first transition (time.Location.lookupFirstZone). */
function firstZone(zone: Zone): ZoneType | undefined {
  const { types, index } = zone;
  if (!index.includes(0)) return types[0];
  const first = index[0];
  if (first !== undefined && types[first]?.dst) {
    for (let i = first - 1; i >= 0; i--) if (!types[i]?.dst) return types[i];
  }
  return types.find((t) => !t.dst) ?? types[0];
}

/**
 * The zone in force at `seconds`: from the transition table when inside it (exact, as Go reads it),
 * else the JavaScript clock's offset (which follows the zone's current rule) with the footer's names.
 */
export function zoneAt(zone: Zone | undefined, seconds: number): ZoneType {
  const jsOffset = () => Math.round(-new Date(seconds * 1000).getTimezoneOffset() * 60);
  if (!zone) {
    const offset = jsOffset();
    return { offset, dst: false, abbr: offset === 0 ? 'UTC' : numericName(offset) };
  }
  const { times, types, index } = zone;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((times[mid] as number) <= seconds) lo = mid + 1;
    else hi = mid;
  }
  const f = zone.footer;
  const current = lo > 0 ? types[index[lo - 1] as number] : firstZone(zone);
  if (current && (lo < times.length || !f)) return current;
  const offset = jsOffset();
  if (f) {
    const std = Math.abs(offset - f.stdOffset) < 60 || f.dst === undefined;
    return { offset, dst: !std, abbr: std ? f.std : (f.dst as string) };
  }
  return { offset, dst: false, abbr: numericName(offset) };
}

function numericName(offset: number): string {
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 3600)).padStart(2, '0');
  const mm = Math.floor((a % 3600) / 60);
  return `${offset < 0 ? '-' : '+'}${hh}${mm ? String(mm).padStart(2, '0') : ''}`;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Go's Time.String() of a nanosecond Unix timestamp, in the local zone. */
export function goTimeString(ns: bigint, zone: Zone | undefined = localZone()): string {
  let sec = ns / 1_000_000_000n;
  let frac = ns % 1_000_000_000n;
  if (frac < 0n) {
    frac += 1_000_000_000n;
    sec -= 1n;
  }
  const seconds = Number(sec);
  const z = zoneAt(zone, seconds);
  const d = new Date((seconds + z.offset) * 1000);
  const year = d.getUTCFullYear();
  const y = year < 0 ? `-${String(-year).padStart(3, '0')}` : String(year).padStart(4, '0');
  let s = `${y}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
  if (frac !== 0n) s += `.${frac.toString().padStart(9, '0').replace(/0+$/, '')}`;
  const a = Math.abs(z.offset);
  s += ` ${z.offset < 0 ? '-' : '+'}${p2(Math.floor(a / 3600))}${p2(Math.floor((a % 3600) / 60))}`;
  return `${s} ${z.abbr}`;
}
