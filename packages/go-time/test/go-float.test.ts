// Go's strconv.FormatFloat(v, 'g', -1, 64); expectations checked against Go 1.19.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatGoFloat } from '../src/index.js';

describe('formatGoFloat', () => {
  it.each([
    [42, '42'],
    [19101.3, '19101.3'],
    [1e6, '1e+06'],
    [123456, '123456'],
    [999999, '999999'],
    [1234567, '1.234567e+06'],
    [0.0001, '0.0001'],
    [0.000123, '0.000123'],
    [0.00001, '1e-05'],
    [1e-7, '1e-07'],
    [1e21, '1e+21'],
    [1e100, '1e+100'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
    [-2.5, '-2.5'],
    [139847987987987.88, '1.3984798798798788e+14'],
    [345.6789, '345.6789'],
    [0.1 + 0.2, '0.30000000000000004'],
    [12345678901234567000, '1.2345678901234567e+19'],
    [100, '100'],
    [0, '0'],
    [-0, '-0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, '+Inf'],
    [Number.NEGATIVE_INFINITY, '-Inf'],
  ])('%d → %s', (v, text) => {
    expect(formatGoFloat(v)).toBe(text);
  });

  it('reads back as the same double, with the shortest digits', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const text = formatGoFloat(v);
        expect(Object.is(Number(text), v)).toBe(true);
        const digits = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '');
        const shortest = Math.abs(v).toExponential().replace(/e.*$/, '').replace('.', '');
        expect(digits.replace(/0+$/, '')).toBe(shortest.replace(/0+$/, ''));
      }),
      { numRuns: 2000 },
    );
  });
});
