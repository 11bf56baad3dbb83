/** Sets of bytes as 256-bit bitmaps (eight 32-bit words). */
export type Charset = Uint32Array;

export function emptySet(): Charset {
  return new Uint32Array(8);
}

export function fullSet(): Charset {
  return new Uint32Array(8).fill(0xffffffff);
}

/** A set shared by callers that only read it. */
export const FULL: Charset = fullSet();

export function singleton(c: number): Charset {
  const cs = emptySet();
  addChar(cs, c);
  return cs;
}

export function addChar(cs: Charset, c: number): void {
  (cs as Uint32Array)[c >>> 5] = ((cs[c >>> 5] as number) | (1 << (c & 31))) >>> 0;
}

export function hasChar(cs: Charset, c: number): boolean {
  return (((cs[c >>> 5] as number) >>> (c & 31)) & 1) === 1;
}

export function union(a: Charset, b: Charset): Charset {
  const r = emptySet();
  for (let i = 0; i < 8; i++) r[i] = ((a[i] as number) | (b[i] as number)) >>> 0;
  return r;
}

export function difference(a: Charset, b: Charset): Charset {
  const r = emptySet();
  for (let i = 0; i < 8; i++) r[i] = ((a[i] as number) & ~(b[i] as number)) >>> 0;
  return r;
}

export function intersection(a: Charset, b: Charset): Charset {
  const r = emptySet();
  for (let i = 0; i < 8; i++) r[i] = ((a[i] as number) & (b[i] as number)) >>> 0;
  return r;
}

export function complement(a: Charset): Charset {
  const r = emptySet();
  for (let i = 0; i < 8; i++) r[i] = ~(a[i] as number) >>> 0;
  return r;
}

export function equalSets(a: Charset, b: Charset): boolean {
  for (let i = 0; i < 8; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function disjoint(a: Charset, b: Charset): boolean {
  for (let i = 0; i < 8; i++) if (((a[i] as number) & (b[i] as number)) !== 0) return false;
  return true;
}

export function countChars(cs: Charset): number {
  let n = 0;
  for (let i = 0; i < 8; i++) {
    let w = cs[i] as number;
    while (w !== 0) {
      w &= w - 1;
      n++;
    }
  }
  return n;
}

/** The smallest byte in a non-empty set (-1 when empty). */
export function firstChar(cs: Charset): number {
  for (let c = 0; c < 256; c++) if (hasChar(cs, c)) return c;
  return -1;
}

/** The set as a 256-entry lookup table (1 = member), for the matcher. */
export function toTable(cs: Charset, out: Uint8Array, offset: number): void {
  for (let c = 0; c < 256; c++) out[offset + c] = hasChar(cs, c) ? 1 : 0;
}

export function rangeSet(from: number, to: number, into: Charset): void {
  for (let c = from; c <= to; c++) addChar(into, c);
}
