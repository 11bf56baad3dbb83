// The JSON line format (ours: Heka had no such encoder).
import { Message } from '@heka/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encode, encoder, messageA, text } from './fixture.js';

describe('JsonEncoder output', () => {
  it('writes headers and an object of fields, one line per message', async () => {
    expect(await encode({}, messageA())).toBe(
      '{"Uuid":"f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f","Timestamp":"2024-03-09T07:05:03.123456789Z",' +
        '"Type":"web.access","Logger":"nginx-edge","Severity":5,' +
        '"Payload":"GET /cart?item=7&qty=2 <200> \\"ok\\"\\tdone\\\\","EnvVersion":"1.2","Pid":4321,' +
        '"Hostname":"Edge-07.Example.NET","Fields":{"http.status":200,"tags":["blue","green"],"ratio":0.25,' +
        '"big":"9007199254740993","flags":[true,false,true],"blob":"aP9p","tiny":[1e-7,1.5e+300,-0.5,1234567],' +
        '"ctl":"a\\u0001b\u2028c</script>&\u007f/é","dup":["one",-2]}}\n',
    );
  });

  it('is valid JSON that reads back to the message data', async () => {
    const parsed = JSON.parse(await encode({}, messageA()));
    expect(parsed.Payload).toBe(messageA().payload);
    expect(parsed.Fields.ctl).toBe('a\u0001b\u2028c</script>&\u007f/é');
    expect(BigInt(parsed.Fields.big)).toBe(9007199254740993n);
    expect(Buffer.from(parsed.Fields.blob, 'base64')).toEqual(Buffer.from([0x68, 0xff, 0x69]));
  });

  it('writes an empty message with Heka defaults', async () => {
    expect(await encode({}, Message.empty())).toBe(
      '{"Uuid":"","Timestamp":"1970-01-01T00:00:00.000000000Z","Type":"","Logger":"","Severity":7,"Payload":"",' +
        '"EnvVersion":"","Pid":0,"Hostname":"","Fields":{}}\n',
    );
  });

  it('merges repeated field names into one array, in message order', async () => {
    const m = new Message({
      fields: [
        { name: 'x', value: ['a', 'b'] },
        { name: 'y', value: 1n },
        { name: 'x', value: true },
        { name: 'x', valueType: 'string', value: [] },
      ],
    });
    expect(await encode({ fields: ['DynamicFields'] }, m)).toBe('{"Fields":{"x":["a","b",true],"y":1}}\n');
  });

  it('writes a field without values as [], non-finite doubles as null and -0 as 0', async () => {
    const m = new Message({
      fields: [
        { name: 'none', valueType: 'double', value: [] },
        { name: 'odd', valueType: 'double', value: [Number.NaN, Number.POSITIVE_INFINITY, -0, 5e-324] },
      ],
    });
    expect(await encode({ fields: ['Fields'] }, m)).toBe('{"Fields":{"none":[],"odd":[null,null,0,5e-324]}}\n');
  });

  it('escapes what JSON requires, and lone surrogates', async () => {
    const m = new Message({ type: 'q"\\\n\u0000', payload: 'x\ud800y', fields: [{ name: 'k"ey', value: 'v' }] });
    const line = await encode({ fields: ['Type', 'Payload', 'Fields'] }, m);
    expect(line).toBe('{"Type":"q\\"\\\\\\n\\u0000","Payload":"x\\ud800y","Fields":{"k\\"ey":"v"}}\n');
    expect(JSON.parse(line).Type).toBe('q"\\\n\u0000');
  });

  it('reads back every string and integer it was given', async () => {
    const e = await encoder({ fields: ['Type', 'Timestamp', 'DynamicFields'], timestamp_format: 'nanoseconds' });
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 3 }),
        (type, ts, ints) => {
          const m = new Message({ type, timestamp: ts, fields: [{ name: 'i', valueType: 'integer', value: ints }] });
          const parsed = JSON.parse(text(e.encode(m, undefined as never)));
          expect(parsed.Type).toBe(type);
          expect(BigInt(parsed.Timestamp)).toBe(ts);
          const back = ints.length === 1 ? [parsed.Fields.i] : parsed.Fields.i;
          expect(back.map((v: string | number) => BigInt(v))).toEqual(ints);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('JsonEncoder options', () => {
  it('fields picks the parts and their order (case-insensitive; Fields means DynamicFields)', async () => {
    expect(await encode({ fields: ['severity', 'TYPE', 'fields'] }, messageA())).toMatch(
      /^\{"Severity":5,"Type":"web.access","Fields":\{"http.status":200,/,
    );
    expect(await encode({ fields: [] }, messageA())).toBe('{}\n');
  });

  it('big_integers = "number" writes every integer as an exact JSON number', async () => {
    const line = await encode({ big_integers: 'number', timestamp_format: 'nanoseconds' }, messageA());
    expect(line).toContain('"Timestamp":1709967903123456789,');
    expect(line).toContain('"big":9007199254740993,');
  });

  it('big_integers = "string" (the default) quotes only integers beyond 2^53', async () => {
    const m = new Message({
      timestamp: 5,
      fields: [{ name: 'i', valueType: 'integer', value: [9007199254740991, -9007199254740992n, 2n ** 63n - 1n] }],
    });
    expect(await encode({ timestamp_format: 'nanoseconds', fields: ['Timestamp', 'Fields'] }, m)).toBe(
      '{"Timestamp":5,"Fields":{"i":[9007199254740991,"-9007199254740992","9223372036854775807"]}}\n',
    );
  });

  it('timestamp_format = "nanoseconds" writes the timestamp as an integer', async () => {
    expect(await encode({ timestamp_format: 'nanoseconds', fields: ['Timestamp'] }, messageA())).toBe(
      '{"Timestamp":"1709967903123456789"}\n',
    );
  });

  it('rfc3339nano keeps nine digits and handles times before 1970', async () => {
    const e = await encoder({ fields: ['Timestamp'] });
    const at = (ns: bigint) => text(e.encode(new Message({ timestamp: ns }), undefined as never));
    expect(at(-1n)).toBe('{"Timestamp":"1969-12-31T23:59:59.999999999Z"}\n');
    expect(at(1709967903000000000n)).toBe('{"Timestamp":"2024-03-09T07:05:03.000000000Z"}\n');
    expect(at(1709967903000000001n)).toBe('{"Timestamp":"2024-03-09T07:05:03.000000001Z"}\n');
    expect(at(-(2n ** 63n))).toBe('{"Timestamp":"1677-09-21T00:12:43.145224192Z"}\n');
  });
});
