/** The number writers and time helpers, against values C and Go produce. */
import { describe, expect, it } from 'vitest';
import {
  formatG,
  luaNumberToString,
  outputNumber,
  parseTimestampText,
  reinterpretInZone,
  serializeNumber,
} from '../src/index.js';

describe('number writers', () => {
  it('matches C printf("%.14g") for tostring', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [-0, '-0'],
      [1, '1'],
      [0.1, '0.1'],
      [1 / 3, '0.33333333333333'],
      [123456789012345, '1.2345678901234e+14'],
      [1e14, '1e+14'],
      [99999999999999, '99999999999999'],
      [0.0001, '0.0001'],
      [0.00001, '1e-05'],
      [1.5e-300, '1.5e-300'],
      [Number.NaN, 'nan'],
      [Number.POSITIVE_INFINITY, 'inf'],
      [Number.NEGATIVE_INFINITY, '-inf'],
      [Number(1385968914904958136n), '1.385968914905e+18'],
      // Exact ties round half to even, as glibc does (JavaScript's toExponential rounds them up).
      [12345678901234.5, '12345678901234'],
      [2.5, '2.5'],
    ];
    for (const [x, s] of cases) expect(luaNumberToString(x), String(x)).toBe(s);
    expect(formatG(100, 17)).toBe('100');
    expect(formatG(0.1, 17)).toBe('0.10000000000000001');
    expect(formatG(0, 3, true)).toBe('0.00');
    expect(formatG(1.5, 6, true)).toBe('1.50000');
    expect(formatG(0.125, 2)).toBe('0.12');
    expect(formatG(0.375, 2)).toBe('0.38');
  });

  it('writes output and preservation numbers as lua_sandbox did', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [12, '12'],
      [-12.5, '-12.5'],
      [0.123456789, '0.12345679'],
      [0.000000004, '0'],
      [0.000000005, '0.00000001'],
      [0.999999999, '1'],
      [2147483647, '2147483647'],
      [2147483648, '2147483648'],
      [1e100, '1e+100'],
      [-3e9, '-3000000000'],
    ];
    for (const [x, s] of cases) expect(outputNumber(x), String(x)).toBe(s);
    expect([serializeNumber(Number.NaN), serializeNumber(1 / 0), serializeNumber(-1 / 0)]).toEqual([
      '0/0',
      '1/0',
      '-1/0',
    ]);
    expect(outputNumber(Number.NaN)).toBe('nan');
  });
});

describe('time helpers', () => {
  it("parses timestamps as Heka's write_message did", () => {
    expect(parseTimestampText('1385968914904958136')).toBe(1385968914904958136n);
    expect(parseTimestampText('0x10')).toBe(16n);
    expect(parseTimestampText('017')).toBe(15n);
    expect(parseTimestampText('2013-12-02T07:21:54.904958136Z')).toBe(1385968914904958136n);
    expect(parseTimestampText('2013-12-02T08:21:54+01:00')).toBe(1385968914000000000n);
    expect(parseTimestampText('Mon, 02 Jan 2006 15:04:05 -0700')).toBe(1136239445000000000n);
    expect(parseTimestampText('Mon Jan  2 15:04:05 2006')).toBe(1136214245000000000n);
    expect(parseTimestampText('Mon Jan 02 15:04:05 -0700 2006')).toBe(1136239445000000000n);
    expect(parseTimestampText('02 Jan 06 15:04 UTC')).toBe(1136214240000000000n);
    expect(parseTimestampText('Monday, 02-Jan-06 15:04:05 PST')).toBe(1136214245000000000n);
    // Kitchen and the Stamps have no year: year 0, whose nanoseconds wrap in int64 as Go's UnixNano does.
    const year0 = -62167219200n;
    expect(parseTimestampText('3:04PM')).toBe(BigInt.asIntN(64, (year0 + 54240n) * 1000000000n));
    expect(parseTimestampText('Jan  2 15:04:05.123')).toBe(
      BigInt.asIntN(64, (year0 + 86400n + 54245n) * 1000000000n + 123000000n),
    );
    for (const bad of ['', 'invalid', '2013-13-02T07:21:54Z', '2013-02-30T07:21:54Z', '99999999999999999999']) {
      expect(parseTimestampText(bad), bad).toBeUndefined();
    }
  });

  it('re-reads a wall-clock time in a zone (config.tz), across daylight saving time', () => {
    // 2015-01-15 12:00 and 2015-07-15 12:00 "UTC" read as New York time.
    expect(reinterpretInZone(1421323200000000000n, 'America/New_York')).toBe(1421341200000000000n);
    expect(reinterpretInZone(1436961600000000123n, 'America/New_York')).toBe(1436976000000000123n);
    expect(reinterpretInZone(1436961600000000000n, 'UTC')).toBe(1436961600000000000n);
    expect(reinterpretInZone(1436961600000000000n, 'Asia/Kolkata')).toBe(1436941800000000000n);
    // Go's rules where the wall clock skips or repeats an hour: 02:30 on 2015-03-08 does not exist in New
    // York (read with the offset after the jump: 06:30Z); 01:30 on 2015-11-01 happens twice (the first).
    const ns = (iso: string): bigint => BigInt(Date.parse(iso)) * 1000000n;
    expect(reinterpretInZone(ns('2015-03-08T02:30:00Z'), 'America/New_York')).toBe(ns('2015-03-08T06:30:00Z'));
    expect(reinterpretInZone(ns('2015-11-01T01:30:00Z'), 'America/New_York')).toBe(ns('2015-11-01T05:30:00Z'));
  });
});
