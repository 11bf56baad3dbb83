import { describe, expect, it } from 'vitest';
import {
  fixedZone,
  GoTime,
  Layout,
  loadLocation,
  parse,
  parseInLocation,
  RFC3339,
  RFC3339Nano,
  TimeParseError,
  UTC,
} from '../src/index.js';

const ns = (layout: string, value: string, loc = UTC): bigint => parseInLocation(layout, value, loc).unixNano();

describe('parse', () => {
  it('reads every element of the reference time', () => {
    const t = parseInLocation(
      'Monday January 2 2006 15:04:05.000 -0700',
      'Tuesday March 7 2017 23:59:58.123 +0100',
      UTC,
    );
    expect(t.unixNano()).toBe(1488927598123000000n);
    expect(t.zone()).toEqual({ name: '', offset: 3600 });
    expect(t.format('2006-01-02T15:04:05.000Z07:00')).toBe('2017-03-07T23:59:58.123+01:00');
  });

  it('takes 12-hour clocks, AM/PM in both cases, and two-digit years around 1969', () => {
    expect(ns('3:04PM', '12:30AM')).toBe(GoTime.date(0, 1, 1, 0, 30, 0, 0).unixNano());
    expect(ns('3:04pm', '1:05pm')).toBe(GoTime.date(0, 1, 1, 13, 5, 0, 0).unixNano());
    expect(parseInLocation('06', '69', UTC).year()).toBe(1969);
    expect(parseInLocation('06', '68', UTC).year()).toBe(2068);
  });

  it('reads day of the year (__2 and 002) and checks it against month and day', () => {
    expect(parseInLocation('2006-002', '2024-060', UTC).date()).toEqual([2024, 2, 29]);
    expect(parseInLocation('2006 __2', '2023  60', UTC).date()).toEqual([2023, 3, 1]);
    expect(() => parseInLocation('2006-002', '2023-366', UTC)).toThrow(/day-of-year out of range/);
    expect(() => parseInLocation('2006-01-02 002', '2023-01-02 003', UTC)).toThrow(/does not match day/);
  });

  it('accepts a fraction after the seconds even when the layout has none, with "." or ","', () => {
    const frac = (layout: string, v: string) => parseInLocation(layout, v, UTC).nanosecond;
    expect(frac('15:04:05', '10:00:00.5')).toBe(500000000);
    expect(frac('15:04:05', '10:00:00,25')).toBe(250000000);
    expect(frac('15:04:05.000', '10:00:00,123')).toBe(123000000);
  });

  it('takes more than nine digits for ".999" (truncated to nanoseconds), as today\'s Go does', () => {
    expect(ns(RFC3339Nano, '2006-01-02T15:04:05.1234567891+01:00')).toBe(1136210645123456789n);
  });

  it("refuses zone offsets past 24 hours, as today's Go does", () => {
    expect(() => parseInLocation('-0700', '+2500', UTC)).toThrow(/time zone offset hour out of range/);
  });

  it('accepts "Z" for every ISO 8601 zone form, seconds forms included', () => {
    expect(parseInLocation('15:04 Z070000', '10:00 Z', UTC).zone()).toEqual({ name: 'UTC', offset: 0 });
    expect(parseInLocation('15:04 Z07:00:00', '10:00 Z', UTC).zone()).toEqual({ name: 'UTC', offset: 0 });
  });

  it('uses the location for values without a zone, and its zones for abbreviations', () => {
    const ny = loadLocation('America/New_York');
    expect(ns('2006-01-02 15:04', '2015-07-01 12:00', ny)).toBe(1435766400000000000n);
    const t = parseInLocation('2006-01-02 15:04 MST', '2015-01-15 12:00 EST', ny);
    expect(t.zone()).toEqual({ name: 'EST', offset: -18000 });
    // An abbreviation the location does not know: Go keeps the name with offset 0.
    const u = parseInLocation('2006-01-02 15:04 MST', '2015-01-15 12:00 PST', UTC);
    expect(u.zone()).toEqual({ name: 'PST', offset: 0 });
    expect(parseInLocation('MST', 'GMT+3', UTC).zone()).toEqual({ name: 'GMT+3', offset: 10800 });
  });

  it("Go's Parse: no zone means UTC", () => {
    expect(parse(RFC3339, '2006-01-02T15:04:05Z').unixNano()).toBe(1136214245000000000n);
    expect(parse('2006-01-02', '2006-01-02').location).toBe(UTC);
  });

  it('reports errors as Go does, with the elements involved', () => {
    try {
      parseInLocation('2006-01-02', '2006-13-02', UTC);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(TimeParseError);
      expect((e as Error).message).toBe('parsing time "2006-13-02": month out of range');
    }
    try {
      parseInLocation('2006-01-02', '2006-x1-02', UTC);
      expect.unreachable();
    } catch (e) {
      const err = e as TimeParseError;
      expect(err.message).toBe('parsing time "2006-x1-02" as "2006-01-02": cannot parse "x1-02" as "01"');
      expect([err.layoutElem, err.valueElem]).toEqual(['01', 'x1-02']);
    }
    expect(() => parseInLocation('2006', '2006 and more', UTC)).toThrow('extra text: " and more"');
    expect(() => parseInLocation('Jan 2', 'Feb 30', UTC)).toThrow('day out of range');
  });

  it('Layout parses and formats many values with one cut layout', () => {
    const l = new Layout('02/Jan/2006:15:04:05 -0700');
    const a = l.parse('10/Oct/2000:13:55:36 -0700');
    expect(a.unixNano()).toBe(971211336000000000n);
    expect(l.format(a)).toBe('10/Oct/2000:13:55:36 -0700');
    expect(l.parse('10/Oct/2000:13:55:36 +0000', loadLocation('Europe/Paris')).unixNano()).toBe(971186136000000000n);
  });
});

describe('GoTime', () => {
  it('converts to and from int64 nanoseconds, wrapping outside 1678..2262 like Go', () => {
    expect(GoTime.fromUnixNano(-1n).format('2006-01-02T15:04:05.999999999Z07:00')).toBe(
      '1969-12-31T23:59:59.999999999Z',
    );
    expect(GoTime.date(1, 1, 1, 0, 0, 0, 0).unixNano()).toBe(-6795364578871345152n);
    expect(GoTime.unix(1, 1_500_000_000).unixNano()).toBe(2_500_000_000n);
  });

  it("adds dates on the wall clock (Go's AddDate), normalising", () => {
    const t = GoTime.date(2024, 1, 31, 10, 0, 0, 0);
    expect(t.addDate(0, 1, 0).date()).toEqual([2024, 3, 2]);
    expect(t.addDate(1, 0, 0).year()).toBe(2025);
    const paris = loadLocation('Europe/Paris');
    const before = GoTime.date(2024, 3, 30, 12, 0, 0, 0, paris);
    expect(before.addDate(0, 0, 1).hour()).toBe(12); // across the switch to summer time
    expect(before.addDate(0, 0, 1).unixSeconds - before.unixSeconds).toBe(23 * 3600);
  });

  it('tells weekday, day of year, clock and zone', () => {
    const t = GoTime.date(2006, 1, 2, 15, 4, 5, 0, fixedZone('MST', -7 * 3600));
    expect([t.weekday(), t.yearDay(), t.hour(), t.minute(), t.second()]).toEqual([1, 2, 15, 4, 5]);
    expect(t.toString()).toBe('2006-01-02 15:04:05 -0700 MST');
    expect(t.in(UTC).hour()).toBe(22);
    expect(t.equal(t.in(UTC))).toBe(true);
  });

  it('now() is close to Date.now()', () => {
    const ms = Number(GoTime.now().unixNano() / 1_000_000n);
    expect(Math.abs(ms - Date.now())).toBeLessThan(1000);
  });
});
