/** Heka stream framing: encodeFrame byte layouts, the Header codec, and FrameReader (HekaFramingSplitter). */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  decodeHeader,
  decodeMessage,
  encodeFrame,
  encodeHeader,
  encodeMessage,
  type Frame,
  type FrameDrop,
  FrameReader,
  type FrameReaderOptions,
  FramingError,
  HEADER_FRAMING_SIZE,
  HekaError,
  MAX_HEADER_SIZE,
  Message,
  type MessageSigner,
  maxRecordSize,
  RECORD_SEPARATOR,
  UNIT_SEPARATOR,
} from '../src/index.js';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hex = (b: Uint8Array) =>
  Buffer.from(b.buffer, b.byteOffset, b.length)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
const cat = (...parts: Uint8Array[]) => new Uint8Array(Buffer.concat(parts));
/** n message bytes of one value (0x41 by default: no separators in it). */
const body = (n: number, fill = 0x41) => new Uint8Array(n).fill(fill);
/** A frame copied out of the encoder's shared arena. */
const frame = (m: Uint8Array, signer?: MessageSigner) => encodeFrame(m, signer).slice();
const TEST: MessageSigner = { name: 'test', key: 'secret' };

function framingError(fn: () => unknown): FramingError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(FramingError);
    return e as FramingError;
  }
  throw new Error('expected a FramingError');
}

/** Feeds chunks one at a time, reading after each; collects frames and drops. */
function run(chunks: Uint8Array[], options: FrameReaderOptions = {}) {
  const drops: FrameDrop[] = [];
  const reader = new FrameReader({ ...options, onDrop: (d) => drops.push(d) });
  const frames: Frame[] = [];
  for (const c of chunks) {
    reader.push(c);
    frames.push(...reader.readAll());
  }
  return { reader, frames, drops, messages: frames.map((f) => hex(f.message)) };
}

describe('encodeFrame', () => {
  it('frames unsigned messages as 1E <len> 08 <varint> 1F <message>', () => {
    const m100 = body(100, 0xab);
    const f = encodeFrame(m100);
    expect(hex(f.subarray(0, 5))).toBe('1e 02 08 64 1f');
    expect(f.length).toBe(105);
    expect(hex(f.subarray(5))).toBe(hex(m100));
    expect(hex(encodeFrame(body(300)).subarray(0, 6))).toBe('1e 03 08 ac 02 1f');
    expect(hex(encodeFrame(body(0)))).toBe('1e 02 08 00 1f');
    expect(hex(encodeFrame(body(127)).subarray(0, 5))).toBe('1e 02 08 7f 1f');
    expect(hex(encodeFrame(body(128)).subarray(0, 6))).toBe('1e 03 08 80 01 1f');
    expect(hex(encodeFrame(body(65536)).subarray(0, 7))).toBe('1e 04 08 80 80 04 1f');
  });

  it('writes the same unsigned header as the Header codec, at every varint size boundary', () => {
    for (const n of [0, 1, 127, 128, 16383, 16384, 2097151, 2097152, 3_000_000]) {
      const header = encodeHeader(n);
      const f = encodeFrame(new Uint8Array(n), undefined, { maxMessageSize: 1 << 30 });
      expect(f.length, `length ${n}`).toBe(HEADER_FRAMING_SIZE + header.length + n);
      expect(hex(f.subarray(0, 3 + header.length)), `length ${n}`).toBe(
        hex(Uint8Array.of(0x1e, header.length, ...header, 0x1f)),
      );
    }
  });

  it('signs with HMAC-MD5 over the message only; MD5 is not written, the key version always is', () => {
    const m = body(100, 0xab);
    const f = encodeFrame(m, TEST);
    const digest = createHmac('md5', 'secret').update(m).digest();
    expect(hex(f.subarray(0, 2))).toBe('1e 1c');
    expect(hex(f.subarray(2, 30))).toBe(`08 64 22 04 74 65 73 74 28 00 32 10 ${hex(digest)}`);
    expect(f[30]).toBe(UNIT_SEPARATOR);
    expect(hex(f.subarray(31))).toBe(hex(m));
    expect(hex(encodeFrame(m, { ...TEST, hash: 'md5' }))).toBe(hex(f));
  });

  it('signs with HMAC-SHA1 when asked: 18 01 and a 20-byte digest', () => {
    const m = body(100, 0xab);
    const f = encodeFrame(m, { ...TEST, version: 3, hash: 'sha1' });
    const digest = createHmac('sha1', 'secret').update(m).digest();
    expect(hex(f.subarray(0, 2 + 34 + 1))).toBe(`1e 22 08 64 18 01 22 04 74 65 73 74 28 03 32 14 ${hex(digest)} 1f`);
  });

  it('writes UTF-8 signer names and uint32 versions', () => {
    const f = encodeFrame(body(1), { name: 'é', key: 'k', version: 2 ** 32 - 1 });
    expect(hex(f.subarray(0, 13))).toBe('1e 1e 08 01 22 02 c3 a9 28 ff ff ff ff');
  });

  it('refuses messages over max_message_size and headers over 255 bytes', () => {
    expect(encodeFrame(body(DEFAULT_MAX_MESSAGE_SIZE)).length).toBe(DEFAULT_MAX_MESSAGE_SIZE + 7);
    expect(framingError(() => encodeFrame(body(65537))).message).toBe(
      'message too big: 65537 bytes (max_message_size = 65536)',
    );
    expect(encodeFrame(body(10), undefined, { maxMessageSize: 10 }).length).toBe(15);
    framingError(() => encodeFrame(body(11), undefined, { maxMessageSize: 10 }));
    // 08 64 | 22 e6 01 <230> | 28 00 | 32 10 <16> = 255 bytes: the largest header there is.
    expect(encodeFrame(body(100), { name: 'x'.repeat(230), key: 'k' })[1]).toBe(255);
    const e = framingError(() => encodeFrame(body(100), { name: 'x'.repeat(231), key: 'k' }));
    expect(e.message).toBe('message header too big: 256 bytes (max 255)');
    expect(e).toBeInstanceOf(HekaError);
    expect(e.code).toBe('ERR_HEKA_FRAMING');
    framingError(() => encodeFrame(body(1), { ...TEST, hash: 'sha256' as 'sha1' }));
    for (const version of [-1, 1.5, 2 ** 32]) {
      expect(framingError(() => encodeFrame(body(1), { ...TEST, version })).message).toMatch(/must be a uint32/);
    }
  });

  it('has Heka constants', () => {
    expect([RECORD_SEPARATOR, UNIT_SEPARATOR, MAX_HEADER_SIZE, HEADER_FRAMING_SIZE]).toEqual([0x1e, 0x1f, 255, 3]);
    expect([DEFAULT_MAX_MESSAGE_SIZE, maxRecordSize(), maxRecordSize(1000)]).toEqual([65536, 65794, 1258]);
  });
});

describe('header codec', () => {
  it('round-trips, keeping what was read before an error, skipping unknown fields', () => {
    const signed = encodeHeader(7, { hash: 'sha1', signer: '\ufeffname', keyVersion: 9, hmac: h('01 02') });
    expect(decodeHeader(signed, 0, signed.length)).toEqual({
      header: { messageLength: 7, hmacHashFunction: 1, hmacSigner: '\ufeffname', hmacKeyVersion: 9, hmac: h('01 02') },
      error: undefined,
    });
    expect(hex(encodeHeader(300))).toBe('08 ac 02');
    const partial = h('08 64 22 05 74');
    expect(decodeHeader(partial, 0, partial.length)).toMatchObject({
      header: { messageLength: 100 },
      error: 'truncated bytes',
    });
    const unknown = h('08 05 10 07 3a 01 00 45 00 00 00 00');
    expect(decodeHeader(unknown, 0, unknown.length)).toMatchObject({ header: { messageLength: 5 }, error: undefined });
    expect(decodeHeader(h('0a 00'), 0, 2).error).toBe('wrong wire type for field 1');
  });

  it('keeps the exact low 32 bits of uint32 varints, as Go does', () => {
    const len = (s: string) => decodeHeader(h(s), 0, h(s).length).header.messageLength;
    expect(len('08 80 80 80 80 10')).toBe(0);
    expect(len('08 ff ff ff ff 0f')).toBe(2 ** 32 - 1);
    expect(len('08 85 80 80 80 80 80 80 ff 00')).toBe(5);
    expect(len('08 e4 80 80 80 80 80 80 80 80 00')).toBe(100);
  });
});

describe('FrameReader', () => {
  const signedFrame = frame(body(40, 0x53), TEST);
  const frames = [frame(body(100)), frame(body(300, 0x42)), signedFrame, frame(body(0))];
  const stream = cat(...frames);
  const keys = { test_0: 'secret' };

  it('reads frames split across chunks at every byte position, and byte by byte', () => {
    const want = run([stream], { signers: keys }).frames;
    expect(want.map((f) => [f.offset, f.length, f.message.length, f.signer])).toEqual([
      [0, 105, 100, undefined],
      [105, 306, 300, undefined],
      [411, 71, 40, 'test'],
      [482, 5, 0, undefined],
    ]);
    for (let i = 0; i <= stream.length; i++) {
      expect(run([stream.subarray(0, i), stream.subarray(i)], { signers: keys }).frames).toEqual(want);
    }
    const bytes = Array.from(stream, (b) => Uint8Array.of(b));
    const { frames: one, reader } = run(bytes, { signers: keys });
    expect(one).toEqual(want);
    expect([reader.buffered, reader.streamOffset, reader.stats.frames]).toEqual([0, stream.length, 4]);
  });

  it('resynchronises after garbage before, between and after frames', () => {
    const [a, b] = [frame(body(3)), frame(body(4, 0x42))];
    const { frames: got, drops, reader } = run([cat(h('68 65 6c 6c 6f'), a, h('78 78'), b, h('7a 7a'))]);
    expect(got.map((f) => [f.offset, hex(f.message)])).toEqual([
      [5, '41 41 41'],
      [15, '42 42 42 42'],
    ]);
    expect(drops.map((d) => [d.reason, d.offset, d.length])).toEqual([
      ['garbage', 0, 5],
      ['garbage', 13, 2],
      ['garbage', 24, 2],
    ]);
    expect(reader.stats).toEqual({
      frames: 2,
      garbageBytes: 9,
      invalidHeaders: 0,
      oversizeHeaders: 0,
      authFailures: 0,
    });
  });

  it('skips a record separator whose header is invalid (no unit separator, undecodable)', () => {
    const a = frame(body(3));
    const { messages, drops, reader } = run([cat(h('41 1e 02 08 64 41 42'), a, h('1e 01 ff 1f'), a)]);
    expect(messages).toEqual(['41 41 41', '41 41 41']);
    expect(drops.map((d) => [d.offset, d.length])).toEqual([
      [0, 7],
      [15, 4],
    ]);
    expect(reader.stats.invalidHeaders).toBe(2);
    const broken = a.slice();
    broken[4] = 0x00; // the unit separator
    expect(run([cat(broken, a)]).messages).toEqual(['41 41 41']);
  });

  it('takes a header-like run inside garbage as a frame, as Heka does', () => {
    const { frames: got } = run([cat(h('1e 02 08 02 1f 7a 7a'), frame(body(3)))]);
    expect(got.map((f) => [f.offset, hex(f.message)])).toEqual([
      [0, '7a 7a'],
      [7, '41 41 41'],
    ]);
  });

  it('skips headers announcing more than maxMessageSize and finds the next valid frame', () => {
    const { messages, reader } = run([cat(h('1e 04 08 81 80 04 1f'), body(10), frame(body(3)))]);
    expect(messages).toEqual(['41 41 41']);
    expect(reader.stats).toMatchObject({ oversizeHeaders: 1, invalidHeaders: 1, garbageBytes: 17 });
    // A frame of a frame: the outer one is too big for maxMessageSize 10, the inner one fits.
    const inner = frame(body(8));
    const small = run([frame(inner)], { maxMessageSize: 10 });
    expect(small.messages).toEqual([hex(body(8))]);
    expect(small.reader.stats.oversizeHeaders).toBe(1);
    expect(run([frame(body(10))], { maxMessageSize: 10 }).frames.length).toBe(1);
  });

  it('accepts empty headers and headers without message_length as empty messages', () => {
    expect(run([h('1e 00 1f')]).frames).toEqual([
      { message: new Uint8Array(0), signer: undefined, offset: 0, length: 3 },
    ]);
    expect(run([h('1e 02 18 01 1f 41')]).frames.map((f) => [f.length, f.message.length])).toEqual([[5, 0]]);
    // message_length read before a decode error still counts (small header, not authenticated).
    expect(run([h('1e 04 08 02 22 05 1f 41 42')]).messages).toEqual(['41 42']);
  });

  it('accepts signed frames with the right <name>_<version> key and reports the signer name', () => {
    for (const signers of [keys, new Map([['test_0', 'secret']])]) {
      const got = run([signedFrame], { signers }).frames;
      expect(got.map((f) => [f.signer, hex(f.message)])).toEqual([['test', hex(body(40, 0x53))]]);
    }
    const rotated = { test_0: 'old', test_1: 'new' };
    const both = run(
      [frame(body(1), { name: 'test', key: 'old' }), frame(body(2), { name: 'test', key: 'new', version: 1 })],
      {
        signers: rotated,
      },
    );
    expect(both.frames.map((f) => f.signer)).toEqual(['test', 'test']);
    const sha = run([frame(body(5), { ...TEST, hash: 'sha1' })], { signers: keys });
    expect(sha.frames.map((f) => f.signer)).toEqual(['test']);
    const bom = run([frame(body(5), { name: '\ufefft', key: 'k' })], { signers: { '\ufefft_0': 'k' } });
    expect(bom.frames.map((f) => f.signer)).toEqual(['\ufefft']);
  });

  it('drops signed frames that do not authenticate, and carries on', () => {
    const msg = body(40, 0x53);
    const tamperedMessage = signedFrame.slice();
    tamperedMessage[signedFrame.length - 1] = 0x54;
    const tamperedDigest = signedFrame.slice();
    tamperedDigest[20] = (tamperedDigest[20] as number) ^ 1;
    // Header with hmac_hash_function 2 (neither MD5 nor SHA1).
    const digest = createHmac('md5', 'secret').update(msg).digest();
    const unknownHash = cat(h(`1e 1e 08 28 18 02 22 04 74 65 73 74 28 00 32 10 ${hex(digest)} 1f`), msg);
    const emptyHmac = cat(h('1e 0e 08 01 22 04 74 65 73 74 28 00 32 00 3a 00 1f 41'));
    const undecodable = cat(h('1e 10 08 03 22 0f 61 62 63 64 65 66 67 68 69 6a 6b 6c 1f 41 41 41'));
    const cases: [Uint8Array, FrameReaderOptions['signers'], RegExp][] = [
      [signedFrame, { test_0: 'wrong' }, /^bad signature from "test_0"$/],
      [signedFrame, { other_0: 'secret' }, /^no key for signer "test_0"$/],
      [signedFrame, { test_1: 'secret' }, /^no key for signer "test_0"$/],
      [signedFrame, undefined, /^no key for signer "test_0"$/],
      [tamperedMessage, keys, /^bad signature/],
      [tamperedDigest, keys, /^bad signature/],
      [unknownHash, keys, /^unknown hmac hash function 2$/],
      [emptyHmac, keys, /^bad signature/],
      [undecodable, keys, /^header: truncated bytes$/],
    ];
    const next = frame(body(2));
    for (const [bad, signers, reason] of cases) {
      const { frames: got, drops, reader } = run([cat(bad, next)], { signers });
      expect(got.map((f) => [f.offset, hex(f.message)])).toEqual([[bad.length, '41 41']]);
      expect(drops).toEqual([
        { reason: 'authentication', offset: 0, length: bad.length, detail: expect.stringMatching(reason) },
      ]);
      expect(reader.stats).toMatchObject({ frames: 1, authFailures: 1, garbageBytes: 0 });
    }
  });

  it('skipAuthentication accepts any signed frame; unsigned and small-header frames always pass', () => {
    const skipped = run([signedFrame], { skipAuthentication: true, signers: { test_0: 'wrong' } });
    expect(skipped.frames.map((f) => [f.signer, f.message.length])).toEqual([[undefined, 40]]);
    expect(run([frame(body(3))], { signers: keys }).frames.map((f) => f.signer)).toEqual([undefined]);
    // A header of 8 bytes carrying an hmac: 8 + 3 <= 16, so Heka does not authenticate it.
    expect(run([h('1e 08 08 03 32 04 de ad be ef 1f 61 62 63')]).frames.map((f) => [f.signer, f.length])).toEqual([
      [undefined, 14],
    ]);
  });

  it('hands out messages that are copies', () => {
    const chunk = frame(body(3));
    const reader = new FrameReader();
    reader.push(chunk);
    chunk.fill(0);
    const f = reader.read() as Frame;
    expect(hex(f.message)).toBe('41 41 41');
    reader.push(frame(body(3, 0x42)));
    expect(hex(f.message)).toBe('41 41 41');
    expect(reader.read()?.message).toEqual(body(3, 0x42));
    expect(reader.read()).toBeUndefined();
  });

  it('tiles the stream exactly with frames and drops, whatever the chunking (property)', () => {
    const noRs = fc.uint8Array({ minLength: 1, maxLength: 30 }).map((b) => b.map((x) => (x === 0x1e ? 0x20 : x)));
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 200 }).map((m) => ({ bytes: frame(m), message: m })),
      fc.uint8Array({ maxLength: 50 }).map((m) => ({ bytes: frame(m, TEST), message: m })),
      noRs.map((garbage) => ({ bytes: garbage, message: undefined })),
    );
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 97 }), { minLength: 1 }),
        (pieces, sizes) => {
          const all = cat(...pieces.map((p) => p.bytes));
          const chunks: Uint8Array[] = [];
          for (let at = 0, i = 0; at < all.length; i++) {
            const n = sizes[i % sizes.length] as number;
            chunks.push(all.subarray(at, at + n));
            at += n;
          }
          const { frames: got, drops, reader } = run(chunks, { signers: keys });
          const spans = [...got, ...drops].map((x) => [x.offset, x.length] as const).sort((x, y) => x[0] - y[0]);
          let at = 0;
          for (const [offset, length] of spans) {
            expect(offset).toBe(at);
            at += length;
          }
          expect(at).toBe(all.length);
          expect(reader.streamOffset).toBe(all.length);
          const want = pieces.flatMap((p) => (p.message ? [hex(p.message)] : []));
          expect(got.map((f) => hex(f.message))).toEqual(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads a stream of 10k frames back exactly', () => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 10_000; i++) {
      const m = new Message({
        uuid: '',
        timestamp: i,
        payload: `message ${i}`,
        fields: [{ name: 'n', value: BigInt(i) }],
      });
      parts.push(frame(encodeMessage(m), i % 10 === 0 ? TEST : undefined));
    }
    const all = cat(...parts);
    const chunks: Uint8Array[] = [];
    for (let at = 0; at < all.length; at += 4093) chunks.push(all.slice(at, at + 4093));
    const { frames: got, reader } = run(chunks, { signers: keys });
    expect(got.length).toBe(10_000);
    let offset = 0;
    got.forEach((f, i) => {
      expect(f.offset).toBe(offset);
      offset += f.length;
      expect(f.signer).toBe(i % 10 === 0 ? 'test' : undefined);
      const m = decodeMessage(f.message);
      expect([m.timestamp, m.payload, m.getFieldValue('n')]).toEqual([BigInt(i), `message ${i}`, i]);
    });
    expect(reader.stats).toEqual({
      frames: 10_000,
      garbageBytes: 0,
      invalidHeaders: 0,
      oversizeHeaders: 0,
      authFailures: 0,
    });
  });
});
