import { describe, expect, it } from 'vitest';
import { ndtr } from '../src/circular-buffer/normal.js';
import { newState, run } from './helpers.js';

const CB = 'require "circular_buffer"\n';
const DATA =
  '{15309,14092,13661,13412,14205,15042,14142,13820,14917,13953,14320,14472,15133,13790,14539,14129,14363,14202,13841,13610,13759,14428,14851,13838,13819,14468,14989,15557,14380,13500,14818,14632,13631,14663,14532,14188,14537,14109,13925,15022}';

describe('circular_buffer:compute (lua_circular_buffer test.lua)', () => {
  const L = newState();
  run(
    L,
    `${CB} stats = circular_buffer.new(5, 1, 1)
     stats:set(1e9, 1, 1) stats:set(2e9, 1, 2) stats:set(3e9, 1, 3) stats:set(4e9, 1, 4)`,
  );

  it.each([
    ['"sum", 1', 10, 4],
    ['"avg", 1', 2.5, 4],
    ['"variance", 1', 1.25, 4],
    ['"sd", 1', Math.sqrt(1.25), 4],
    ['"min", 1', 1, 4],
    ['"max", 1', 4, 4],
    ['"sum", 1, 3e9, 4e9', 7, 2],
    ['"avg", 1, 3e9, 4e9', 3.5, 2],
    ['"sd", 1, 3e9, 4e9', 0.5, 2],
    ['"sum", 1, 3e9', 7, 2],
    ['"sum", 1, 3e9, nil', 7, 2],
    ['"sum", 1, nil, 2e9', 3, 2],
  ])('compute(%s) = %d over %d rows', (args, value, rows) => {
    expect(run(L, `return stats:compute(${args})`)).toEqual([value, rows]);
  });

  it('returns nil and 0 rows for a range outside the buffer', () => {
    expect(run(L, 'local v, n = stats:compute("sum", 1, 11e9, 14e9) return v == nil, n, math.type(n)')).toEqual([
      true,
      0,
      'integer',
    ]);
  });

  it('skips NaN rows; empty ranges give NaN (sum gives 0)', () => {
    const S = newState();
    expect(
      run(
        S,
        `${CB} local s = circular_buffer.new(4, 1, 1)
         s:set(1e9, 1, 0/0) s:set(2e9, 1, 8) s:set(3e9, 1, 8)
         local e = circular_buffer.new(4, 1, 1)
         local avg = e:compute("avg", 1) local sd = e:compute("sd", 1)
         local mx = e:compute("max", 1) local mn = e:compute("min", 1)
         return s:compute("avg", 1), avg ~= avg, sd ~= sd, mx ~= mx, mn ~= mn, e:compute("sum", 1)`,
      ),
    ).toEqual([8, true, true, true, true, 0, 0]);
    expect(
      run(
        S,
        `${CB} local s = circular_buffer.new(4, 1, 1) s:set(1e9, 1, 1/0) s:set(2e9, 1, 8) return (s:compute("avg", 1))`,
      ),
    ).toEqual([Number.POSITIVE_INFINITY]);
  });

  it('keeps the C quirk: max starts at DBL_MIN, so a range of values <= 0 gives NaN', () => {
    const [v, n] = run(
      newState(),
      `${CB} local s = circular_buffer.new(3, 1, 1) s:set(1e9, 1, -5) s:set(2e9, 1, 0) return s:compute("max", 1)`,
    );
    expect(v).toBeNaN();
    expect(n).toBe(2);
  });

  it('computes over a range that wraps around the end of the storage', () => {
    expect(
      run(
        newState(),
        `${CB} local s = circular_buffer.new(3, 1, 1)
         for t = 0, 4 do s:set(t * 1e9, 1, t) end
         return s:compute("sum", 1), s:compute("sum", 1, 2e9, 3e9), (s:compute("min", 1))`,
      ),
    ).toEqual([9, 5, 2]);
  });
});

describe('circular_buffer:mannwhitneyu', () => {
  const mww = (data: string, args: string) =>
    run(
      newState(),
      `${CB} local cb = circular_buffer.new(40, 1, 1)
       for i, v in ipairs(${data}) do cb:set(i * 1e9, 1, v) end
       return cb:mannwhitneyu(1, ${args})`,
    );

  it('gives U1 and the one-sided p with continuity correction (README example)', () => {
    const [u, p] = mww(DATA, '1e9, 20e9, 21e9, 40e9') as number[];
    expect(u).toBe(171);
    expect(Math.floor((p as number) * 100000)).toBe(22037);
    expect(p).toBeCloseTo(0.2203749417991713, 15);
  });

  it('without continuity correction', () => {
    const [u, p] = mww(DATA, '1e9, 20e9, 21e9, 40e9, false') as number[];
    expect(u).toBe(171);
    expect(Math.floor((p as number) * 100000)).toBe(21638);
    expect(p).toBeCloseTo(0.2163872974958338, 15);
  });

  it('with tie correction', () => {
    const tied = DATA.replace(/15022}$/, '15309}');
    const [u, p] = mww(tied, '1e9, 20e9, 21e9, 40e9') as number[];
    expect(u).toBe(168.5);
    expect(Math.floor((p as number) * 100000)).toBe(20084);
    expect(p).toBeCloseTo(0.2008491241373575, 15);
  });

  it('returns nothing when every value ties or a range is outside the buffer', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CB} local cb = circular_buffer.new(20, 1, 1) return select("#", cb:mannwhitneyu(1, 0e9, 9e9, 10e9, 19e9))`,
      ),
    ).toEqual([0]);
    expect(
      run(
        L,
        `${CB} local cb = circular_buffer.new(10, 1, 1) for i = 1, 10 do cb:set(i * 1e9, 1, 1) end
         return select("#", cb:mannwhitneyu(1, 1e9, 5e9, 6e9, 10e9))`,
      ),
    ).toEqual([0]);
    expect(
      run(
        L,
        `${CB} local cb = circular_buffer.new(40, 1, 1) return select("#", cb:mannwhitneyu(1, 41e9, 60e9, 61e9, 80e9))`,
      ),
    ).toEqual([0]);
  });

  it('U1 + U2 = n1 * n2 with NaN rows ranked lowest', () => {
    const data =
      '{1,1,1,2,1,3,3,6,4,0/0,0/0,0/0,1,0/0,2,0/0,0/0,0/0,0/0,0/0,1,5,1,0/0,1,1,0/0,0/0,3,4,1,1,1,0/0,7,1,0/0,6,0/0,0/0,1,3,4,3,0/0,1,5,0/0,1,0/0,0/0,1,6,4,0/0,4,2,6,4,3,2,6,2,11,2,0/0,2,0/0,2,0/0,0/0,0/0,4,0/0,3,2,0/0,0/0,1,2,2,2,1,1,0/0,3,0/0,4,0/0,0/0,2,3,5,6,3,1,0/0,0/0,3,2,0/0,4,1,2,1,1,0/0,0/0,0/0,0/0,0/0,0/0,0/0,7,1,1,2,1,0/0,0/0}';
    const [u1, u2] = run(
      newState(),
      `${CB} local cb = circular_buffer.new(120, 1, 1)
       for i, v in ipairs(${data}) do cb:set(i * 1e9, 1, v) end
       return cb:mannwhitneyu(1, 61e9, 120e9, 1e9, 60e9), (cb:mannwhitneyu(1, 1e9, 60e9, 61e9, 120e9))`,
    ) as number[];
    expect((u1 as number) + (u2 as number)).toBe(3600);
  });
});

describe('ndtr (normal CDF used for the p-value)', () => {
  it('is correctly rounded for the argument cephes would see (x·√½ rounded first)', () => {
    // references: mpmath at 40 digits of 0.5·erfc(-x) with x = a·0.7071067811865476 as a double
    expect(ndtr(-1)).toBe(0.15865525393145705);
    expect(ndtr(-3)).toBe(0.0013498980316300928);
    expect(ndtr(-8)).toBe(6.220960574271756e-16);
    expect(ndtr(-10)).toBe(7.619853024160498e-24);
    // beyond |x| = 10 (p < 1e-23) a continued fraction in doubles: within a few ulps
    expect(Math.abs(ndtr(-20) / 2.753624118606193e-89 - 1)).toBeLessThan(1e-15);
    expect(ndtr(-0.5)).toBe(0.30853753872598688);
    expect(ndtr(0)).toBe(0.5);
    expect(ndtr(2)).toBe(0.9772498680518208);
    expect(ndtr(-40)).toBe(0);
    expect(ndtr(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(ndtr(Number.NaN)).toBeNaN();
  });
});
