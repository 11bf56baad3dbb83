/** read_message, read_next_field, read_config and decode_message, with lua_sandbox's argument rules. */
import { encodeMessage, Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { evaluate, make, run } from './helpers.js';

function testMessage(): Message {
  return new Message({
    uuid: '9a5eb2a4-7b0b-4b4e-8d4c-2f0b4d1c3a11',
    timestamp: 1385968914904958136n,
    type: 'TEST',
    logger: 'GoSpec',
    severity: 6,
    payload: 'the payload',
    envVersion: '0.8',
    pid: 9283,
    hostname: 'example.com',
    fields: [
      { name: 'foo', value: 'bar' },
      { name: 'bytes', value: new TextEncoder().encode('data') },
      { name: 'int', valueType: 'integer', value: [999n, 1024n] },
      { name: 'double', value: 99.9 },
      { name: 'bool', value: true },
      { name: 'foo', value: 'alternate' },
      { name: 'false', value: false },
      { name: 'empty_bytes', valueType: 'bytes', value: [new Uint8Array(0)] },
      { name: 'big', valueType: 'integer', value: [9007199254740993n] },
    ],
  });
}

describe('read_message', () => {
  it('reads every header as Heka exposed it', async () => {
    const out = await evaluate(
      'filter',
      `add_to_payload(read_message("Type"), "|", read_message("Logger"), "|", read_message("Payload"), "|",
        read_message("EnvVersion"), "|", read_message("Hostname"), "|", read_message("Uuid"), "|",
        read_message("Severity"), "|", read_message("Pid"), "|", type(read_message("Timestamp")), "|",
        read_message("Timestamp") == 1385968914904958136, "|", tostring(read_message("Bogus")))
       inject_payload()`,
      testMessage(),
    );
    expect(out).toBe(
      'TEST|GoSpec|the payload|0.8|example.com|9a5eb2a4-7b0b-4b4e-8d4c-2f0b4d1c3a11|6|9283|number|true|nil',
    );
  });

  it('reads fields by name, 0-based field index and 0-based array index, with their Lua types', async () => {
    const out = await evaluate(
      'filter',
      `local r = {
         read_message("Fields[foo]"), read_message("Fields[foo]", 0), read_message("Fields[foo]", 0, 0),
         read_message("Fields[foo]", 1), tostring(read_message("Fields[foo]", 1, 1)), tostring(read_message("Fields[foo]", 2)),
         read_message("Fields[bytes]"), read_message("Fields[int]"), read_message("Fields[int]", 0, 1),
         read_message("Fields[double]"), tostring(read_message("Fields[bool]")), tostring(read_message("Fields[false]")),
         tostring(read_message("Fields[empty_bytes]")), tostring(read_message("Fields[missing]")),
         type(read_message("Fields[int]")), type(read_message("Fields[bool]")) }
       add_to_payload(table.concat(r, ","))
       inject_payload()`,
      testMessage(),
    );
    expect(out).toBe('bar,bar,bar,alternate,nil,nil,data,999,1024,99.9,true,false,nil,nil,number,boolean');
  });

  it('crosses int64 and nanosecond values as doubles, exact up to 2^53', async () => {
    const out = await evaluate(
      'filter',
      `local ts = read_message("Timestamp")
       add_to_payload(string.format("%d %d %d", ts, read_message("Fields[big]"), ts - 1385968914000000000))
       inject_payload()`,
      testMessage(),
    );
    // 1385968914904958136 is not a double: the nearest one is ...8208 (Heka's Lua saw the same double).
    expect(out).toBe('1385968914904958208 9007199254740992 904958208');
  });

  it('gives the raw protobuf bytes when the runtime has them, nil otherwise', async () => {
    const m = await make(
      'filter',
      'function process_message() inject_payload("x", "", read_message("raw") or "none") return 0 end',
    );
    const msg = testMessage();
    m.sb.setMessage(msg, () => encodeMessage(msg));
    expect(m.sb.processMessage()).toBe(0);
    expect(Buffer.from(m.injected[0]?.payload ?? []).equals(Buffer.from(encodeMessage(msg)))).toBe(true);
    m.sb.setMessage(msg, () => undefined);
    expect(m.sb.processMessage()).toBe(0);
    expect(m.injected[1]?.text).toBe('none');
  });

  it('returns nil during timer_event (there is no message)', async () => {
    const m = await make(
      'filter',
      'function process_message() return 0 end function timer_event(ns) inject_payload("txt", "", tostring(read_message("Type")), " ", tostring(read_message("Fields[foo]"))) end',
    );
    expect(m.sb.timerEvent(1)).toBe(0);
    expect(m.injected[0]?.text).toBe('nil nil');
  });

  it('rejects bad arguments with lua_sandbox error texts', async () => {
    const cases: [string, string][] = [
      ['read_message("Type", 1, 1, 1)', 'read_message() incorrect number of arguments'],
      ['read_message()', 'read_message() incorrect number of arguments'],
      ['read_message(nil)', "bad argument #1 to 'read_message' (string expected, got nil)"],
      ['read_message("Type", -1, 0)', "bad argument #2 to 'read_message' (field index must be >= 0)"],
      ['read_message("Type", 0, -1)', "bad argument #3 to 'read_message' (array index must be >= 0)"],
    ];
    for (const [call, error] of cases) {
      const m = await make('filter', `function process_message()\n${call}\nreturn 0 end`);
      expect(run(m.sb, testMessage())).toEqual([1, `process_message() ${m.path}:2: ${error}`]);
    }
  });
});

describe('read_next_field', () => {
  it('iterates the fields: value_type, name, first value, representation, count; then nils', async () => {
    const out = await evaluate(
      'filter',
      `for i = 1, 10 do
         local t, n, v, r, c = read_next_field()
         add_to_payload(tostring(t), ":", tostring(n), ":", tostring(v), ":", tostring(r), ":", tostring(c), ";")
       end
       inject_payload()`,
      testMessage(),
    );
    expect(out).toBe(
      '0:foo:bar::1;1:bytes:data::1;2:int:999::2;3:double:99.9::1;4:bool:true::1;0:foo:alternate::1;' +
        '4:false:false::1;1:empty_bytes:nil::1;2:big:9.007199254741e+15::1;nil:nil:nil:nil:nil;',
    );
  });

  it('starts again for each message and takes no arguments', async () => {
    const m = await make(
      'filter',
      'function process_message() local _, n = read_next_field() inject_payload("txt", "", n) return 0 end',
    );
    run(m.sb, testMessage());
    run(m.sb, testMessage());
    expect(m.injected.map((i) => i.text)).toEqual(['foo', 'foo']);
    const bad = await make('filter', 'function process_message() read_next_field("x") return 0 end');
    expect(run(bad.sb, testMessage())[1]).toBe(`process_message() ${bad.path}:1: read_next_field() takes no arguments`);
  });
});

describe('read_config', () => {
  it('reads strings, numbers and booleans; anything else is nil', async () => {
    const m = await make(
      'filter',
      `local s, i, d, b = read_config("string"), read_config("int64"), read_config("double"), read_config("bool")
       assert(s == "widget" and i == 99 and d == 99.123 and b == true)
       assert(read_config("nil") == nil and read_config("array") == nil and read_config("object") == nil)
       assert(math.type == nil)
       function process_message() inject_payload("txt", "", s, " ", i, " ", d, " ", tostring(b)) return 0 end`,
      { config: { string: 'widget', int64: 99, double: 99.123, bool: true, array: [1, 2], object: { a: 1 } } },
    );
    run(m.sb);
    expect(m.injected[0]?.text).toBe('widget 99 99.123 true');
  });

  it('takes exactly one argument', async () => {
    const m = await make('filter', 'function process_message() read_config() return 0 end');
    expect(run(m.sb)[1]).toBe(`process_message() ${m.path}:1: read_config() must have a single argument`);
  });
});

describe('decode_message', () => {
  const bytes = (s: string): string =>
    Array.from(Buffer.from(s, 'latin1'))
      .map((b) => `\\${b}`)
      .join('');

  it('turns a Heka protobuf into a table (Fields as an array, values always arrays)', async () => {
    const msg = testMessage();
    const pb = Buffer.from(encodeMessage(msg)).toString('latin1');
    const out = await evaluate(
      'filter',
      `local t = decode_message("${bytes(pb)}")
       add_to_payload(#t.Uuid, " ", t.Timestamp == 1385968914904958136, " ", t.Type, " ", t.Logger, " ", t.Severity, " ",
         t.Payload, " ", t.EnvVersion, " ", t.Pid, " ", t.Hostname, " ", #t.Fields)
       for _, f in ipairs(t.Fields) do
         add_to_payload("|", f.name, ":", tostring(f.value_type), ":", tostring(f.representation), ":", #f.value, ":", tostring(f.value[1]))
       end
       inject_payload()`,
    );
    expect(out).toBe(
      '16 true TEST GoSpec 6 the payload 0.8 9283 example.com 9' +
        '|foo:0::1:bar|bytes:1::1:data|int:2::2:999|double:3::1:99.9|bool:4::1:true|foo:0::1:alternate' +
        '|false:4::1:false|empty_bytes:1::1:|big:2::1:9.007199254741e+15',
    );
  });

  it('reads packed and unpacked numbers, as Heka and lua_sandbox encode them', async () => {
    // Field "count": value_type DOUBLE, packed [1, 1]; then an unpacked integer field "n" = 300.
    const pb =
      '\x0a\x10' +
      'o\x15\xeb"ZkMx\xa9\xaf:\xe8\x99\x02\xe7\x84' +
      '\x10\x80\x94\xeb\xdc\x03' +
      '\x52\x1b\x0a\x05count\x10\x03\x3a\x10\x00\x00\x00\x00\x00\x00\xf0\x3f\x00\x00\x00\x00\x00\x00\xf0\x3f' +
      '\x52\x08\x0a\x01n\x10\x02\x30\xac\x02';
    const out = await evaluate(
      'filter',
      `local t = decode_message("${bytes(pb)}")
       add_to_payload(t.Timestamp, " ", t.Fields[1].value[1], ",", t.Fields[1].value[2], " ", t.Fields[2].value[1])
       inject_payload()`,
    );
    expect(out).toBe('1000000000 1,1 300');
  });

  it('fails with lua_sandbox messages', async () => {
    const cases: [string, string][] = [
      ['decode_message()', "bad argument #0 to 'decode_message' (must have one string argument)"],
      ['decode_message(1)', "bad argument #0 to 'decode_message' (must have one string argument)"],
      ['decode_message("short")', 'invalid message, too short'],
      [`decode_message("${bytes(`\x10\x01${'\x7a'.repeat(20)}`)}")`, 'error in tag: 15 wiretype: 2 offset: 2'],
      [
        `decode_message("${bytes(`\x10\x01\x1a\x10${'a'.repeat(16)}`)}")`,
        'missing required field uuid: not found timestamp: found',
      ],
      [
        `decode_message("${bytes(`\x0a\x10${'u'.repeat(16)}\x1a\x02ab`)}")`,
        'missing required field uuid: found timestamp: not found',
      ],
    ];
    for (const [call, error] of cases) {
      const m = await make('filter', `function process_message()\n${call}\nreturn 0 end`);
      expect(run(m.sb)).toEqual([1, `process_message() ${m.path}:2: ${error}`]);
    }
  });
});
