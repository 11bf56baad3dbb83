/** write_message (decoders and encoders), with Heka's rules for headers, fields, arrays and deletion. */
import { Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { make, run } from './helpers.js';

function base(): Message {
  return new Message({
    timestamp: 5123456789n,
    type: 'TEST',
    fields: [
      { name: 'foo', value: 'bar' },
      { name: 'int', valueType: 'integer', value: [999n, 1024n] },
      { name: 'bytes', value: new TextEncoder().encode('data') },
    ],
  });
}

describe('write_message', () => {
  it('writes every header and field kind a decoder can write', async () => {
    const m = await make(
      'decoder',
      `function process_message()
         write_message("Type", "MyType")
         write_message("Logger", "MyLogger")
         write_message("Timestamp", "2013-12-02T07:21:54.904958136Z")
         write_message("Payload", "MyPayload")
         write_message("EnvVersion", "000")
         write_message("Hostname", "MyHostname")
         write_message("Severity", 4)
         write_message("Pid", "12345")
         write_message("Fields[String]", "foo")
         write_message("Fields[Float]", 1.2345)
         write_message("Fields[Int]", 123, "count", 0, 0)
         write_message("Fields[Int]", 456, "count", 0, 1)
         write_message("Fields[Bool]", true)
         write_message("Fields[Bool]", false, "", 1, 0)
         write_message("Fields[Bool]", false, "", 1, 0)
         write_message("Fields[]", "bad idea")
         write_message("Uuid", "550d19b9-58c7-49d8-b0dd-b48cd1c5b305")
         write_message("Fields[delete]", "foo")
         write_message("Fields[delete]", nil)
         write_message("Fields[nonexistent]", nil)
         return 0
       end`,
    );
    const msg = base();
    expect(run(m.sb, msg)).toEqual([0, '']);
    expect(msg.type).toBe('MyType');
    expect(msg.logger).toBe('MyLogger');
    expect(msg.timestamp).toBe(1385968914904958136n);
    expect(msg.payload).toBe('MyPayload');
    expect(msg.envVersion).toBe('000');
    expect(msg.hostname).toBe('MyHostname');
    expect(msg.severity).toBe(4);
    expect(msg.pid).toBe(12345);
    expect(msg.uuidString).toBe('550d19b9-58c7-49d8-b0dd-b48cd1c5b305');
    const json = msg.toJSON().fields;
    expect(json.filter((f) => f.name === 'String')).toEqual([
      { name: 'String', valueType: 'string', representation: '', value: ['foo'] },
    ]);
    expect(msg.getField('Float')?.value).toEqual([1.2345]);
    expect(msg.getField('Int')).toMatchObject({ valueType: 'double', representation: 'count', value: [123, 456] });
    expect(json.filter((f) => f.name === 'Bool').map((f) => f.value)).toEqual([[true], [false]]);
    expect(msg.getField('')?.value).toEqual(['bad idea']);
    expect(msg.getField('delete')).toBeUndefined();
  });

  it('takes numbers, base-prefixed integer strings and timestamps in text for the numeric headers', async () => {
    const m = await make(
      'decoder',
      `function process_message()
         local v = read_message("Payload")
         if v == "a" then write_message("Severity", "0x7") write_message("Pid", "010") write_message("Timestamp", 1.5e18)
         elseif v == "b" then write_message("Timestamp", "Mon, 02 Jan 2006 15:04:05 MST")
         elseif v == "c" then write_message("Timestamp", "-0x10")
         elseif v == "d" then write_message("Severity", 6.9) write_message("Pid", -1.5)
         end
         return 0
       end`,
    );
    const a = new Message({ payload: 'a' });
    run(m.sb, a);
    expect([a.severity, a.pid, a.timestamp]).toEqual([7, 8, 1500000000000000000n]);
    const b = new Message({ payload: 'b' });
    run(m.sb, b);
    expect(b.timestamp).toBe(1136214245000000000n);
    const c = new Message({ payload: 'c' });
    run(m.sb, c);
    expect(c.timestamp).toBe(-16n);
    const d = new Message({ payload: 'd' });
    run(m.sb, d);
    expect([d.severity, d.pid]).toEqual([6, -1]);
  });

  it('deletes a field, one value of a field, or one of several fields with the same name', async () => {
    const m = await make(
      'decoder',
      `function process_message()
         write_message("Fields[multi]", "first", "", 0)
         write_message("Fields[multi]", "second", "", 1)
         write_message("Fields[multi]", nil, "", 1)
         write_message("Fields[array]", "first", "", 0, 0)
         write_message("Fields[array]", "second", "", 0, 1)
         write_message("Fields[array]", "third", "", 0, 2)
         write_message("Fields[array]", nil, "", 0, 1)
         write_message("Fields[foo]", nil)
         return 0
       end`,
    );
    const msg = base();
    expect(run(m.sb, msg)[0]).toBe(0);
    expect(msg.fields.filter((f) => f.name === 'multi').map((f) => f.value)).toEqual([['first']]);
    expect(msg.getField('array')?.value).toEqual(['first', 'third']);
    expect(msg.getField('foo')).toBeUndefined();
  });

  it('fails as Heka did (a Lua number never goes into an integer or bytes field)', async () => {
    const cases: [string, string][] = [
      ['write_message()', 'write_message() incorrect number of arguments'],
      ['write_message("Fields[bogus]", 0, "count", 0, 0, 0)', 'write_message() incorrect number of arguments'],
      ['write_message("Unknown", 0)', 'write_message() failed'],
      ['write_message("[Bogus]", 0)', 'write_message() failed'],
      ['write_message("Fields[Bogus", 0)', 'write_message() failed'],
      ['write_message("Fields[bogus]", 0, "count", 200, 0)', 'write_message() failed'],
      [
        'write_message("Fields[bogus]", 0, "count", -1, 0)',
        "bad argument #4 to 'write_message' (field index must be >= 0)",
      ],
      [
        'write_message("Fields[bogus]", 0, "count", 0, -1)',
        "bad argument #5 to 'write_message' (array index must be >= 0)",
      ],
      ['write_message(nil, 0)', "bad argument #1 to 'write_message' (string expected, got nil)"],
      ['write_message("Uuid", "")', 'write_message() failed'],
      ['write_message("Uuid", "abcdefghijklmnopqrst")', 'write_message() failed'],
      ['write_message("Timestamp", "")', 'write_message() failed'],
      ['write_message("Timestamp", "invalid")', 'write_message() failed'],
      ['write_message("Severity", true)', 'write_message() failed'],
      ['write_message("Hostname", 99)', 'write_message() failed'],
      [
        'write_message("Fields[bogus]", {a = 1})',
        'write_message() only accepts numeric, string, or boolean field values, or nil to delete',
      ],
      ['write_message("Fields[foo]", nil, "", 2)', 'write_message() failed'],
      ['write_message("Fields[int]", nil, "", 0, 2)', 'write_message() failed'],
      ['write_message("Fields[int]", 5)', 'write_message() failed'],
      ['write_message("Fields[bytes]", "x")', 'write_message() failed'],
      ['write_message("Fields[foo]", true)', 'write_message() failed'],
      ['write_message("Fields[foo]", "x", "", 0, 2)', 'write_message() failed'],
      ['write_message("Fields[new]", "x", "", 0, 1)', 'write_message() failed'],
    ];
    for (const [call, error] of cases) {
      const m = await make('decoder', `function process_message()\n${call}\nreturn 0 end`);
      expect(run(m.sb, base()), call).toEqual([1, `process_message() ${m.path}:2: ${error}`]);
      expect(m.sb.terminated).toBe(true);
    }
  });

  it('is missing from filters, inputs and outputs', async () => {
    for (const kind of ['filter', 'input', 'output'] as const) {
      const m = await make(kind, 'assert(write_message == nil) function process_message() return 0 end');
      expect(m.sb.terminated).toBe(false);
    }
  });

  it('changes a copy of the message in an encoder (the original other outputs see is untouched)', async () => {
    const m = await make('encoder', 'function process_message() write_message("Payload", "mutated") return 0 end');
    const msg = base();
    m.sb.setMessage(msg);
    expect(m.sb.processMessage()).toBe(0);
    expect(m.sb.message?.payload).toBe('mutated');
    expect(msg.payload).toBe('');
  });
});
