/**
 * Exact protobuf bytes, worked out by hand from message.proto and gogo's marshaller rules: fields in
 * number order, only present optional fields, Field name/value_type/representation always present when
 * built in JS (as Go's NewField does), packed numeric arrays, int32 headers as uint32 varints.
 */
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeMessage, encodeMessage, Message, type MessageInit } from '../src/index.js';

/** Bytes from spaced hex. */
const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
/** Spaced hex of bytes (readable diffs). */
const hex = (b: Uint8Array) =>
  Buffer.from(b.buffer, b.byteOffset, b.length)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
const enc = (m: Message) => hex(encodeMessage(m));
/** Re-encodes a decoded message canonically (a clone does not keep the wire bytes). */
const reencode = (b: Uint8Array) => hex(encodeMessage(decodeMessage(b).clone()));

const UUID = '000102030405060708090a0b0c0d0e0f';
const UUID_WIRE = `0a 10 ${hex(h(UUID))}`;

describe('encoding headers', () => {
  it('writes uuid and timestamp only for a bare message', () => {
    expect(enc(new Message({ uuid: UUID, timestamp: 0 }))).toBe(`${UUID_WIRE} 10 00`);
  });

  it('writes every header in field-number order', () => {
    const m = new Message({
      hostname: 'h',
      pid: 1234,
      envVersion: '0.8',
      payload: 'hi',
      severity: 3,
      logger: 'lg',
      type: 't',
      timestamp: 300,
      uuid: UUID,
    });
    expect(enc(m)).toBe(
      `${UUID_WIRE} 10 ac 02 1a 01 74 22 02 6c 67 28 03 32 02 68 69 3a 03 30 2e 38 40 d2 09 4a 01 68`,
    );
  });

  it('writes present empty strings and default values (proto2 presence)', () => {
    const m = new Message({ uuid: new Uint8Array(0), timestamp: 0, type: '', severity: 7, pid: 0 });
    expect(enc(m)).toBe('0a 00 10 00 1a 00 28 07 40 00');
  });

  it('writes int32 severity/pid as uint32 varints: -1 takes 5 bytes, not 10', () => {
    const m = (severity: number, pid: number) => new Message({ uuid: '', timestamp: 0, severity, pid });
    expect(enc(m(-1, -2147483648))).toBe('0a 00 10 00 28 ff ff ff ff 0f 40 80 80 80 80 08');
    expect(enc(m(2147483647, 127))).toBe('0a 00 10 00 28 ff ff ff ff 07 40 7f');
    expect(enc(m(128, 16384))).toBe('0a 00 10 00 28 80 01 40 80 80 01');
  });

  it('writes int64 timestamps as varints, negative ones in 10 bytes', () => {
    const ts = (timestamp: bigint) => enc(new Message({ uuid: '', timestamp })).slice(9);
    expect(ts(-1n)).toBe('ff ff ff ff ff ff ff ff ff 01');
    expect(ts(-(2n ** 63n))).toBe('80 80 80 80 80 80 80 80 80 01');
    expect(ts(2n ** 63n - 1n)).toBe('ff ff ff ff ff ff ff ff 7f');
    expect(ts(2n ** 53n)).toBe('80 80 80 80 80 80 80 10');
    expect(ts(2n ** 32n)).toBe('80 80 80 80 10');
    expect(ts(1_000_000_000n)).toBe('80 94 eb dc 03');
    expect(ts(-2n)).toBe('fe ff ff ff ff ff ff ff ff 01');
  });

  it('writes strings as UTF-8, lone surrogates as U+FFFD, long lengths as multi-byte varints', () => {
    const t = (type: string) => enc(new Message({ uuid: '', timestamp: 0, type })).slice(12);
    expect(t('é€😀')).toBe('1a 09 c3 a9 e2 82 ac f0 9f 98 80');
    expect(t('\ud800x\udc00')).toBe('1a 07 ef bf bd 78 ef bf bd');
    expect(t('\udbff\udfff')).toBe('1a 04 f4 8f bf bf');
    expect(t(`${'a'.repeat(30)}\ud83d`)).toBe(`1a 21 ${'61 '.repeat(30)}ef bf bd`);
    expect(t('\ufeff')).toBe('1a 03 ef bb bf');
    // 100 UTF-16 units but 200 bytes: the length grows from one byte to two.
    expect(t('é'.repeat(100))).toBe(`1a c8 01 ${'c3 a9 '.repeat(100).trim()}`);
    expect(t('x'.repeat(16384)).slice(0, 11)).toBe('1a 80 80 01');
  });
});

describe('encoding fields', () => {
  const fieldBytes = (f: MessageInit) => enc(new Message({ uuid: '', timestamp: 0, ...f })).slice(12);

  it('always writes name, value_type and representation, then the values', () => {
    expect(fieldBytes({ fields: [{ name: 's', value: ['a', ''] }] })).toBe('52 0c 0a 01 73 10 00 1a 00 22 01 61 22 00');
    expect(fieldBytes({ fields: [{ name: 'b', value: new Uint8Array([1, 2]), representation: 'B' }] })).toBe(
      '52 0c 0a 01 62 10 01 1a 01 42 2a 02 01 02',
    );
    expect(fieldBytes({ fields: [{ name: 'e', valueType: 'integer', value: [] }] })).toBe('52 07 0a 01 65 10 02 1a 00');
    expect(fieldBytes({ fields: [{ name: '', value: [] }] })).toBe('52 06 0a 00 10 00 1a 00');
  });

  it('packs integers, doubles and bools', () => {
    expect(fieldBytes({ fields: [{ name: 'i', valueType: 'integer', value: [0, 1, 300, -1] }] })).toBe(
      '52 17 0a 01 69 10 02 1a 00 32 0e 00 01 ac 02 ff ff ff ff ff ff ff ff ff 01',
    );
    expect(fieldBytes({ fields: [{ name: 'd', value: [1.5, -0] }] })).toBe(
      '52 19 0a 01 64 10 03 1a 00 3a 10 00 00 00 00 00 00 f8 3f 00 00 00 00 00 00 00 80',
    );
    expect(fieldBytes({ fields: [{ name: 'd', value: [Number.NaN, Number.NEGATIVE_INFINITY] }] })).toBe(
      '52 19 0a 01 64 10 03 1a 00 3a 10 00 00 00 00 00 00 f8 7f 00 00 00 00 00 00 f0 ff',
    );
    expect(fieldBytes({ fields: [{ name: 't', value: [true, false, true] }] })).toBe(
      '52 0c 0a 01 74 10 04 1a 00 42 03 01 00 01',
    );
  });

  it('writes int64 extremes in the packed array', () => {
    expect(fieldBytes({ fields: [{ name: 'i', valueType: 'integer', value: [-(2n ** 63n), 2n ** 63n - 1n] }] })).toBe(
      '52 1c 0a 01 69 10 02 1a 00 32 13 80 80 80 80 80 80 80 80 80 01 ff ff ff ff ff ff ff ff 7f',
    );
    expect(fieldBytes({ fields: [{ name: 'i', valueType: 'integer', value: [2 ** 53 - 1, -(2 ** 53) + 1] }] })).toBe(
      '52 1b 0a 01 69 10 02 1a 00 32 12 ff ff ff ff ff ff ff 0f 81 80 80 80 80 80 80 f0 ff 01',
    );
    expect(fieldBytes({ fields: [{ name: 'i', valueType: 'integer', value: [2 ** 32, -(2 ** 32)] }] })).toBe(
      '52 18 0a 01 69 10 02 1a 00 32 0f 80 80 80 80 10 80 80 80 80 f0 ff ff ff ff 01',
    );
  });

  it('keeps repeated names in order and grows long field lengths', () => {
    expect(
      fieldBytes({
        fields: [
          { name: 'a', value: 'x' },
          { name: 'a', value: true },
        ],
      }),
    ).toBe('52 0a 0a 01 61 10 00 1a 00 22 01 78 52 0a 0a 01 61 10 04 1a 00 42 01 01');
    const long = fieldBytes({ fields: [{ name: 'l', value: 'z'.repeat(200) }] });
    expect(long.slice(0, 44)).toBe('52 d2 01 0a 01 6c 10 00 1a 00 22 c8 01 7a 7a');
  });
});

describe('decoding', () => {
  it('accepts unpacked single values as the Lua sandbox writes them, and packed ones', () => {
    // name "n", value_type INTEGER, 150 unpacked (0x30).
    const m = decodeMessage(h('52 08 0a 01 6e 10 02 30 96 01'));
    expect(m.getField('n')?.value).toEqual([150]);
    expect(reencode(h('52 08 0a 01 6e 10 02 30 96 01'))).toBe('52 09 0a 01 6e 10 02 32 02 96 01');
    // value_type DOUBLE, 1.5 unpacked (0x39).
    const d = h('52 0e 0a 01 64 10 03 39 00 00 00 00 00 00 f8 3f');
    expect(decodeMessage(d).getFieldValue('d')).toBe(1.5);
    expect(reencode(d)).toBe('52 0f 0a 01 64 10 03 3a 08 00 00 00 00 00 00 f8 3f');
    // value_type BOOL, true unpacked (0x40).
    expect(decodeMessage(h('52 07 0a 01 62 10 04 40 01')).getFieldValue('b')).toBe(true);
    expect(reencode(h('52 07 0a 01 62 10 04 40 01'))).toBe('52 08 0a 01 62 10 04 42 01 01');
  });

  it('appends repeated unpacked entries and mixes them with packed runs', () => {
    const ints = decodeMessage(h('52 0f 0a 01 69 10 02 30 01 32 02 02 03 30 7f 30 00'));
    expect(ints.getField('i')?.value).toEqual([1, 2, 3, 127, 0]);
    const dbl = '00 00 00 00 00 00 f0 3f';
    const doubles = decodeMessage(h(`52 21 0a 01 64 10 03 39 ${dbl} 3a 08 ${dbl} 39 ${dbl}`));
    expect(doubles.getField('d')?.value).toEqual([1, 1, 1]);
    const bools = decodeMessage(h('52 0d 0a 01 62 10 04 40 00 42 02 01 00 40 02'));
    expect(bools.getField('b')?.value).toEqual([false, true, false, true]);
    expect(reencode(h('52 0d 0a 01 62 10 04 40 00 42 02 01 00 40 02'))).toBe('52 0b 0a 01 62 10 04 42 04 00 01 00 01');
  });

  it('decodes negative and extreme int64s, unpacked and packed', () => {
    const m = decodeMessage(
      h(
        '52 25 0a 01 69 10 02 30 ff ff ff ff ff ff ff ff ff 01 32 13 80 80 80 80 80 80 80 80 80 01 ff ff ff ff ff ff ff ff 7f',
      ),
    );
    expect(m.getField('i')?.value).toEqual([-1, -(2n ** 63n), 2n ** 63n - 1n]);
  });

  it('keeps a field without value_type/representation (Lua-style strings) as it was', () => {
    const b = h('52 06 0a 01 73 22 01 61');
    const f = decodeMessage(b).getField('s');
    expect(f).toMatchObject({ name: 's', valueType: 'string', representation: '', value: ['a'] });
    expect(reencode(b)).toBe('52 06 0a 01 73 22 01 61');
    expect(reencode(h('52 07 0a 01 73 1a 00 22 00'))).toBe('52 07 0a 01 73 1a 00 22 00');
  });

  it('accepts messages without the "required" uuid and timestamp, and does not add them', () => {
    const m = decodeMessage(h('1a 01 74'));
    expect(m.has('uuid') || m.has('timestamp')).toBe(false);
    expect(m.type).toBe('t');
    m.payload = 'p';
    expect(hex(encodeMessage(m))).toBe('1a 01 74 32 01 70');
  });

  it('takes the last of a repeated scalar, int32 headers from the low 32 bits of any varint', () => {
    expect(decodeMessage(h('1a 01 61 1a 01 62')).type).toBe('b');
    const m = decodeMessage(h('28 ff ff ff ff ff ff ff ff ff 01 40 80 80 80 80 10'));
    expect([m.severity, m.pid]).toEqual([-1, 0]);
    expect(hex(encodeMessage(m.clone()))).toBe('28 ff ff ff ff 0f 40 00');
  });

  it('skips unknown fields of every wire type and writes them back at the end (XXX_unrecognized)', () => {
    const unknown = [
      '58 05', // field 11 varint
      '61 01 02 03 04 05 06 07 08', // field 12 fixed64
      '6a 02 ab cd', // field 13 length-delimited
      '75 01 02 03 04', // field 14 fixed32
      '7b 08 01 12 01 41 7b 7c 7c', // field 15 group holding a varint, bytes and an empty group
      'f8 07 01', // field 127 varint (two-byte tag)
    ];
    const b = h(`${UUID_WIRE} ${unknown.join(' ')} 10 05 52 06 0a 01 73 22 01 61`);
    const m = decodeMessage(b);
    expect(m.uuid).toEqual(h(UUID));
    expect(m.timestamp).toBe(5n);
    expect(m.getFieldValue('s')).toBe('a');
    expect(encodeMessage(m)).toBe(b);
    expect(reencode(b)).toBe(`${UUID_WIRE} 10 05 52 06 0a 01 73 22 01 61 ${unknown.join(' ')}`);
  });

  it('reads field numbers from bits 3..34 of a tag, as Go does: a 5-byte tag can name an unknown field', () => {
    // 8a 80 80 80 10 is 0x0a + 2^32: field 2^29 + 1 (unknown), not uuid (1).
    const b = h('8a 80 80 80 10 03 61 62 63 1a 01 74');
    const m = decodeMessage(b);
    expect([m.has('uuid'), m.type]).toEqual([false, 't']);
    expect(reencode(b)).toBe('1a 01 74 8a 80 80 80 10 03 61 62 63');
    // Non-minimal but within 32 bits: still uuid.
    expect(decodeMessage(h('8a 80 80 80 00 01 61')).uuid).toEqual(h('61'));
    expect(reencode(h('52 0c 0a 01 73 a2 80 80 80 20 01 61 22 00'))).toBe('52 0c 0a 01 73 22 00 a2 80 80 80 20 01 61');
  });

  it('keeps unknown fields inside a Field at the end of that field', () => {
    const b = h('52 0d 0a 01 73 48 07 22 01 61 65 00 00 80 3f');
    expect(decodeMessage(b).getFieldValue('s')).toBe('a');
    expect(reencode(b)).toBe('52 0d 0a 01 73 22 01 61 48 07 65 00 00 80 3f');
  });

  it('returns the identical Uint8Array for an unchanged message, canonical bytes after a change', () => {
    // Out of order, non-minimal varints, unpacked values: kept exactly until something changes.
    const b = h('10 85 80 00 0a 00 52 07 0a 01 69 10 02 30 01 28 83 00');
    const m = decodeMessage(b);
    expect(encodeMessage(m)).toBe(b);
    m.hostname = 'x';
    expect(hex(encodeMessage(m))).toBe('0a 00 10 05 28 03 4a 01 78 52 08 0a 01 69 10 02 32 01 01');
  });

  it('decodes invalid UTF-8 per byte as U+FFFD (as Go ranges over it) and keeps a leading BOM', () => {
    const m = decodeMessage(h('1a 06 61 ff e2 82 62 c0 32 05 ef bb bf 68 69'));
    // ff, e2 and 82 are one U+FFFD each (WHATWG would merge e2 82 into one).
    expect(m.type).toBe('a\ufffd\ufffd\ufffdb\ufffd');
    expect(m.payload).toBe('\ufeffhi');
  });

  it('rejects wrong wire types for known fields with a DecodeError at the tag', () => {
    for (const [bytes, at] of [
      ['08 01', 0],
      ['1a 01 74 12 00', 3],
      ['52 03 0a 01 73 52 02 08 01', 7],
    ] as const) {
      try {
        decodeMessage(h(bytes));
        throw new Error(`accepted ${bytes}`);
      } catch (e) {
        expect(e).toBeInstanceOf(DecodeError);
        expect((e as DecodeError).message).toMatch(/^wrong wire type/);
        expect((e as DecodeError).offset).toBe(at);
      }
    }
  });
});
