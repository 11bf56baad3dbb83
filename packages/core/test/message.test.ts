/** The Message API: defaults, uuid, setters and their validation, the fields API, toJSON and back. */
import { describe, expect, it } from 'vitest';
import {
  compileMatcher,
  decodeMessage,
  encodeMessage,
  Field,
  type FieldInit,
  HekaError,
  Message,
  MessageError,
  randomUuid,
  uuidFromString,
  uuidToString,
} from '../src/index.js';

const UUID = '0123456789abcdef0123456789abcdef';
const UUID_TEXT = '01234567-89ab-cdef-0123-456789abcdef';

function messageError(fn: () => unknown): MessageError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MessageError);
    return e as MessageError;
  }
  throw new Error('expected a MessageError');
}

describe('defaults', () => {
  it('a decoded empty message reads as Heka defaults: severity 7, pid 0, strings "", timestamp 0', () => {
    const m = decodeMessage(new Uint8Array(0));
    expect(m.uuid).toEqual(new Uint8Array(0));
    expect(m.uuidString).toBe('');
    expect(m.timestamp).toBe(0n);
    expect([m.type, m.logger, m.payload, m.envVersion, m.hostname]).toEqual(['', '', '', '', '']);
    expect(m.severity).toBe(7);
    expect(m.pid).toBe(0);
    expect(m.fields).toEqual([]);
    for (const h of ['uuid', 'timestamp', 'type', 'logger', 'severity', 'payload', 'envVersion', 'pid', 'hostname']) {
      expect(m.has(h as 'type')).toBe(false);
    }
  });

  it('new Message() stamps a random v4 uuid and the current time, and nothing else', () => {
    const before = BigInt(Date.now()) * 1_000_000n;
    const m = new Message();
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(m.uuid.length).toBe(16);
    expect(m.uuidString).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(m.timestamp >= before - 1_000_000n && m.timestamp <= after).toBe(true);
    expect(m.has('uuid') && m.has('timestamp')).toBe(true);
    expect(m.has('severity') || m.has('type') || m.has('pid')).toBe(false);
    expect(m.severity).toBe(7);
    expect(new Message().uuidString).not.toBe(m.uuidString);
  });

  it('has() tells an explicitly set default from an absent one', () => {
    const m = new Message({ severity: 7, pid: 0, type: '' });
    expect(m.has('severity') && m.has('pid') && m.has('type')).toBe(true);
    expect(m.has('logger')).toBe(false);
    expect(m.has('bogus' as 'type')).toBe(false);
  });
});

describe('uuid', () => {
  it('renders 16 bytes as lowercase 8-4-4-4-12 and any other length as ""', () => {
    expect(uuidToString(uuidFromString(UUID))).toBe(UUID_TEXT);
    expect(uuidToString(new Uint8Array(16).fill(0xab))).toBe('abababab-abab-abab-abab-abababababab');
    for (const n of [0, 1, 15, 17, 32]) expect(uuidToString(new Uint8Array(n))).toBe('');
    expect(new Message({ uuid: new Uint8Array(15) }).uuidString).toBe('');
  });

  it('accepts 8-4-4-4-12 text in any case and plain hex of any even length', () => {
    expect(new Message({ uuid: UUID_TEXT.toUpperCase() }).uuidString).toBe(UUID_TEXT);
    expect(new Message({ uuid: UUID }).uuidString).toBe(UUID_TEXT);
    expect(new Message({ uuid: 'abcd' }).uuid).toEqual(new Uint8Array([0xab, 0xcd]));
    expect(new Message({ uuid: '' }).uuid).toEqual(new Uint8Array(0));
    for (const bad of ['xyz', 'abc', '0123456789abcdef0123456789abcde-', '01234567-89ab-cdef-0123-456789abcdeg']) {
      expect(messageError(() => new Message({ uuid: bad })).message).toContain(JSON.stringify(bad));
    }
    messageError(() => new Message({ uuid: 42 as unknown as string }));
  });

  it('randomUuid() is version 4, RFC 4122 variant, and random', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const u = randomUuid();
      expect(u.length).toBe(16);
      expect((u[6] as number) >> 4).toBe(4);
      expect((u[8] as number) >> 6).toBe(0b10);
      seen.add(uuidToString(u));
    }
    expect(seen.size).toBe(200);
  });

  it('copies on the way in and on the way out, Buffers included', () => {
    const src = Buffer.alloc(16, 1);
    const m = new Message({ uuid: src });
    src[0] = 9;
    expect(m.uuid[0]).toBe(1);
    const out = m.uuid;
    out[1] = 7;
    expect(m.uuid[1]).toBe(1);
    const plain = new Uint8Array(16);
    m.uuid = plain;
    plain[2] = 5;
    expect(m.uuid[2]).toBe(0);
  });
});

describe('header setters validate', () => {
  it('timestamp: bigint, number or decimal string within int64; always read as bigint', () => {
    const cases: [bigint | number | string, bigint][] = [
      [0, 0n],
      [-0, 0n],
      [1_700_000_000_000_000_000n, 1_700_000_000_000_000_000n],
      [Number.MAX_SAFE_INTEGER, 2n ** 53n - 1n],
      [2 ** 60, 2n ** 60n],
      [-(2 ** 63), -(2n ** 63n)],
      ['9223372036854775807', 2n ** 63n - 1n],
      ['-9223372036854775808', -(2n ** 63n)],
      ['-5', -5n],
      ['007', 7n],
    ];
    for (const [input, want] of cases) {
      const m = new Message({ timestamp: input });
      expect(m.timestamp).toBe(want);
      m.timestamp = input;
      expect(m.timestamp).toBe(want);
    }
    const bad = [
      1.5,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      2 ** 63,
      2n ** 63n,
      -(2n ** 63n) - 1n,
      '',
      '1e3',
      ' 1',
      '+1',
    ];
    const m = new Message();
    for (const v of [...bad, '9223372036854775808', null, true]) {
      const e = messageError(() => (m.timestamp = v as bigint));
      expect(e.message).toMatch(/^timestamp must be an int64 of nanoseconds, got /);
      if (v !== null) messageError(() => new Message({ timestamp: v as bigint }));
    }
  });

  it('severity and pid: int32 only', () => {
    const m = new Message();
    for (const v of [-2147483648, 2147483647, 0, 7, -1]) {
      m.severity = v;
      m.pid = v;
      expect([m.severity, m.pid]).toEqual([v, v]);
    }
    for (const v of [2147483648, -2147483649, 1.5, Number.NaN, '3', 3n, undefined]) {
      expect(messageError(() => (m.severity = v as number)).message).toBe(
        `severity must be an int32, got ${String(v)}`,
      );
      expect(messageError(() => (m.pid = v as number)).message).toBe(`pid must be an int32, got ${String(v)}`);
    }
    expect([m.severity, m.pid]).toEqual([-1, -1]); // unchanged by the failures
    m.severity = -0;
    expect(Object.is(m.severity, 0)).toBe(true);
  });

  it('string headers take strings only', () => {
    const m = new Message();
    for (const h of ['type', 'logger', 'payload', 'envVersion', 'hostname'] as const) {
      m[h] = 'é😀';
      expect(m[h]).toBe('é😀');
      expect(m.has(h)).toBe(true);
      expect(messageError(() => (m[h] = 5 as unknown as string)).message).toBe(`${h} must be a string, got number`);
    }
    messageError(() => new Message(5 as unknown as undefined));
    messageError(() => new Message(null as unknown as undefined));
  });

  it('errors are typed: MessageError extends HekaError with a stable code', () => {
    const e = messageError(() => new Message({ severity: 1.5 }));
    expect(e).toBeInstanceOf(HekaError);
    expect(e.code).toBe('ERR_HEKA_MESSAGE');
    expect(e.name).toBe('MessageError');
  });
});

describe('fields API', () => {
  function sample(): Message {
    return new Message({
      fields: [
        { name: 'a', value: ['a0', 'a1'] },
        { name: 'b', value: 1.5 },
        { name: 'a', value: 'second a' },
      ],
    });
  }

  it('keeps fields in order with repeated names, addressed by field index and array index', () => {
    const m = sample();
    expect(m.fields.map((f) => f.name)).toEqual(['a', 'b', 'a']);
    expect(m.getField('a')?.value).toEqual(['a0', 'a1']);
    expect(m.getField('a', 1)?.value).toEqual(['second a']);
    expect(m.getField('a', 2)).toBeUndefined();
    expect(m.getField('zz')).toBeUndefined();
    expect(m.getFieldValue('a')).toBe('a0');
    expect(m.getFieldValue('a', 0, 1)).toBe('a1');
    expect(m.getFieldValue('a', 1, 0)).toBe('second a');
    expect(m.getFieldValue('a', 1, 1)).toBeUndefined();
    expect(m.getFieldValue('a', 5)).toBeUndefined();
    expect(m.getFieldValue('b')).toBe(1.5);
  });

  it('addField appends, setField replaces the first of a name (or appends), removeField removes one', () => {
    const m = sample();
    expect(m.addField({ name: 'b', value: true })).toBe(m);
    expect(m.fields.map((f) => f.name)).toEqual(['a', 'b', 'a', 'b']);
    m.setField({ name: 'a', value: 'replaced' });
    expect(m.fields.map((f) => f.value[0])).toEqual(['replaced', 1.5, 'second a', true]);
    m.setField({ name: 'new', value: 1n });
    expect(m.getField('new')?.valueType).toBe('integer');
    expect(m.fields.length).toBe(5);
    expect(m.removeField('a', 1)).toBe(true);
    expect(m.fields.map((f) => f.name)).toEqual(['a', 'b', 'b', 'new']);
    expect(m.removeField('a', 1)).toBe(false);
    expect(m.removeField('b')).toBe(true);
    expect(m.getFieldValue('b')).toBe(true);
    expect(m.removeField('nope')).toBe(false);
  });

  it('addFields appends several in order, atomically, and works on a decoded message', () => {
    const m = sample();
    expect(m.addFields([{ name: 'c', value: 'x' }, new Field('d', 'bool', '', [true])])).toBe(m);
    expect(m.fields.map((f) => f.name)).toEqual(['a', 'b', 'a', 'c', 'd']);
    messageError(() =>
      m.addFields([
        { name: 'ok', value: 1 },
        { name: 'bad', valueType: 'bool', value: 1 },
      ]),
    );
    expect(m.fields.length).toBe(5);
    const decoded = decodeMessage(encodeMessage(m));
    void decoded.fields; // handed out frozen: addFields makes a new list
    decoded.addFields([{ name: 'e', value: 2n }]);
    expect(decoded.fields.map((f) => f.name)).toEqual(['a', 'b', 'a', 'c', 'd', 'e']);
    expect(Number(decodeMessage(encodeMessage(decoded)).getFieldValue('e'))).toBe(2);
  });

  it('the fields setter replaces all fields, atomically', () => {
    const m = sample();
    m.fields = [{ name: 'x', value: 'y' }, new Field('z', 'bool', '', [false])];
    expect(m.fields.map((f) => f.name)).toEqual(['x', 'z']);
    messageError(
      () =>
        (m.fields = [
          { name: 'ok', value: 1 },
          { name: 'bad', valueType: 'bool', value: 1 },
        ]),
    );
    expect(m.fields.map((f) => f.name)).toEqual(['x', 'z']);
    messageError(() => (m.fields = 'nope' as unknown as []));
    messageError(() => m.addField({ name: 'bad', valueType: 'integer', value: 0.5 }));
    expect(m.fields.length).toBe(2);
  });
});

describe('field values: inference and validation', () => {
  it('infers the type from the first value', () => {
    const infer = (value: FieldInit['value']) => Field.from({ name: 'f', value }).valueType;
    expect(infer('s')).toBe('string');
    expect(infer(new Uint8Array(1))).toBe('bytes');
    expect(infer(Buffer.from('x'))).toBe('bytes');
    expect(infer(5n)).toBe('integer');
    expect(infer(5)).toBe('double');
    expect(infer(false)).toBe('bool');
    expect(infer([])).toBe('string');
    expect(Field.from({ name: 'f', value: [] }).value).toEqual([]);
    expect(Field.from({ name: 'f', value: 'x' })).toMatchObject({ representation: '', value: ['x'] });
  });

  it('normalises integers: numbers when safe, bigints beyond 2^53, decimal strings accepted', () => {
    const f = Field.from({
      name: 'i',
      valueType: 'integer',
      value: [5n, 2 ** 60, '-9223372036854775808', '12', -0, 2n ** 53n, -(2n ** 53n) + 1n],
    });
    expect(f.value).toEqual([5, 2n ** 60n, -(2n ** 63n), 12, 0, 2n ** 53n, -(2 ** 53) + 1]);
    expect(Object.is(f.value[4], 0)).toBe(true);
  });

  it('accepts the JSON forms: base64 bytes and NaN / Infinity / -Infinity / -0 doubles', () => {
    expect(Field.from({ name: 'b', valueType: 'bytes', value: ['AQID', ''] }).value).toEqual([
      new Uint8Array([1, 2, 3]),
      new Uint8Array(0),
    ]);
    const d = Field.from({ name: 'd', valueType: 'double', value: ['NaN', 'Infinity', '-Infinity', '-0', 2.5] });
    expect(d.value).toEqual([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 2.5]);
    expect(Object.is(d.value[3], -0)).toBe(true);
  });

  it('rejects values that do not fit the type, naming the field and the value', () => {
    const err = (init: FieldInit) => messageError(() => Field.from(init)).message;
    expect(err({ name: 'x', value: ['a', true] })).toBe('field "x": value[1] (true) is not a valid string value');
    expect(err({ name: 'x', valueType: 'integer', value: [1, 0.5] })).toBe(
      'field "x": value[1] (0.5) is not a valid integer value',
    );
    expect(err({ name: 'x', valueType: 'integer', value: 2n ** 63n })).toBe(
      'field "x": value[0] (9223372036854775808n) is not a valid integer value',
    );
    expect(err({ name: 'x', valueType: 'integer', value: '1.0' })).toContain('is not a valid integer value');
    expect(err({ name: 'x', valueType: 'double', value: 1n })).toBe(
      'field "x": value[0] (1n) is not a valid double value',
    );
    expect(err({ name: 'x', valueType: 'double', value: 'nan' })).toContain('is not a valid double value');
    expect(err({ name: 'x', valueType: 'bytes', value: 'not base64!' })).toContain('is not a valid bytes value');
    expect(err({ name: 'x', valueType: 'bytes', value: 'A' })).toContain('is not a valid bytes value');
    expect(err({ name: 'x', valueType: 'bool', value: 1 })).toBe('field "x": value[0] (1) is not a valid bool value');
    expect(err({ name: 'x', valueType: 'float' as 'double', value: 1 })).toBe('field "x": unknown valueType float');
    expect(err({ name: 5 as unknown as string, value: 1 })).toBe('field: name must be a string');
    expect(err({ name: 'x', representation: 1 as unknown as string, value: 1 })).toBe(
      'field "x": representation must be a string',
    );
    messageError(() => Field.from(null as unknown as FieldInit));
  });

  it('does not take inherited object keys for value types or double words', () => {
    for (const vt of ['constructor', 'toString', '__proto__', 'hasOwnProperty', ['string']]) {
      expect(messageError(() => Field.from({ name: 'x', valueType: vt as 'string', value: 'a' })).message).toMatch(
        /unknown valueType/,
      );
    }
    for (const word of ['constructor', 'toString', '__proto__', 'valueOf']) {
      messageError(() => Field.from({ name: 'x', valueType: 'double', value: word }));
    }
  });
});

describe('toJSON and back', () => {
  function rich(): Message {
    return new Message({
      uuid: UUID,
      timestamp: 2n ** 62n + 1n,
      type: 'type',
      severity: 0,
      payload: 'pay\u0000load 😀',
      fields: [
        { name: 'bytes', value: [new Uint8Array([0, 255, 128]), new Uint8Array(0)], representation: 'B' },
        { name: 'int', valueType: 'integer', value: [1, -(2n ** 63n), 2n ** 63n - 1n, 2n ** 53n] },
        { name: 'dbl', value: [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -0, 0, 1e-300] },
        { name: 'bool', value: [true, false] },
        { name: 'empty', valueType: 'integer', value: [] },
      ],
    });
  }

  it('is JSON-safe: no bigint, bytes as base64, big int64s as decimal strings, special doubles as words', () => {
    const j = rich().toJSON();
    const text = JSON.stringify(j);
    expect(JSON.parse(text)).toEqual(j);
    expect(j).toEqual({
      uuid: UUID_TEXT,
      timestamp: '4611686018427387905',
      type: 'type',
      severity: 0,
      payload: 'pay\u0000load 😀',
      fields: [
        { name: 'bytes', valueType: 'bytes', representation: 'B', value: ['AP+A', ''] },
        {
          name: 'int',
          valueType: 'integer',
          representation: '',
          value: [1, '-9223372036854775808', '9223372036854775807', '9007199254740992'],
        },
        {
          name: 'dbl',
          valueType: 'double',
          representation: '',
          value: ['NaN', 'Infinity', '-Infinity', '-0', 0, 1e-300],
        },
        { name: 'bool', valueType: 'bool', representation: '', value: [true, false] },
        { name: 'empty', valueType: 'integer', representation: '', value: [] },
      ],
    });
  });

  it('new Message(JSON.parse(JSON.stringify(m))) is the same message, byte for byte', () => {
    const m = rich();
    const back = new Message(JSON.parse(JSON.stringify(m)));
    expect(back.toJSON()).toEqual(m.toJSON());
    expect(Buffer.from(encodeMessage(back)).equals(Buffer.from(encodeMessage(m)))).toBe(true);
    expect(Object.is(back.getFieldValue('dbl', 0, 3), -0)).toBe(true);
  });

  it('lists only present headers and keeps odd-sized uuids as hex', () => {
    const m = decodeMessage(Uint8Array.from([0x0a, 0x03, 0xab, 0xcd, 0xef, 0x28, 0x07]));
    expect(m.toJSON()).toEqual({ uuid: 'abcdef', severity: 7, fields: [] });
    expect(new Message(m.toJSON()).uuid).toEqual(new Uint8Array([0xab, 0xcd, 0xef]));
    expect(decodeMessage(Uint8Array.from([0x0a, 0x00])).toJSON()).toEqual({ uuid: '', fields: [] });
  });
});

describe('payload bytes', () => {
  const raw = Uint8Array.of(0x61, 0xff, 0x62); // "a", an invalid byte, "b"

  it('keeps a record’s bytes as they are, and reads them as Go-style text', () => {
    const record = new Uint8Array([...raw, 0x0a]);
    const m = Message.fromRecord(record.subarray(0, 3), 'in');
    record.fill(0); // the caller's buffer is reused: the message must hold its own copy
    expect([...m.payloadBytes]).toEqual([...raw]);
    expect(m.payload).toBe('a\ufffdb');
    const back = decodeMessage(encodeMessage(m));
    expect([...back.payloadBytes]).toEqual([...raw]);
    expect(back.payload).toBe('a\ufffdb');
  });

  it('encodes the text once the payload is set, and gives its UTF-8 as bytes', () => {
    const m = Message.fromRecord(raw, 'in');
    m.payload = 'é';
    expect([...m.payloadBytes]).toEqual([0xc3, 0xa9]);
    expect(decodeMessage(encodeMessage(m)).payload).toBe('é');
    expect(new Message({ payload: 'x' }).payloadBytes).toEqual(Uint8Array.of(0x78));
  });

  it('matches and clones a payload known only as bytes', () => {
    const m = Message.fromRecord(new TextEncoder().encode('GET /x'), 'in');
    expect(compileMatcher("Payload =~ /^GET/ && Payload != 'GET'").match(m)).toBe(true);
    expect(m.clone().payload).toBe('GET /x');
    expect(m.toJSON().payload).toBe('GET /x');
  });
});
