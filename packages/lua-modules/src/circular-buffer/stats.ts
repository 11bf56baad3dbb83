/**
 * circular_buffer's compute() functions and mannwhitneyu(), with lua_circular_buffer 0.2.0's exact
 * arithmetic order and its quirks: max starts from DBL_MIN (the smallest positive double), so a range
 * whose values are all <= DBL_MIN reports NaN, as min reports NaN for an all-DBL_MAX range.
 */
import type { CircularBuffer } from './buffer.js';
import { ndtr } from './normal.js';

export const COMPUTE_FUNCTIONS = ['sum', 'avg', 'sd', 'min', 'max', 'variance'] as const;

const DBL_MAX = Number.MAX_VALUE;
const DBL_MIN = 2.2250738585072014e-308;

/** [result, rows holding a number] over rows start..end of `column`. */
export function compute(cb: CircularBuffer, fn: number, column: number, start: number, end: number): [number, number] {
  switch (COMPUTE_FUNCTIONS[fn]) {
    case 'sum': {
      let active = 0;
      let sum = 0;
      cb.forRows(start, end, (r) => {
        const v = cb.get(r, column);
        if (!Number.isNaN(v)) {
          active++;
          sum += v;
        }
      });
      return [sum, active];
    }
    case 'avg':
      return average(cb, column, start, end);
    case 'sd': {
      const [variance, active] = varianceOf(cb, column, start, end);
      return [Math.sqrt(variance), active];
    }
    case 'variance':
      return varianceOf(cb, column, start, end);
    case 'min': {
      let active = 0;
      let result = DBL_MAX;
      cb.forRows(start, end, (r) => {
        const v = cb.get(r, column);
        if (!Number.isNaN(v)) {
          active++;
          if (v < result) result = v;
        }
      });
      return [result === DBL_MAX ? Number.NaN : result, active];
    }
    default: {
      let active = 0;
      let result = DBL_MIN;
      cb.forRows(start, end, (r) => {
        const v = cb.get(r, column);
        if (!Number.isNaN(v)) {
          active++;
          if (v > result) result = v;
        }
      });
      return [result === DBL_MIN ? Number.NaN : result, active];
    }
  }
}

function average(cb: CircularBuffer, column: number, start: number, end: number): [number, number] {
  let sum = 0;
  let count = 0;
  cb.forRows(start, end, (r) => {
    const v = cb.get(r, column);
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  });
  return [sum / count, count];
}

function varianceOf(cb: CircularBuffer, column: number, start: number, end: number): [number, number] {
  const [avg, active] = average(cb, column, start, end);
  if (Number.isNaN(avg)) return [avg, active];
  let squares = 0;
  let count = 0;
  cb.forRows(start, end, (r) => {
    let v = cb.get(r, column);
    if (!Number.isNaN(v)) {
      v -= avg;
      squares += v * v;
      count++;
    }
  });
  return [squares / count, active];
}

/** The first `n` values of `column` from row `start` on (wrapping). */
function sample(cb: CircularBuffer, column: number, start: number, end: number, n: number, into: number[]): void {
  let taken = 0;
  cb.forRows(start, end, (r) => {
    if (taken++ < n) into.push(cb.get(r, column));
  });
  // A sample with fewer rows than its time span claims: C left the slots it did not write unset;
  // they are NaN here (ranked lowest, as NaN is).
  while (taken++ < n) into.push(Number.NaN);
}

/** NaN sorts first; NaNs tie with each other. */
function compareValues(a: number, b: number): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an && bn) return 0;
  if (an) return -1;
  if (bn) return 1;
  return a < b ? -1 : a === b ? 0 : 1;
}

export interface Sample {
  start: number;
  end: number;
  size: number;
}

/**
 * Mann-Whitney U of two samples of `column` (tie-corrected normal approximation, optional continuity
 * correction): [U1, one-sided p], or null when all values tie.
 */
export function mannWhitneyU(
  cb: CircularBuffer,
  column: number,
  x: Sample,
  y: Sample,
  continuity: boolean,
): [number, number] | null {
  const values: number[] = [];
  sample(cb, column, x.start, x.end, x.size, values);
  sample(cb, column, y.start, y.end, y.size, values);
  const total = values.length;
  const order = values.map((_, i) => i).sort((a, b) => compareValues(values[a] as number, values[b] as number));
  const ranks = new Float64Array(total);
  let dupes = 0;
  let tie = 0;
  for (let i = 0; i < total; i++) {
    const next = i + 1;
    const cur = values[order[i] as number] as number;
    const nxt = values[order[next] as number] as number;
    if (i === total - 1 || (!(Number.isNaN(cur) && Number.isNaN(nxt)) && cur !== nxt)) {
      if (dupes) {
        const tieRank = next - 0.5 * dupes;
        for (let j = i - dupes; j < next; j++) ranks[order[j] as number] = tieRank;
        ++dupes;
        tie += dupes ** 3 - dupes;
        dupes = 0;
      } else {
        ranks[order[i] as number] = next;
      }
    } else {
      ++dupes;
    }
  }
  const correction = 1 - tie / (total ** 3 - total);
  if (!correction) return null;
  let sum = 0;
  for (let i = 0; i < x.size; i++) sum += ranks[i] as number;
  const n1 = x.size;
  const n2 = y.size;
  const u1 = sum - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const lu = Math.max(u1, u2);
  const sd = Math.sqrt((correction * n1 * n2 * (n1 + n2 + 1)) / 12);
  const z = Math.abs(continuity ? (lu - 0.5 - (n1 * n2) / 2) / sd : (lu - (n1 * n2) / 2) / sd);
  return [u1, ndtr(-z)];
}
