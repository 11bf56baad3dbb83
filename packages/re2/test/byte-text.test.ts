import { describe, expect, it } from 'vitest';
import { ByteText, compileRe2, decodeLikeGo, sequenceLength } from '../src/index.js';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('ByteText: bytes as Go regexp reads them', () => {
  it('reads each byte of a broken sequence as one U+FFFD, as Go does (not one per maximal subpart)', () => {
    expect(decodeLikeGo(b(0xe2, 0x82, 0x41))).toBe('\ufffd\ufffdA');
    expect(decodeLikeGo(b(0xff, 0x61, 0xc3, 0xa9, 0xed, 0xa0, 0x80))).toBe('\ufffda\u00e9\ufffd\ufffd\ufffd');
    expect(decodeLikeGo(b(0xf0, 0x9f, 0x8e, 0x89, 0xf0, 0x9f))).toBe('\u{1f389}\ufffd\ufffd');
    expect(decodeLikeGo(b(0xc0, 0x80, 0xf5, 0x80, 0x80, 0x80))).toBe('\ufffd'.repeat(6));
  });

  it('knows the valid sequence lengths (overlongs, surrogates and > U+10FFFF are invalid)', () => {
    expect(sequenceLength(b(0x7f), 0)).toBe(1);
    expect(sequenceLength(b(0xc2, 0x80), 0)).toBe(2);
    expect(sequenceLength(b(0xe0, 0x9f, 0x80), 0)).toBe(0);
    expect(sequenceLength(b(0xe0, 0xa0, 0x80), 0)).toBe(3);
    expect(sequenceLength(b(0xed, 0xa0, 0x80), 0)).toBe(0);
    expect(sequenceLength(b(0xf4, 0x8f, 0xbf, 0xbf), 0)).toBe(4);
    expect(sequenceLength(b(0xf4, 0x90, 0x80, 0x80), 0)).toBe(0);
    expect(sequenceLength(b(0xe6, 0x97), 0)).toBe(0);
  });

  it('maps text indexes back to byte offsets, and keeps a leading BOM', () => {
    const t = new ByteText();
    const buf = new TextEncoder().encode('\ufeffaé🎉z');
    expect(t.read(buf)).toBe('\ufeffaé🎉z');
    expect([0, 1, 2, 3, 5, 6].map((i) => t.byteOffset(i))).toEqual([0, 3, 4, 6, 10, 11]);
    expect(t.byteOffset(2)).toBe(4); // going back works too
    const broken = b(0x61, 0xe2, 0x82, 0x62);
    expect(t.read(broken)).toBe('a\ufffd\ufffdb');
    expect([1, 2, 3, 4].map((i) => t.byteOffset(i))).toEqual([1, 2, 3, 4]);
  });

  it('reuses its text for the rest of the same buffer, and decodes anew for anything else', () => {
    const t = new ByteText();
    const buf = new TextEncoder().encode('héllo wörld');
    t.read(buf);
    t.advance(3, t.byteOffset(3)); // after "hél"
    expect(t.read(buf.subarray(4))).toBe('lo wörld');
    expect(t.byteOffset(5)).toBe(6); // "lo wö" is 6 bytes
    t.advance(1, 1);
    expect(t.read(buf.subarray(4))).toBe('lo wörld'); // not the announced rest: decoded again
    t.advance(1, 1);
    expect(t.read(new TextEncoder().encode('other'))).toBe('other');
  });
});

describe('ByteText with compileRe2: matching bytes as Go does', () => {
  /** Byte offsets [start, end) of the first match of an RE2 pattern in bytes, as Go's FindIndex gives them. */
  const findIndex = (pattern: string, bytes: Uint8Array): [number, number] | undefined => {
    const t = new ByteText();
    const m = compileRe2(pattern).regexp.exec(t.read(bytes));
    return m === null ? undefined : [t.byteOffset(m.index), t.byteOffset(m.index + (m[0] as string).length)];
  };

  it('lets . match one invalid byte, and a broken sequence byte by byte', () => {
    expect(findIndex('a.b', b(0x61, 0xff, 0x62))).toEqual([0, 3]);
    expect(findIndex('a.b', b(0x61, 0xe2, 0x82, 0x62))).toBeUndefined();
    expect(findIndex('a..b', b(0x61, 0xe2, 0x82, 0x62))).toEqual([0, 4]);
    expect(findIndex('\\x{FFFD}+', b(0x78, 0xc0, 0xaf, 0x79))).toEqual([1, 3]);
  });

  it('gives byte offsets of matches after multi-byte and invalid text', () => {
    const bytes = Uint8Array.of(...new TextEncoder().encode('é🎉'), 0xff, ...new TextEncoder().encode('key=välue\n'));
    expect(findIndex('key=(\\pL+)', bytes)).toEqual([7, 17]);
    expect(findIndex('\\n', bytes)).toEqual([17, 18]);
  });

  it('maps indexes of text with invalid bytes and 4-byte sequences (two UTF-16 units each)', () => {
    const t = new ByteText();
    expect(t.read(b(0x61, 0xff, 0xf0, 0x9f, 0x8e, 0x89, 0x62))).toBe('a\ufffd\u{1f389}b');
    expect([0, 1, 2, 4, 5].map((i) => t.byteOffset(i))).toEqual([0, 1, 2, 6, 7]);
  });

  it('reads an empty buffer, and keeps reusing text along the same buffer', () => {
    const t = new ByteText();
    expect(t.read(new Uint8Array(0))).toBe('');
    expect(decodeLikeGo(new Uint8Array(0))).toBe('');
    const buf = new TextEncoder().encode('one\ntwö\nthree\n');
    t.read(buf);
    t.advance(4, 4);
    expect(t.read(buf.subarray(4))).toBe('twö\nthree\n');
    t.advance(4, t.byteOffset(4)); // "twö\n" is 5 bytes
    expect(t.read(buf.subarray(9))).toBe('three\n');
    expect(t.byteOffset(6)).toBe(6);
  });
});
