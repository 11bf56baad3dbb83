import { describe, expect, it } from 'vitest';
import * as goTime from '../src/index.js';
import {
  fixedZone,
  GoTime,
  HEKA_FALLBACK_LAYOUTS,
  HekaTimestampParser,
  loadLocation,
  localLocation,
  numericZoneName,
  parseHekaTimestamp,
  UnknownTimeZoneError,
  UTC,
} from '../src/index.js';

describe('locations', () => {
  it('loads "", "UTC", "Local" and IANA names', () => {
    expect(loadLocation('')).toBe(UTC);
    expect(loadLocation('UTC')).toBe(UTC);
    expect(loadLocation('Local')).toBe(localLocation());
    expect(loadLocation('Local').name).toBe('Local');
    const ny = loadLocation('America/New_York');
    expect(ny.name).toBe('America/New_York');
    expect(loadLocation('America/New_York')).toBe(ny); // loaded once
    expect(ny.lookup(1420070400)).toEqual({ name: 'EST', offset: -18000 }); // 2015-01-01
    expect(ny.lookup(1435708800)).toEqual({ name: 'EDT', offset: -14400 }); // 2015-07-01
  });

  it('refuses names the tz database does not have, as Go does (case matters)', () => {
    for (const bad of ['Mars/Olympus_Mons', 'america/new_york', '../etc/passwd', '+01:00', 'Europe/ Paris']) {
      expect(() => loadLocation(bad), bad).toThrow(UnknownTimeZoneError);
    }
    expect(() => loadLocation('Nowhere/Land')).toThrow('unknown time zone Nowhere/Land');
  });

  it('knows tz abbreviations ICU lacks, local mean time, and numeric names', () => {
    expect(loadLocation('Asia/Tokyo').lookup(1420070400).name).toBe('JST');
    expect(loadLocation('Europe/Paris').lookup(-5364662400).name).toBe('LMT');
    expect(loadLocation('Asia/Kathmandu').lookup(1420070400).name).toBe('+0545');
    expect(numericZoneName(-12600)).toBe('-0330');
    expect(numericZoneName(3 * 3600)).toBe('+03');
  });

  it("finds zones by abbreviation near an instant (Go's lookupName)", () => {
    const paris = loadLocation('Europe/Paris');
    expect(paris.lookupName('CEST', 1420070400)).toBe(7200); // asked in winter: the summer zone
    expect(paris.lookupName('CET', 1435708800)).toBe(3600);
    expect(paris.lookupName('PST', 1420070400)).toBeUndefined();
    expect(fixedZone('XYZ', 600).lookupName('XYZ', 0)).toBe(600);
  });

  it('fixed zones keep their name and offset', () => {
    const z = fixedZone('', -(3 * 3600 + 30 * 60));
    expect(GoTime.unix(0, 0, z).format('MST -07:00')).toBe('-0330 -03:30');
    expect(() => fixedZone('x', 1.5)).toThrow(RangeError);
  });
});

describe("Heka's timestamp_layout rule (ForgivingTimeParse)", () => {
  it('reads Epoch layouts exactly, padding or cutting the fraction to nanoseconds', () => {
    const p = (layout: string, v: string) => parseHekaTimestamp(layout, v, UTC).unixNano();
    expect(p('Epoch', '1425797400')).toBe(1425797400000000000n);
    expect(p('Epoch', '1425797400.123456789123')).toBe(1425797400123456789n);
    expect(p('EpochMilli', '1425797400123.5')).toBe(1425797400123500000n);
    expect(p('EpochMicro', '1425797400123456')).toBe(1425797400123456000n);
    expect(p('EpochNano', '1425797400123456789.9')).toBe(1425797400123456789n);
    expect(p('Epoch', '.5')).toBe(500000000n);
  });

  it("reports bad Epoch values with Go's strconv message", () => {
    expect(() => parseHekaTimestamp('Epoch', '-1', UTC)).toThrow(
      'Error parsing Epoch time: strconv.ParseUint: parsing "-1000000000": invalid syntax',
    );
    expect(() => parseHekaTimestamp('EpochNano', '18446744073709551616', UTC)).toThrow(/value out of range/);
    // Go converts the uint64 to int64: the top half wraps to negative.
    expect(parseHekaTimestamp('EpochNano', '18446744073709551615', UTC).unixNano()).toBe(-1n);
  });

  it('refuses unknown Epoch layouts when created', () => {
    expect(() => new HekaTimestampParser('EpochSeconds', UTC)).toThrow(
      'Unrecognized `Epoch` time format: EpochSeconds',
    );
  });

  it("parses with the layout in the location, then falls back to Go's predefined layouts", () => {
    const paris = loadLocation('Europe/Paris');
    const p = new HekaTimestampParser('2006-01-02 15:04:05', paris);
    expect(p.parse('2015-07-01 12:00:00').unixNano()).toBe(1435744800000000000n);
    // Not the layout, but RFC3339:
    expect(p.parse('2015-07-01T12:00:00Z').unixNano()).toBe(1435752000000000000n);
    // Not the layout, but Stamp (no year: year 0, which the decoders fill in):
    expect(p.parse('Jul  1 12:00:00').year()).toBe(0);
    expect(() => p.parse('yesterday')).toThrow(/parsing time "yesterday" as "2006-01-02 15:04:05"/);
    expect(HEKA_FALLBACK_LAYOUTS).toHaveLength(15);
  });
});

describe('package exports', () => {
  it('re-exports strftime from ./strftime.js', () => {
    expect(typeof goTime.strftime).toBe('function');
    expect(goTime.strftime('%Y-%m-%d', new Date(Date.UTC(2015, 6, 1)), true)).toBe('2015-07-01');
  });
});
