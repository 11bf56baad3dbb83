/**
 * Sets of code points as sorted, disjoint, inclusive [lo, hi] pairs in a flat array,
 * the representation Go's regexp/syntax uses for character classes.
 */
export type Ranges = number[];

export const MAX_RUNE = 0x10ffff;

/** Sorts and merges overlapping or adjacent ranges in place; returns the same array. */
export function cleanRanges(r: Ranges): Ranges {
  const pairs: [number, number][] = [];
  for (let i = 0; i < r.length; i += 2) pairs.push([r[i] as number, r[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  r.length = 0;
  for (const [lo, hi] of pairs) {
    const n = r.length;
    if (n > 0 && lo <= (r[n - 1] as number) + 1) {
      if (hi > (r[n - 1] as number)) r[n - 1] = hi;
    } else {
      r.push(lo, hi);
    }
  }
  return r;
}

/** The complement of a clean set within [0, MAX_RUNE]. */
export function negateRanges(r: Ranges): Ranges {
  const out: Ranges = [];
  let next = 0;
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    if (next <= lo - 1) out.push(next, lo - 1);
    next = (r[i + 1] as number) + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

export function rangesContain(r: Ranges, cp: number): boolean {
  for (let i = 0; i < r.length; i += 2) {
    if (cp < (r[i] as number)) return false;
    if (cp <= (r[i + 1] as number)) return true;
  }
  return false;
}

/** Class body text (no brackets) for a clean set of ranges, safe inside a `v`-mode class. */
export function rangesToClassText(r: Ranges): string {
  let out = '';
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    out += lo === hi ? `\\u{${lo.toString(16)}}` : `\\u{${lo.toString(16)}}-\\u{${hi.toString(16)}}`;
  }
  return out;
}
