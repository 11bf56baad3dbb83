/** Config files and the expected message mix for heka-flood tests. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import TOML from '@iarna/toml';

const dir = mkdtempSync(join(tmpdir(), 'heka-flood-'));
let n = 0;

/** Writes a flood config with one section `t` (plus any extra sections) and returns its path. */
export function config(t: Record<string, unknown>, extra: Record<string, Record<string, unknown>> = {}): string {
  const file = join(dir, `flood-${++n}.toml`);
  writeFileSync(file, TOML.stringify({ t, ...extra } as TOML.JsonMap));
  return file;
}

export function configText(text: string): string {
  const file = join(dir, `flood-${++n}.toml`);
  writeFileSync(file, text);
  return file;
}

export type Kind = 'unsigned' | 'signed' | 'oversized';

/**
 * Heka's rule for message number i (written out here from cmd/heka-flood/main.go, independently of
 * src/select.ts): percentages are divided by 100 first, then floor(i * p) is compared with its last value.
 */
export function expectedMix(count: number, corrupt: number, signed: number, oversized: number) {
  const pc = corrupt / 100;
  const ps = signed / 100;
  const po = oversized / 100;
  let lc = 0;
  let ls = 0;
  let lo = 0;
  const kinds: Kind[] = [];
  const corrupted: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const c = Math.floor(i * pc);
    corrupted.push(c !== lc);
    lc = c;
    const s = Math.floor(i * ps);
    if (s !== ls) {
      ls = s;
      kinds.push('signed');
      continue;
    }
    const o = Math.floor(i * po);
    if (o !== lo) {
      lo = o;
      kinds.push('oversized');
    } else {
      kinds.push('unsigned');
    }
  }
  const tally = (k: Kind) => kinds.filter((x) => x === k).length;
  return {
    kinds,
    corrupted,
    signed: tally('signed'),
    oversized: tally('oversized'),
    unsigned: tally('unsigned'),
    corrupt: corrupted.filter(Boolean).length,
  };
}

/** Splits one frame by hand: 1E <h> <header> 1F <message>. */
export function unframe(record: Uint8Array): { header: Buffer; message: Buffer } {
  const b = Buffer.from(record.buffer, record.byteOffset, record.length);
  if (b[0] !== 0x1e) throw new Error('no record separator');
  const h = b[1] as number;
  if (b[2 + h] !== 0x1f) throw new Error('no unit separator');
  return { header: b.subarray(2, 2 + h), message: b.subarray(3 + h) };
}

/** The varint at b[pos]: [value, next position]. */
export function readVarint(b: Uint8Array, pos: number): [number, number] {
  let v = 0;
  let mul = 1;
  for (;;) {
    const c = b[pos++] as number;
    v += (c & 0x7f) * mul;
    if (c < 0x80) return [v, pos];
    mul *= 128;
  }
}

/** The length of the framed record starting at b[pos] (from its header's message_length). */
export function recordLength(b: Uint8Array, pos: number): number {
  const h = b[pos + 1] as number;
  if (b[pos + 2] !== 0x08) throw new Error(`unexpected header at ${pos}`);
  const [len] = readVarint(b, pos + 3);
  return 3 + h + len;
}

/** Message tags in order of appearance (top level). */
export function topLevelTags(m: Uint8Array): number[] {
  const tags: number[] = [];
  let p = 0;
  while (p < m.length) {
    const [tag, q] = readVarint(m, p);
    tags.push(tag);
    const wire = tag & 7;
    if (wire === 0) p = readVarint(m, q)[1];
    else if (wire === 2) {
      const [len, r] = readVarint(m, q);
      p = r + len;
    } else if (wire === 1) p = q + 8;
    else p = q + 4;
  }
  return tags;
}
