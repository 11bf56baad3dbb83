import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatG, formatInt, outputNumber, serializeNumber } from '../src/cformat.js';
import { strtod, strtoll, strtoul32 } from '../src/strtod.js';

interface PrintfCase {
  bits: string;
  g: string;
  g14: string;
  g17: string;
  g3: string;
}

// Produced by glibc's printf (a small C program) for 1009 doubles: hand-picked values, exact ties at
// 6 and 14 digits, random bit patterns and random magnitudes.
const cases = JSON.parse(readFileSync(new URL('./fixtures/printf-g.json', import.meta.url), 'utf8')) as PrintfCase[];

function fromBits(hex: string): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setBigUint64(0, BigInt(`0x${hex}`));
  return v.getFloat64(0);
}

describe('formatG (C printf %g)', () => {
  it('matches glibc for every fixture value at precisions 3, 6, 14 and 17', () => {
    expect(cases.length).toBeGreaterThan(1000);
    for (const c of cases) {
      const x = fromBits(c.bits);
      expect([formatG(x, 6), formatG(x, 14), formatG(x, 17), formatG(x, 3)], c.bits).toEqual([c.g, c.g14, c.g17, c.g3]);
    }
  });

  it('rounds exact ties to even as glibc does (JS toPrecision rounds them up)', () => {
    expect(formatG(123456789012345, 14)).toBe('1.2345678901234e+14');
    expect(formatG(123456789012355, 14)).toBe('1.2345678901236e+14');
    expect(formatG(0.125, 2)).toBe('0.12');
    expect(formatG(0.375, 2)).toBe('0.38');
    expect(formatG(2.5, 1)).toBe('2');
  });

  it('prints zeros, infinities and NaN like printf', () => {
    expect(formatG(0, 14)).toBe('0');
    expect(formatG(-0, 14)).toBe('-0');
    expect(formatG(Number.POSITIVE_INFINITY, 14)).toBe('inf');
    expect(formatG(Number.NEGATIVE_INFINITY, 14)).toBe('-inf');
    expect(formatG(Number.NaN, 14)).toBe('nan');
    expect(formatG(1e100, 0)).toBe('1e+100');
  });

  it('formatInt prints integral doubles beyond 2^53 in full', () => {
    expect(formatInt(1e21)).toBe('1000000000000000000000');
    expect(formatInt(-42)).toBe('-42');
    expect(formatInt(Number.NaN)).toBe('0');
  });
});

describe("lua_sandbox's number writer", () => {
  it('prints integers without a fraction and up to 8 decimals without trailing zeros', () => {
    // the values of lua_sandbox's own serialization test
    expect(outputNumber(0.12345678)).toBe('0.12345678');
    expect(outputNumber(99.1)).toBe('99.1');
    expect(outputNumber(92.002)).toBe('92.002');
    expect(outputNumber(91.10001)).toBe('91.10001');
    expect(outputNumber(98)).toBe('98');
    expect(outputNumber(0)).toBe('0');
    expect(outputNumber(-0)).toBe('0');
    expect(outputNumber(-1.25)).toBe('-1.25');
    expect(outputNumber(1.2)).toBe('1.2');
    expect(outputNumber(0.00005)).toBe('0.00005');
  });

  it('rounds to 8 decimals, carrying into the integer part', () => {
    expect(outputNumber(1 / 3)).toBe('0.33333333');
    expect(outputNumber(2 / 3)).toBe('0.66666667');
    expect(outputNumber(0.999999999)).toBe('1');
    expect(outputNumber(1e-9)).toBe('0');
    expect(outputNumber(-1e-9)).toBe('-0');
  });

  it('switches to %0.17g above INT_MAX', () => {
    expect(outputNumber(2147483647)).toBe('2147483647');
    expect(outputNumber(2147483648)).toBe('2147483648');
    expect(outputNumber(1e9 * 1e9)).toBe('1e+18');
    expect(outputNumber(1447267200e9)).toBe('1.4472672e+18');
    expect(outputNumber(0.1 + 2147483647)).toBe('2147483647.0999999');
    expect(outputNumber(-3e9)).toBe('-3000000000');
  });

  it('writes NaN and infinities as text for output and as Lua expressions for preservation', () => {
    expect([outputNumber(Number.NaN), outputNumber(1 / 0), outputNumber(-1 / 0)]).toEqual(['nan', 'inf', '-inf']);
    expect([serializeNumber(Number.NaN), serializeNumber(1 / 0), serializeNumber(-1 / 0)]).toEqual([
      '0/0',
      '1/0',
      '-1/0',
    ]);
    expect(serializeNumber(0.5)).toBe('0.5');
  });
});

describe('strtod / strtoll / strtoul', () => {
  const b = (s: string) => new TextEncoder().encode(s);
  it('reads the longest number prefix as glibc does', () => {
    expect(strtod(b('  -1.5e3x'), 0)).toEqual({ value: -1500, end: 8 });
    expect(strtod(b('1e'), 0)).toEqual({ value: 1, end: 1 });
    expect(strtod(b('1.'), 0)).toEqual({ value: 1, end: 2 });
    expect(strtod(b('.5'), 0)).toEqual({ value: 0.5, end: 2 });
    expect(strtod(b('0x6.ffp1'), 0)).toEqual({ value: 13.9921875, end: 8 });
    expect(strtod(b('0x'), 0)).toEqual({ value: 0, end: 1 });
    expect(strtod(b('-Infinity'), 0)).toEqual({ value: Number.NEGATIVE_INFINITY, end: 9 });
    expect(strtod(b('infx'), 0)).toEqual({ value: Number.POSITIVE_INFINITY, end: 3 });
    expect(strtod(b('nan(123)'), 0).end).toBe(8);
    expect(strtod(b('nan('), 0).end).toBe(3);
    expect(Number.isNaN(strtod(b('NaN'), 0).value)).toBe(true);
    expect(strtod(b('abc'), 0)).toEqual({ value: 0, end: 0 });
    expect(strtod(b('-'), 0)).toEqual({ value: 0, end: 0 });
    expect(strtod(b('1e400'), 0).value).toBe(Number.POSITIVE_INFINITY);
  });

  it('strtoll clamps, strtoul wraps negatives into an unsigned', () => {
    expect(strtoll(b(' 42 '), 0)).toEqual({ value: 42, end: 3 });
    expect(strtoll(b('x'), 0)).toEqual({ value: 0, end: 0 });
    expect(strtoll(b('99999999999999999999'), 0).value).toBe(2 ** 63);
    expect(strtoul32(b('-1'), 0).value).toBe(4294967295);
    expect(strtoul32(b('7'), 0)).toEqual({ value: 7, end: 1 });
  });
});
