/**
 * inject_message(table) straight to a Message (build.ts, decoders, filters, inputs) against lua_sandbox's
 * bytes (encode.ts, encoders): the same message, the same errors, the same byte count under every
 * output_limit.
 */
import { decodeMessage, encodeMessage, Message } from '@heka/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LuaSandbox, setUuidSource } from '../src/index.js';
import { script } from './helpers.js';

/** Tables as Lua expressions. Timestamp is set so that both runs agree to the nanosecond. */
const TABLES: string[] = [
  '{Timestamp = 1}',
  '{Timestamp = 1.7e18, Type = "t", Logger = "l", Payload = "p", EnvVersion = "e", Hostname = "h", Severity = 3, Pid = 99}',
  '{Timestamp = -5, Type = 12.5, Logger = 1e300, Severity = -1, Pid = 2^40 + 7}',
  '{Timestamp = 1e19, Severity = 0/0, Pid = 1/0}',
  '{Timestamp = 0/0, Payload = string.rep("x", 300)}',
  '{Timestamp = 2, Uuid = "0123456789abcdef"}',
  '{Timestamp = 2, Uuid = "short", Type = "caf\\195\\169 \\255 bad"}',
  '{Timestamp = 3, Severity = "3", Pid = " 0x10 "}',
  '{Timestamp = "12"}',
  '{Timestamp = 4, Fields = {s = "x", n = 1.5, i = 7, b = false, neg = -3}}',
  '{Timestamp = 4, Fields = {ss = {"a", "b", "c"}, ns = {1, 2.5, -3}, bs = {true, false, true}}}',
  '{Timestamp = 4, Fields = {one = {"a"}, n1 = {5}, b1 = {true}}}',
  '{Timestamp = 5, Fields = {ints = {value = {1, 300, -1, 2^53 + 2, 1e19}, value_type = 2, representation = "ms"}}}',
  '{Timestamp = 5, Fields = {ints = {value = big, value_type = 2}}}',
  '{Timestamp = 5, Fields = {d = {value = 2.5, value_type = 3}, i = {value = 2.5, value_type = 2}, s = {value = "b", value_type = 1}}}',
  '{Timestamp = 5, Fields = {s = {value = "v", value_type = 0, representation = 7}, bb = {value = true, value_type = 4}}}',
  '{Timestamp = 5, Fields = {nested = {value = {value = 1, representation = "inner"}, representation = "outer"}}}',
  '{Timestamp = 6, Fields = {{name = "a", value = 1}, {name = "a", value = "two", representation = "r"}, {name = 3, value = {1, 2}, value_type = 2}}}',
  '{Timestamp = 6, Fields = {"first", "second", x = 1}}',
  '{Timestamp = 6, Fields = {[1.5] = "f", [2^40] = "g", long = string.rep("y", 200), ["caf\\195\\169"] = "\\0\\1\\255"}}',
  '{Timestamp = 7, Fields = {bad = {1, "x"}}}',
  '{Timestamp = 7, Fields = {bad = {}}}',
  '{Timestamp = 7, Fields = {bad = read_message}}',
  '{Timestamp = 7, Fields = {bad = {value = "x", value_type = 2}}}',
  '{Timestamp = 7, Fields = {bad = {value = 1, value_type = 4}}}',
  '{Timestamp = 7, Fields = {bad = {value = true, value_type = 3}}}',
  '{Timestamp = 7, Fields = {bad = {{1}}}}',
  '{Timestamp = 7, Fields = {{value = 1}}}',
  '{Timestamp = 7, Fields = {[true] = 1}}',
  '{Timestamp = 7, Fields = {ok = 1, later = {value = nil}}}',
  // What build.ts hands to encode.ts: metatables, userdata, arrays that are not sequences.
  'setmetatable({Fields = {x = 1}}, {__index = {Timestamp = 8, Type = "from __index"}})',
  '{Timestamp = 8, Fields = {obj = setmetatable({}, {__index = {value = 3, representation = "mt"}})}}',
  '{Timestamp = 8, Fields = {h = hll}}',
  '{Timestamp = 8, Fields = {h = {value = hll, representation = "hll"}}}',
  '{Timestamp = 8, Fields = {holes = {1, nil, 3}}}',
  '{Timestamp = 8, Fields = {extra = {"a", "b", x = "c"}}}',
  '{Timestamp = 8, Fields = {extra = {1, 2, x = 3}}}',
  '{Timestamp = 8, Fields = {{name = "a", value = 1}, "not a table"}}',
  '{Timestamp = 8, Fields = {o = {value = 1, value_type = "2"}}}',
];

const SOURCE = `
require "hyperloglog"
hll = hyperloglog.new()
hll:add("x")
big = {}
for i = 1, 40 do big[i] = i * 1000 end
cases = {${TABLES.map((t) => `function() return ${t} end`).join(',\n')}}
function process_message()
  inject_message(cases[read_message("Pid")]())
  return 0
end`;

interface Outcome {
  status: number;
  error: string;
  maxOutput: number;
  size?: number;
  bytes?: Uint8Array;
  message?: Message;
}

let path = '';
beforeAll(() => {
  setUuidSource(() => Uint8Array.from({ length: 16 }, (_, i) => i * 17));
  path = script(SOURCE);
});
afterAll(() => setUuidSource());

/** Injects table `index` from a new sandbox: directly as a message, or as lua_sandbox's bytes. */
async function inject(direct: boolean, index: number, outputLimit = 64 * 1024): Promise<Outcome> {
  let got: { bytes?: Uint8Array; message?: Message; size?: number } = {};
  const sb = await LuaSandbox.create({
    kind: 'decoder',
    name: 'build',
    filename: path,
    moduleDirectories: [],
    memoryLimit: 8 << 20,
    instructionLimit: 1e6,
    outputLimit,
    config: {},
    inject: (bytes) => {
      got = { bytes, size: bytes.length };
      try {
        decodeMessage(bytes); // what the plugins do with bytes: undecodable ones are refused
      } catch {
        return 1;
      }
      return 0;
    },
    ...(direct
      ? {
          injectMessage: (message: Message, size: number) => {
            got = { message, size };
            return 0;
          },
        }
      : {}),
  });
  sb.setMessage(new Message({ pid: index }));
  const status = sb.processMessage();
  const maxOutput = sb.usage().maxOutput;
  sb.close();
  return { status, error: sb.lastError, maxOutput, ...(status === 0 ? got : {}) };
}

/** The message, encoded the way hekad writes a message whose bytes it did not keep. */
function wire(o: Outcome): string {
  const m = o.message ?? (o.bytes ? decodeMessage(o.bytes).clone() : undefined);
  return m ? Buffer.from(encodeMessage(m)).toString('hex') : '';
}

describe('inject_message(table) built directly', () => {
  it('gives the message, the error and the size that lua_sandbox’s bytes give, for every table', async () => {
    for (let i = 1; i <= TABLES.length; i++) {
      const direct = await inject(true, i);
      const bytes = await inject(false, i);
      const what = TABLES[i - 1];
      expect(direct.error, what).toBe(bytes.error);
      expect(direct.status, what).toBe(bytes.status);
      expect(direct.size, what).toBe(bytes.size);
      expect(direct.maxOutput, what).toBe(bytes.maxOutput);
      expect(wire(direct), what).toBe(wire(bytes));
      if (bytes.bytes) {
        expect(direct.message?.toJSON(), what).toEqual(decodeMessage(bytes.bytes).toJSON());
      }
    }
  });

  it('fails at the same output_limit, with the same error, as the bytes', async () => {
    const limits = [0, 1, 17, 18, 19, 20, 29, 30, 31, 40, 60, 100, 128, 200, 300, 400, 500, 1000];
    for (const i of [2, 5, 6, 10, 11, 13, 17, 18, 20]) {
      let fitted = 0;
      for (const limit of limits) {
        const direct = await inject(true, i, limit);
        const bytes = await inject(false, i, limit);
        const what = `${TABLES[i - 1]} at ${limit}`;
        expect(direct.error, what).toBe(bytes.error);
        expect(direct.size, what).toBe(bytes.size);
        expect(direct.maxOutput, what).toBe(bytes.maxOutput);
        if (direct.status === 0) fitted++;
      }
      // Each table fits under some of the limits and not under others (0 is no limit).
      expect(fitted, TABLES[i - 1]).toBeGreaterThan(1);
      expect(fitted, TABLES[i - 1]).toBeLessThan(limits.length);
    }
  });

  it('asks for room as lua_sandbox did: 10 bytes for any varint, one for the final NUL', async () => {
    // {Timestamp = 1} is 20 bytes, but the timestamp's varint is written only when 10 bytes fit after
    // its tag (18 + 1 + 10 = 29).
    for (const direct of [true, false]) {
      expect((await inject(direct, 1, 28)).error).toMatch(/inject_message\(\) output_limit exceeded$/);
      expect(await inject(direct, 1, 29)).toMatchObject({ status: 0, size: 20 });
    }
  });
});
