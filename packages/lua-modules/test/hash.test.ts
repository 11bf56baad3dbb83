import { describe, expect, it } from 'vitest';
import { murmurHash64A, xxh32 } from '../src/hash.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('xxh32', () => {
  // reference values from the xxHash C implementation lua_bloom_filter bundled (compiled with gcc)
  const strings = ['', 'a', 'abc', 'Nobody inspects the spammish repetition', '0123456789abcdef', '0123456789abcdefg'];
  const expected = [
    [46947589, 187479954, 2047909266],
    [1426945110, 4111757423, 991979079],
    [852579327, 2856167679, 1317013917],
    [3794352943, 1396992490, 4041663605],
    [3267648361, 4078952911, 3111800761],
    [3430527511, 268189878, 3086385712],
  ];

  it('matches the C implementation for strings and seeds 0-2', () => {
    strings.forEach((s, k) => {
      const b = enc(s);
      expect([0, 1, 2].map((seed) => xxh32(b, b.length, seed))).toEqual(expected[k]);
    });
  });

  it('matches the C implementation for every tail length', () => {
    const buf = Uint8Array.from({ length: 100 }, (_, i) => (i * 7 + 3) & 0xff);
    const byLength: [number, number][] = [
      [0, 2157154010],
      [3, 1528461545],
      [6, 1433432766],
      [9, 2849434228],
      [12, 2638909340],
      [15, 674758121],
      [18, 1004509618],
      [21, 4250514129],
      [24, 2972432233],
      [27, 510605410],
      [30, 2412692065],
      [33, 731407510],
      [36, 585171154],
      [39, 559276821],
    ];
    for (const [len, h] of byLength) expect(xxh32(buf, len, 5), `length ${len}`).toBe(h);
  });

  it('hashes a number key as its 8-byte little-endian double', () => {
    const d = new Uint8Array(new Float64Array([950]).buffer);
    expect(xxh32(d, 8, 0)).toBe(253143607);
  });
});

/** MurmurHash64A with BigInt 64-bit arithmetic: an independent reference for the 32-bit version. */
function murmurReference(b: Uint8Array, seed: bigint): bigint {
  const M = 0xc6a4a7935bd1e995n;
  const mask = (1n << 64n) - 1n;
  let h = (seed ^ ((BigInt(b.length) * M) & mask)) & mask;
  const blocks = b.length - (b.length & 7);
  for (let i = 0; i < blocks; i += 8) {
    let k = 0n;
    for (let j = 7; j >= 0; j--) k = (k << 8n) | BigInt(b[i + j] as number);
    k = (k * M) & mask;
    k ^= k >> 47n;
    k = (k * M) & mask;
    h ^= k;
    h = (h * M) & mask;
  }
  const rest = b.length & 7;
  if (rest) {
    for (let j = rest - 1; j >= 0; j--) h ^= BigInt(b[blocks + j] as number) << BigInt(8 * j);
    h = (h * M) & mask;
  }
  h ^= h >> 47n;
  h = (h * M) & mask;
  h ^= h >> 47n;
  return h;
}

describe('murmurHash64A', () => {
  it('equals a 64-bit BigInt implementation for lengths 0-64 and random bytes', () => {
    let state = 12345;
    const rand = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state >>> 24;
    };
    const out = { hi: 0, lo: 0 };
    for (let len = 0; len <= 64; len++) {
      for (let rep = 0; rep < 20; rep++) {
        const b = Uint8Array.from({ length: len }, rand);
        murmurHash64A(b, 0xadc83b19, out);
        const got = (BigInt(out.hi) << 32n) | BigInt(out.lo);
        expect(got, `len ${len}`).toBe(murmurReference(b, 0xadc83b19n));
      }
    }
  });
});
