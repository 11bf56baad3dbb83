/** add_to_payload, inject_payload and inject_message: text rules, the table-to-protobuf rules, errors. */
import { Message } from '@heka/core';
import { afterEach, describe, expect, it } from 'vitest';
import { setUuidSource } from '../src/index.js';
import { evaluate, make, run } from './helpers.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const h = (s: string): string => Buffer.from(s, 'latin1').toString('hex');
const dbl = (x: number): string => {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return b.toString('hex');
};

afterEach(() => setUuidSource(() => crypto.getRandomValues(new Uint8Array(16))));

describe('add_to_payload / inject_payload', () => {
  it('writes numbers as lua_sandbox did (at most 8 decimals, %0.17g above INT_MAX), nil and booleans', async () => {
    const out = await evaluate(
      'filter',
      `add_to_payload(1.2, " ", 10, " ", 0.1, " ", -0.5, " ", 1/3, " ", 2/3, " ", 2^31, " ", 1e300, " ", -2^40, " ",
         0/0, " ", 1/0, " ", -1/0, " ", nil, " ", true, " ", false, " ", "str", " ", 123456.5, " ", 0.125)
       inject_payload()`,
    );
    expect(out).toBe(
      '1.2 10 0.1 -0.5 0.33333333 0.66666667 2147483648 1.0000000000000001e+300 -1099511627776 nan inf -inf nil true false str 123456.5 0.125',
    );
  });

  it('appends extra arguments, defaults the type to txt and the name to "", and skips empty output', async () => {
    const m = await make(
      'filter',
      `function process_message()
         add_to_payload("a")
         inject_payload("", "", "b", 1, true)
         inject_payload()
         add_to_payload("x")
         inject_payload("json", "name")
         return 0
       end`,
    );
    expect(run(m.sb)).toEqual([0, '']);
    expect(m.injected.map((i) => [i.type, i.name, i.text])).toEqual([
      ['txt', '', 'ab1true'],
      ['json', 'name', 'x'],
    ]);
  });

  it('rejects what it cannot write', async () => {
    const cases: [string, string][] = [
      ['add_to_payload()', "bad argument #0 to 'add_to_payload' (must have at least one argument)"],
      ['add_to_payload({})', "bad argument #1 to 'add_to_payload' (unsupported type)"],
      ['add_to_payload("a", print or add_to_payload)', "bad argument #2 to 'add_to_payload' (unsupported type)"],
      ['inject_payload(nil)', "bad argument #1 to 'inject_payload' (string expected, got nil)"],
      ['inject_payload("txt", nil)', "bad argument #2 to 'inject_payload' (string expected, got nil)"],
      ['inject_payload("txt", "", {})', "bad argument #3 to 'inject_payload' (unsupported type)"],
    ];
    for (const [call, error] of cases) {
      const m = await make('filter', `function process_message()\n${call}\nreturn 0 end`);
      expect(run(m.sb), call).toEqual([1, `process_message() ${m.path}:2: ${error}`]);
    }
  });

  it("maps refused injections to Heka's error texts", async () => {
    const texts = [
      'protobuf unmarshal failed',
      'exceeded InjectMessage count',
      'exceeded MaxMsgLoops',
      "creates a circular reference (matches this plugin's message_matcher)",
      'aborted',
    ];
    for (let code = 1; code <= 5; code++) {
      const m = await make(
        'filter',
        'function process_message()\ninject_payload("txt", "", "loop to self")\nreturn 0 end',
        {
          answer: () => code as 1,
        },
      );
      const [r, err] = run(m.sb);
      expect(r).toBe(1);
      expect(err).toBe(`process_message() ${m.path}:2: inject_payload() ${texts[code - 1]}`);
      // "aborted" (hekad stopping) does not terminate: the data is still preserved.
      expect(m.sb.terminated).toBe(code !== 5);
    }
  });
});

describe('inject_message', () => {
  it('serialises a table as lua_sandbox did, field by field', async () => {
    const m = await make(
      'filter',
      `function process_message()
         inject_message({Timestamp = 1e9, Fields = {number = 1, numbers = {value = {1, 2, 3}, representation = "count"},
           string = "string", strings = {"s1", "s2", "s3"}, bool = true, bools = {true, false, false}}})
         return 0
       end`,
    );
    expect(run(m.sb)).toEqual([0, '']);
    const out = m.injected[0]?.payload as Uint8Array;
    expect(hex(out.subarray(0, 2))).toBe('0a10');
    expect(hex(out.subarray(18))).toBe(
      `10${'8094ebdc03'}` +
        `5213${h('\x0a\x06number\x10\x03\x39')}${dbl(1)}` +
        `522c${h('\x0a\x07numbers\x10\x03\x1a\x05count\x3a\x18')}${dbl(1)}${dbl(2)}${dbl(3)}` +
        `5210${h('\x0a\x06string\x22\x06string')}` +
        `5215${h('\x0a\x07strings\x22\x02s1\x22\x02s2\x22\x02s3')}` +
        `520a${h('\x0a\x04bool\x10\x04\x40\x01')}` +
        `520e${h('\x0a\x05bools\x10\x04\x42\x03\x01\x00\x00')}`,
    );
    const msg = m.injected[0]?.message as Message;
    expect(msg.timestamp).toBe(1000000000n);
    expect(msg.getField('numbers')?.representation).toBe('count');
  });

  it('re-encodes a decoded message byte for byte, and passes protobuf strings through', async () => {
    const pb =
      '\\010\\016\\111\\021\\235\\034\\090\\107\\077\\120\\169\\175\\058\\232\\153\\002\\231\\132\\016\\128\\148\\235\\220\\003' +
      '\\082\\027\\010\\005count\\016\\003\\058\\016\\000\\000\\000\\000\\000\\000\\240\\063\\000\\000\\000\\000\\000\\000\\240\\063';
    const m = await make(
      'filter',
      `function process_message()
         if read_message("Payload") == "round trip" then inject_message(decode_message("${pb}"))
         else inject_message("${pb}") end
         return 0
       end`,
    );
    run(m.sb, new Message({ payload: 'round trip' }));
    run(m.sb, new Message({ payload: 'raw' }));
    const expected = `10${'8094ebdc03'}521b${h('\x0a\x05count\x10\x03\x3a\x10')}${dbl(1)}${dbl(1)}`;
    expect(hex((m.injected[0]?.payload ?? new Uint8Array(0)).subarray(18))).toBe(expected);
    expect(hex((m.injected[1]?.payload ?? new Uint8Array(0)).subarray(18))).toBe(expected);
    expect(hex((m.injected[0]?.payload ?? new Uint8Array(0)).subarray(2, 18))).toBe('6f15eb225a6b4d78a9af3ae89902e784');
  });

  it('applies the header rules: 16-byte Uuid or a random v4, numeric Timestamp or now (1 s resolution)', async () => {
    setUuidSource(() => new Uint8Array(16).fill(0xff));
    const m = await make(
      'filter',
      `function process_message()
         inject_message({Uuid = "0123456789abcdef", Timestamp = 5, Type = 5, Logger = "l", Severity = "3", Payload = "p",
           EnvVersion = "e", Pid = -1, Hostname = "h"})
         inject_message({Uuid = "short", Timestamp = "soon"})
         return 0
       end`,
    );
    const before = BigInt(Math.floor(Date.now() / 1000));
    expect(run(m.sb)).toEqual([0, '']);
    const a = m.injected[0]?.message as Message;
    expect(Buffer.from(a.uuid).toString()).toBe('0123456789abcdef');
    expect(a.toJSON()).toMatchObject({
      timestamp: '5',
      type: '5',
      logger: 'l',
      severity: 3,
      payload: 'p',
      envVersion: 'e',
      pid: -1,
      hostname: 'h',
    });
    const b = m.injected[1]?.message as Message;
    expect(hex(b.uuid)).toBe('ffffffffffff4fffafffffffffffffff');
    expect(b.timestamp % 1000000000n).toBe(0n);
    expect(b.timestamp / 1000000000n).toBeGreaterThanOrEqual(before);
    expect(b.has('type')).toBe(false);
  });

  it('encodes value_type, arrays of integers (packed), bytes and the array form of Fields', async () => {
    const m = await make(
      'filter',
      `function process_message()
         inject_message({Timestamp = 0, Fields = {
           {name = "i", value = 300, value_type = 2},
           {name = "is", value = {1, 300, -1}, value_type = 2, representation = "ms"},
           {name = "b", value = "raw", value_type = 1},
           {name = "d", value = 2.5} }})
         return 0
       end`,
    );
    expect(run(m.sb)).toEqual([0, '']);
    const out = hex((m.injected[0]?.payload ?? new Uint8Array(0)).subarray(18));
    expect(out).toBe(
      `1000` +
        `5208${h('\x0a\x01i\x10\x02\x30')}ac02` +
        `5219${h('\x0a\x02is\x10\x02\x1a\x02ms\x32\x0d')}01ac02ffffffffffffffffff01` +
        `520a${h('\x0a\x01b\x10\x01\x2a\x03raw')}` +
        `520e${h('\x0a\x01d\x10\x03\x39')}${dbl(2.5)}`,
    );
    const msg = m.injected[0]?.message as Message;
    expect(msg.getField('is')?.value).toEqual([1, 300, -1]);
    expect(msg.getField('b')?.valueType).toBe('bytes');
  });

  it('fails with lua_sandbox messages', async () => {
    const cases: [string, string][] = [
      ['inject_message({Fields = {counts = {2, "ten", 4}}})', 'could not encode protobuf - array has mixed types'],
      ['inject_message({Fields = {counts = {}}})', 'could not encode protobuf - unsupported type: nil'],
      [
        'inject_message({Fields = {f = print or read_message}})',
        'could not encode protobuf - unsupported type: function',
      ],
      [
        'inject_message({Fields = {f = {value = "x", value_type = 2}}})',
        'could not encode protobuf - invalid string value_type: 2',
      ],
      [
        'inject_message({Fields = {f = {value = 1, value_type = 4}}})',
        'could not encode protobuf - invalid numeric value_type: 4',
      ],
      [
        'inject_message({Fields = {f = {value = true, value_type = 3}}})',
        'could not encode protobuf - invalid boolean value_type: 3',
      ],
      ['inject_message({Fields = {f = {{1}}}})', 'could not encode protobuf - unsupported array type: table'],
      ['inject_message({Fields = {{value = 1}}})', 'could not encode protobuf - field name must be a string'],
      ['inject_message(nil, "name")', 'takes a single string or table argument'],
      ['inject_message(1)', 'takes a single string or table argument'],
      [`inject_message({Payload = string.rep("x", 200)})`, 'output_limit exceeded'],
    ];
    for (const [call, error] of cases) {
      const m = await make('filter', `function process_message()\n${call}\nreturn 0 end`, { outputLimit: 128 });
      expect(run(m.sb), call).toEqual([1, `process_message() ${m.path}:2: inject_message() ${error}`]);
    }
  });

  it('replaces what add_to_payload had buffered (the table is built in the same buffer)', async () => {
    const m = await make(
      'filter',
      `function process_message()
         add_to_payload("pending")
         inject_message({Payload = "p"})
         inject_payload()
         return 0
       end`,
    );
    expect(run(m.sb)).toEqual([0, '']);
    expect(m.injected).toHaveLength(1);
    expect(m.sb.usage().maxOutput).toBeGreaterThan(20);
  });

  it('is the only injection an input has, and absent from outputs', async () => {
    const input = await make(
      'input',
      'assert(inject_payload == nil and add_to_payload == nil and read_message == nil) function process_message() return 0 end',
    );
    expect(input.sb.terminated).toBe(false);
    const output = await make(
      'output',
      'assert(inject_message == nil and inject_payload == nil and read_message) function process_message() return 0 end',
    );
    expect(output.sb.terminated).toBe(false);
  });
});
