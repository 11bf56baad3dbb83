import { describe, expect, it } from 'vitest';
import { ByteText, decodeLikeGo, sequenceLength } from '../src/text.js';

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
