/**
 * Hostile input: decodeMessage either returns a message whose every part can then be read, or throws a
 * DecodeError with an offset inside the input. Never another error, never a hang, never an allocation
 * beyond the input's size.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, decodeMessage, encodeMessage, HekaError, Message } from '../src/index.js';

const h = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/** Reads every part of a message, forcing the lazy field decoder; none of it may throw. */
function touchAll(m: Message): void {
  void [m.uuid, m.uuidString, m.timestamp, m.type, m.logger, m.severity, m.payload, m.envVersion, m.pid, m.hostname];
  for (const f of m.fields) {
    void [f.name, f.valueType, f.representation, ...f.value];
    m.getField(f.name);
    m.getFieldValue(f.name);
  }
  JSON.stringify(m);
  const again = decodeMessage(encodeMessage(m.clone()).slice());
  expect(again.fields.length).toBe(m.fields.length);
}

type Outcome = 'ok' | 'error';

/** Decodes, checking the contract; reports which way it went. */
function attempt(bytes: Uint8Array): Outcome {
  let m: Message;
  try {
    m = decodeMessage(bytes);
  } catch (e) {
    if (!(e instanceof DecodeError))
      throw new Error(`not a DecodeError for ${Buffer.from(bytes).toString('hex')}: ${e}`);
    expect(e).toBeInstanceOf(HekaError);
    expect(e.code).toBe('ERR_HEKA_DECODE');
    expect(Number.isInteger(e.offset) && e.offset >= 0 && e.offset <= bytes.length).toBe(true);
    expect(e.message).toContain(`(at byte ${e.offset})`);
    return 'error';
  }
  touchAll(m);
  return 'ok';
}

function decodeError(bytes: Uint8Array): DecodeError {
  try {
    decodeMessage(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(DecodeError);
    return e as DecodeError;
  }
  throw new Error('expected a DecodeError');
}

/** A message using every part of the format. */
const RICH = encodeMessage(
  new Message({
    uuid: '0123456789abcdef0123456789abcdef',
    timestamp: -5n,
    type: 'TYPE',
    logger: 'lg',
    severity: -1,
    payload: 'p€y😀',
    envVersion: '1',
    pid: 77,
    hostname: 'h',
    fields: [
      { name: 's', value: ['a', 'bé'], representation: 'r' },
      { name: 'b', value: new Uint8Array([1, 2, 3]) },
      { name: 'i', valueType: 'integer', value: [1, -1, 2n ** 63n - 1n, -(2n ** 63n)] },
      { name: 'd', value: [1.5, Number.NaN, -0] },
      { name: 't', value: [true, false] },
    ],
  }),
).slice();

describe('decodeMessage on hostile input', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        attempt(b);
      }),
      { numRuns: 3000 },
    );
  });

  it('random sequences of plausible tags, varints and length-prefixed chunks', () => {
    const tag = fc.constantFrom(
      0x0a,
      0x10,
      0x1a,
      0x28,
      0x40,
      0x52,
      0x08,
      0x22,
      0x30,
      0x32,
      0x39,
      0x3a,
      0x42,
      0x5b,
      0x5c,
      0x0b,
    );
    const token = fc.oneof(
      tag.map((t) => [t]),
      fc.array(fc.integer({ min: 0x80, max: 0xff }), { maxLength: 11 }).map((c) => [...c, 0x01]),
      fc.uint8Array({ maxLength: 12 }).map((b) => [b.length, ...b]),
      fc.constant([0x52, 0x03, 0x0a, 0x01, 0x61]),
      fc.integer({ min: 0, max: 255 }).map((b) => [b]),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        attempt(Uint8Array.from(tokens.flat()));
      }),
      { numRuns: 3000 },
    );
  });

  it('every truncation of a valid message', () => {
    let ok = 0;
    for (let n = 0; n <= RICH.length; n++) if (attempt(RICH.subarray(0, n)) === 'ok') ok++;
    expect(attempt(RICH)).toBe('ok');
    expect(ok).toBeGreaterThan(5); // cuts at field boundaries are valid messages
  });

  it('every single-bit flip and every byte set to 00 / 7f / 80 / ff', () => {
    for (let i = 0; i < RICH.length * 8; i++) {
      const b = RICH.slice();
      b[i >> 3] = (b[i >> 3] as number) ^ (1 << (i & 7));
      attempt(b);
    }
    for (let i = 0; i < RICH.length; i++) {
      for (const v of [0x00, 0x7f, 0x80, 0xff]) {
        const b = RICH.slice();
        b[i] = v;
        attempt(b);
      }
    }
  });

  it('huge declared lengths fail at the length, without allocating', () => {
    const cases: [string, number][] = [
      ['0a ff ff ff ff 0f', 1], // uuid of 4 GiB
      ['32 ff ff ff ff ff ff ff ff 7f', 1], // payload of 2^63 bytes
      ['52 80 80 80 80 10', 1],
      ['1a 05 61', 1],
      ['52 05 0a 01 61 32 7f 01', 6], // packed integers running past their field
      ['52 05 0a 01 61 3a 08', 6],
    ];
    for (const [bytes, offset] of cases) {
      const e = decodeError(h(bytes));
      expect(e.message).toMatch(/runs past the end|truncated/);
      expect(e.offset).toBe(offset);
    }
    const before = process.memoryUsage().arrayBuffers;
    for (let i = 0; i < 1000; i++) decodeError(h('4a ff ff ff ff 0f 00'));
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 1024 * 1024);
  });

  it('packed doubles must be whole, unpacked ones complete', () => {
    expect(decodeError(h('52 09 0a 01 64 3a 04 00 00 00 00')).message).toMatch(/multiple of 8/);
    expect(decodeError(h('52 07 0a 01 64 39 00 00 00')).message).toMatch(/truncated double/);
  });

  it('nested groups: skipped when balanced and shallow, a DecodeError when deep, unbalanced or unterminated', () => {
    const group = (depth: number) => h(`${'5b '.repeat(depth)}${'5c '.repeat(depth)}`);
    expect(attempt(group(10))).toBe('ok');
    expect(attempt(group(64))).toBe('ok');
    expect(decodeError(group(65)).message).toMatch(/nested too deeply/);
    expect(decodeError(group(200_000)).message).toMatch(/nested too deeply/);
    expect(decodeError(h('5b '.repeat(200_000))).message).toMatch(/nested too deeply/);
    expect(decodeError(h('5b 08 01')).message).toMatch(/unterminated group/);
    expect(decodeError(h('5b 64')).message).toMatch(/mismatched end of group/); // ends group 12, not 11
    expect(decodeError(h('5c')).message).toMatch(/invalid wire type 4/);
    expect(decodeError(h('5e 00')).message).toMatch(/invalid wire type 6/);
    const inField = h('52 07 0a 01 61 5b 5b 5c 5c');
    expect(attempt(inField)).toBe('ok');
  });

  it('varints: 10 bytes accepted, 11 bytes a DecodeError wherever they appear', () => {
    const ten = 'ff ff ff ff ff ff ff ff ff 01';
    const eleven = 'ff ff ff ff ff ff ff ff ff ff 01';
    expect(decodeMessage(h(`10 ${ten}`)).timestamp).toBe(-1n);
    for (const [bytes, offset] of [
      [`10 ${eleven}`, 1],
      [`${eleven.replace(/ff/g, '80')}`, 0], // a tag
      [`58 ${eleven}`, 1], // an unknown varint field
      [`52 0f 0a 01 69 30 ${eleven}`, 6], // an unpacked integer
      [`52 10 0a 01 69 32 0b ${eleven}`, 7], // inside a packed run
      [`0a 8${'0 8'.repeat(9)}0 01`, 1], // a length
    ] as const) {
      const e = decodeError(h(bytes));
      expect(e.message).toMatch(/varint longer than 10 bytes/);
      expect(e.offset).toBe(offset);
    }
    expect(decodeError(h('10 ff ff')).message).toMatch(/truncated varint/);
  });

  it('other malformed fields: field number 0, unknown value types, fields without a name', () => {
    expect(decodeError(h('00 01')).message).toMatch(/field number 0/);
    expect(decodeError(h('52 05 0a 01 61 10 05')).message).toMatch(/unknown field value type 5/);
    expect(decodeError(h('52 02 22 00')).message).toMatch(/field without a name/);
    expect(() => decodeMessage('0a00' as unknown as Uint8Array)).toThrow(TypeError);
  });

  it('large inputs decode in linear time', () => {
    const many = new Message({ fields: Array.from({ length: 20_000 }, (_, i) => ({ name: `f${i}`, value: i })) });
    const bytes = encodeMessage(many).slice();
    const start = performance.now();
    const m = decodeMessage(bytes);
    expect(m.fields.length).toBe(20_000);
    expect(m.getFieldValue('f19999')).toBe(19_999);
    const junk = new Uint8Array(1 << 20).fill(0x80);
    expect(attempt(junk)).toBe('error');
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('a failed decode does not disturb the lazy fields of an earlier message', () => {
    const m = decodeMessage(RICH);
    attempt(h('52 05 0a 01 61 10 09'));
    attempt(RICH.subarray(0, 40));
    touchAll(m);
    expect(m.getField('i')?.value).toEqual([1, -1, 2n ** 63n - 1n, -(2n ** 63n)]);
  });
});
