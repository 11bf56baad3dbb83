/**
 * Unicode simple case folding, as RE2's (?i) uses it.
 *
 * RE2 treats two code points as equal under (?i) when they belong to the same simple case folding
 * orbit (CaseFolding.txt, statuses C and S). JavaScript exposes exactly that equivalence through the
 * `iu` regexp flags, but Node 20 cannot scope a flag to part of a pattern, so we expand folded
 * literals and classes ourselves. The orbits are computed once, on first use, from the engine's own
 * case mappings and checked against the `iu` engine, so they follow the engine's Unicode version.
 */
import type { Ranges } from './ranges.js';

/** Lowest and highest code points that take part in case folding (checked when the table is built). */
const MIN_FOLD = 0x41;
const MAX_FOLD = 0x1e943;

interface FoldTable {
  /** Every code point with a non-trivial orbit, ascending. */
  foldable: Int32Array;
  /** Orbit of each foldable code point (shared array per orbit, ascending). */
  orbit: Map<number, readonly number[]>;
}

let table: FoldTable | undefined;

function buildTable(): FoldTable {
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p;
    parent.set(x, r);
    return r;
  };
  const union = (a: number, b: number): void => {
    if (!parent.has(a)) parent.set(a, a);
    if (!parent.has(b)) parent.set(b, b);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (let cp = MIN_FOLD; cp <= MAX_FOLD; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    for (const mapped of [s.toLowerCase(), s.toUpperCase()]) {
      const m = mapped.codePointAt(0) as number;
      // Only single code point mappings belong to simple folding.
      if (m !== cp && mapped.length === (m > 0xffff ? 2 : 1)) union(cp, m);
    }
  }
  const groups = new Map<number, number[]>();
  for (const cp of parent.keys()) {
    const root = find(cp);
    const g = groups.get(root);
    if (g) g.push(cp);
    else groups.set(root, [cp]);
  }
  const orbit = new Map<number, readonly number[]>();
  for (const members of groups.values()) {
    // Upper/lower mappings over-connect a few code points (e.g. U+0131 dotless i maps to I but
    // does not fold to it): split each group by what the engine's `iu` matching calls equal.
    let rest = members;
    while (rest.length > 0) {
      const first = rest[0] as number;
      const same = new RegExp(`^\\u{${first.toString(16)}}$`, 'iu');
      const inOrbit: number[] = [];
      const other: number[] = [];
      for (const cp of rest) (same.test(String.fromCodePoint(cp)) ? inOrbit : other).push(cp);
      if (inOrbit.length > 1) {
        inOrbit.sort((a, b) => a - b);
        for (const cp of inOrbit) orbit.set(cp, inOrbit);
      }
      rest = other;
    }
  }
  const foldable = Int32Array.from([...orbit.keys()].sort((a, b) => a - b));
  return { foldable, orbit };
}

function getTable(): FoldTable {
  table ??= buildTable();
  return table;
}

/** All code points equal to `cp` under simple case folding, including `cp` itself. */
export function foldOrbit(cp: number): readonly number[] {
  if (cp < MIN_FOLD || cp > MAX_FOLD) return [cp];
  return getTable().orbit.get(cp) ?? [cp];
}

/** Appends to `out` the orbit members of every foldable code point in [lo, hi] (the range itself is not added). */
export function appendFoldsOfRange(out: Ranges, lo: number, hi: number): void {
  if (hi < MIN_FOLD || lo > MAX_FOLD) return;
  const { foldable, orbit } = getTable();
  let i = lowerBound(foldable, lo);
  for (; i < foldable.length && (foldable[i] as number) <= hi; i++) {
    for (const m of orbit.get(foldable[i] as number) as readonly number[]) out.push(m, m);
  }
}

/** Appends the orbits of every foldable code point that `test` accepts. */
export function appendFoldsWhere(out: Ranges, test: (cp: number) => boolean): void {
  const { foldable, orbit } = getTable();
  for (const cp of foldable) {
    if (test(cp)) for (const m of orbit.get(cp) as readonly number[]) out.push(m, m);
  }
}

function lowerBound(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
