import { describe, expect, it } from 'vitest';
import { DurationError, nsToMs, parseDuration, parseDurationMs, parseDurationNs } from '../src/config/index.js';

describe('parseDuration (Go time.ParseDuration)', () => {
  it.each([
    ['0', 0],
    ['+0', 0],
    ['-0', 0],
    ['250ms', 250e6],
    ['1ns', 1],
    ['1.5us', 1500],
    ['1.5µs', 1500],
    ['1.5μs', 1500],
    ['2s', 2e9],
    ['2m', 120e9],
    ['1h', 3600e9],
    ['1h2m3.5s', 3723.5e9],
    ['.5s', 0.5e9],
    ['5.s', 5e9],
    ['1.0000000001s', 1e9],
    ['1.9ns', 1],
    ['-1.5h', -5400e9],
    ['+30s', 30e9],
    ['0s', 0],
    ['00s', 0],
    ['1h1h', 7200e9],
    ['3ms500us', 3.5e6],
  ])('%s = %d ns', (text, ns) => {
    expect(parseDuration(text)).toBe(ns);
  });

  it.each([
    ['', 'invalid duration'],
    ['5', 'missing unit'],
    ['00', 'missing unit'],
    ['1.5', 'missing unit'],
    ['-', 'invalid duration'],
    ['+', 'invalid duration'],
    ['.', 'invalid duration'],
    ['.s', 'invalid duration'],
    ['s', 'invalid duration'],
    ['1d', 'unknown unit "d"'],
    ['1constructor', 'unknown unit "constructor"'],
    ['1 s', 'unknown unit " s"'],
    ['1S', 'unknown unit "S"'],
    ['1e3s', 'unknown unit "e"'],
    ['1s ', 'unknown unit "s "'],
    [' 1s', 'invalid duration'],
    ['--1s', 'invalid duration'],
    ['9223372036854775808ns', 'invalid duration'],
    ['2562048h', 'invalid duration'],
  ])('rejects %j (%s)', (text, message) => {
    expect(() => parseDuration(text)).toThrow(DurationError);
    expect(() => parseDuration(text)).toThrow(message);
  });

  it('is exact in nanoseconds up to the int64 limit', () => {
    expect(parseDurationNs('9223372036854775807ns')).toBe(9223372036854775807n);
    expect(parseDurationNs('-9223372036854775808ns')).toBe(-9223372036854775808n);
    expect(parseDurationNs('2562047h47m16.854775807s')).toBe(9223372036854775807n);
  });

  it('converts to milliseconds', () => {
    expect(nsToMs(1_500_000)).toBe(1.5);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('100us')).toBe(0.1);
  });
});
