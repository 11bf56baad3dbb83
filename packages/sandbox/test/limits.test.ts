/** The limits that must really hold, the termination rules, and the usage statistics. */
import { Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { SandboxInitError } from '../src/index.js';
import { make, run, script } from './helpers.js';

const msg = (payload: string): Message => new Message({ payload });

describe('instruction_limit', () => {
  it('stops an endless loop with "instruction_limit exceeded" and terminates the sandbox', async () => {
    const m = await make('filter', 'function process_message() while true do end return 0 end', {
      instructionLimit: 1000,
    });
    expect(run(m.sb)).toEqual([1, 'process_message() instruction_limit exceeded']);
    expect(m.sb.terminated).toBe(true);
    // A terminated sandbox keeps answering 1 with its termination message.
    expect(run(m.sb)).toEqual([1, 'process_message() instruction_limit exceeded']);
    expect(m.sb.timerEvent(0)).toBe(1);
  });

  it('counts per call: many calls each under the limit are fine', async () => {
    const m = await make('filter', 'function process_message() for i = 1, 200 do end return 0 end', {
      instructionLimit: 1000,
    });
    for (let i = 0; i < 50; i++) expect(run(m.sb)[0]).toBe(0);
    const u = m.sb.usage();
    expect(u.maxInstructions).toBeGreaterThan(200);
    expect(u.maxInstructions).toBeLessThan(1000);
    expect(u.instructionLimit).toBe(1000);
  });

  it('applies to timer_event and to the script loading', async () => {
    const m = await make(
      'filter',
      'function process_message() return 0 end function timer_event() while true do end end',
      {
        instructionLimit: 1000,
      },
    );
    expect(m.sb.timerEvent(0)).toBe(1);
    expect(m.sb.lastError).toBe('timer_event() instruction_limit exceeded');
    await expect(make('filter', 'while true do end', { instructionLimit: 1000 })).rejects.toThrow(
      'instruction_limit exceeded',
    );
  });

  it('is not applied to inputs and outputs (they run as coroutines instead)', async () => {
    const m = await make('output', 'function process_message() for i = 1, 200000 do end return 0 end', {
      instructionLimit: 1000,
    });
    m.sb.setMessage(msg('x'));
    expect(await m.sb.callAsync('process_message')).toBe(0);
    expect(m.sb.usage().instructionLimit).toBe(0);
    expect(m.sb.usage().maxInstructions).toBeGreaterThan(200000);
  });
});

describe('memory_limit', () => {
  it("stops a string growing past the limit (Heka's own test: 500 x 100 bytes against 32767)", async () => {
    const m = await make(
      'filter',
      `data = ""
       function process_message()
         for i = 1, 500 do data = data .. "${'0123456789'.repeat(10)}" end
         return 0
       end`,
      { memoryLimit: 32767, instructionLimit: 1000 },
    );
    expect(run(m.sb)).toEqual([1, 'process_message() not enough memory']);
    expect(m.sb.usage().memory).toBe(0);
    // Like Heka's allocator, the refused allocation never counts: the maximum stays within the limit.
    expect(m.sb.usage().maxMemory).toBeGreaterThan(30000);
    expect(m.sb.usage().maxMemory).toBeLessThanOrEqual(32767);
  });

  it('refuses a huge allocation before making it', async () => {
    for (const body of [
      'local s = string.rep("x", 1e9)',
      'local s = ("x"):rep(2^30)',
      'local s = "x" while true do s = s .. s end',
      'local t = {} for i = 1, 1000 do t[i] = "0123456789" end local s = table.concat(t):rep(10000)',
      'local t = {} local s = string.rep("x", 1e6) for i = 1, 1e4 do t[i] = s end local c = table.concat(t)',
      'local s = string.rep("x", 1e6):gsub("x", string.rep("y", 1e4))',
    ]) {
      const m = await make('filter', `function process_message() ${body} return 0 end`, { instructionLimit: 0 });
      const rss = process.memoryUsage().rss;
      const started = performance.now();
      expect(run(m.sb), body).toEqual([1, 'process_message() not enough memory']);
      expect(performance.now() - started, body).toBeLessThan(2000);
      expect(process.memoryUsage().rss - rss, body).toBeLessThan(256 * 1024 * 1024);
      expect(m.sb.usage().maxMemory, body).toBeLessThan(9 * 1024 * 1024);
    }
  });

  it('stops tables that keep growing, within 1/16 of the limit', async () => {
    const m = await make(
      'output',
      'function process_message() local t = {} for i = 1, 1e8 do t[i] = i end return 0 end',
      {
        memoryLimit: 2 * 1024 * 1024,
      },
    );
    m.sb.setMessage(msg('x'));
    expect(await m.sb.callAsync('process_message')).toBe(1);
    expect(m.sb.lastError).toBe('process_message() not enough memory');
    expect(m.sb.usage().maxMemory).toBeLessThan(2 * 1024 * 1024 * (1 + 1 / 16) + 64 * 1024);
  });

  it('counts what the script keeps between calls, not its garbage', async () => {
    const m = await make(
      'filter',
      `kept = {}
       function process_message()
         local garbage = string.rep("g", 200000)
         kept[#kept + 1] = read_message("Payload")
         return 0
       end`,
      { memoryLimit: 1024 * 1024, instructionLimit: 0 },
    );
    // 200 calls make 40 MB of garbage but keep only 200 short strings.
    for (let i = 0; i < 200; i++) expect(run(m.sb, msg(`payload ${i}`))[0]).toBe(0);
    const kept = await make(
      'filter',
      'kept = {} function process_message() kept[#kept + 1] = read_message("Payload") return 0 end',
      {
        memoryLimit: 64 * 1024,
      },
    );
    let status = 0;
    for (let i = 0; i < 1000 && status === 0; i++) status = run(kept.sb, msg(`${'p'.repeat(100)} ${i}`))[0];
    expect(status).toBe(1);
    expect(kept.sb.lastError).toBe('process_message() not enough memory');
  });

  it('keeps Memory and MaxMemory low and flat for a script that keeps nothing, however much garbage it makes', async () => {
    // A decoder that builds a message table and some strings per record and keeps none of it.
    const m = await make(
      'decoder',
      `function process_message()
         local line = read_message("Payload")
         local fields = {}
         for i = 1, 20 do fields["f" .. i] = line .. i end
         local pad = string.rep(line, 50)
         return 0
       end`,
    );
    const start = m.sb.usage().maxMemory;
    const maxAfter = (calls: number): number => {
      for (let i = 0; i < calls; i++) expect(run(m.sb, msg(`record ${i} of a stream of lines`))[0]).toBe(0);
      return m.sb.usage().maxMemory;
    };
    // About 4 KB of garbage per call: 12 MB after 3000 calls, 60 MB after 15000 more.
    const early = maxAfter(3000);
    const late = maxAfter(15000);
    expect(early).toBeLessThan(start + 4096);
    expect(late).toBe(early);
    expect(m.sb.usage().memory).toBeLessThanOrEqual(late);
    expect(m.sb.usage().memory).toBeGreaterThanOrEqual(start - 1024);
  });

  it('follows what a script keeps: MaxMemory grows with its state, up to the limit', async () => {
    const m = await make(
      'decoder',
      'kept = {} function process_message() kept[#kept + 1] = read_message("Payload") return 0 end',
      { memoryLimit: 1024 * 1024 },
    );
    const start = m.sb.usage().maxMemory;
    // Each call keeps a 100-byte string (125 bytes as Lua 5.1 counts it) and an array slot (16).
    for (let i = 0; i < 2000; i++) expect(run(m.sb, msg(`${'k'.repeat(96)}${String(i).padStart(4, '0')}`))[0]).toBe(0);
    const grown = m.sb.usage().maxMemory - start;
    expect(grown).toBeGreaterThan(2000 * 141 - (1024 * 1024) / 8); // a census may lag by 1/8 of the limit
    expect(grown).toBeLessThan(2000 * 141 * 2);
    let status = 0;
    for (let i = 0; i < 10000 && status === 0; i++) status = run(m.sb, msg(`${'k'.repeat(100)} ${i}`))[0];
    expect(status).toBe(1);
    expect(m.sb.lastError).toBe('process_message() not enough memory');
    expect(m.sb.usage().maxMemory).toBeGreaterThan(1024 * 1024 - (1024 * 1024) / 16);
    expect(m.sb.usage().maxMemory).toBeLessThanOrEqual(1024 * 1024 + 4096);
  });

  it('reports Memory and MaxMemory in Lua 5.1 sizes, and lets the script catch the error with pcall', async () => {
    const m = await make(
      'filter',
      `big = nil
       function process_message()
         local ok, err = pcall(function() return string.rep("x", 1e8) end)
         big = string.rep("y", 100000)
         inject_payload("txt", "", tostring(ok), " ", err)
         return 0
       end`,
    );
    const before = m.sb.usage().memory;
    expect(before).toBeGreaterThan(5000);
    expect(before).toBeLessThan(40000);
    expect(run(m.sb)).toEqual([0, '']);
    expect(m.injected[0]?.text).toBe('false not enough memory');
    m.sb.memory.measure();
    expect(m.sb.usage().memory - before).toBeGreaterThan(100000);
    expect(m.sb.usage().memory - before).toBeLessThan(102000);
    expect(m.sb.usage().memoryLimit).toBe(8 * 1024 * 1024);
  });

  it('is unlimited at 0, but still measured', async () => {
    const m = await make('filter', 'function process_message() s = string.rep("x", 10 * 1024 * 1024) return 0 end', {
      memoryLimit: 0,
    });
    expect(run(m.sb)).toEqual([0, '']);
    expect(m.sb.usage().maxMemory).toBeGreaterThan(10 * 1024 * 1024);
  });
});

describe('output_limit', () => {
  it('stops add_to_payload at the limit (one byte is kept, as lua_sandbox kept it for a NUL)', async () => {
    const m = await make(
      'filter',
      `function process_message()
         local n = tonumber(read_message("Payload"))
         add_to_payload(string.rep("x", n))
         inject_payload()
         return 0
       end`,
      { outputLimit: 128 },
    );
    expect(run(m.sb, msg('127'))).toEqual([0, '']);
    expect(run(m.sb, msg('128'))).toEqual([1, `process_message() ${m.path}:3: output_limit exceeded`]);
    expect(m.sb.usage()).toMatchObject({ maxOutput: 127, outputLimit: 128 });
  });

  it('counts extra inject_payload arguments too', async () => {
    const m = await make(
      'filter',
      'function process_message()\nfor i = 1, 15 do add_to_payload(string.rep("0", 100)) end\nreturn 0 end',
      { outputLimit: 1024 },
    );
    expect(run(m.sb)).toEqual([1, `process_message() ${m.path}:2: output_limit exceeded`]);
  });
});

describe('status codes and errors', () => {
  it('passes status codes and error messages through', async () => {
    const m = await make(
      'filter',
      `function process_message()
         local p = read_message("Payload")
         if p == "ok" then return 0 elseif p == "fail" then return -1, "failure message"
         elseif p == "fail quietly" then return -3 elseif p == "float" then return -1.9 end
         return 2
       end`,
    );
    expect(run(m.sb, msg('ok'))).toEqual([0, '']);
    expect(run(m.sb, msg('fail'))).toEqual([-1, 'failure message']);
    expect(run(m.sb, msg('fail quietly'))).toEqual([-3, '']);
    expect(run(m.sb, msg('float'))).toEqual([-1, '']);
    expect(m.sb.terminated).toBe(false);
    // A positive status is the script's own fatal error: the plugin decides (the sandbox itself goes on).
    expect(run(m.sb, msg('x'))[0]).toBe(2);
  });

  it("terminates on wrong return values and on Lua errors, with Heka's texts", async () => {
    const cases: [string, string][] = [
      ['do return nil end', 'process_message() must return a numeric status code'],
      ['do return end', 'process_message() must return a numeric status code'],
      ['do return "0" end', 'process_message() must return a numeric status code'],
      ['do return -1, 1 end', 'process_message() must return a nil or string error message'],
      ['x = x + 1', "process_message() %s:2: attempt to perform arithmetic on global 'x' (a nil value)"],
      ['local t t.x = 1', "process_message() %s:2: attempt to index local 't' (a nil value)"],
      ['undefined_function()', "process_message() %s:2: attempt to call global 'undefined_function' (a nil value)"],
      ['error("boom")', 'process_message() %s:2: boom'],
      ['error({})', 'process_message() (null)'],
      ['error("x" .. string.rep("y", 400))', `process_message() %s:2: x${'y'.repeat(255)}`],
    ];
    for (const [body, expected] of cases) {
      const m = await make('filter', `function process_message()\n${body}\nreturn 0 end`);
      const [r, err] = run(m.sb);
      const want = expected.replace('%s', m.path);
      expect(r, body).toBe(1);
      expect(err, body).toBe(Buffer.from(want).subarray(0, 255).toString());
      expect(m.sb.terminated).toBe(true);
    }
  });

  it('terminates when process_message or timer_event is missing', async () => {
    const m = await make('filter', 'x = 1');
    expect(run(m.sb)).toEqual([1, 'process_message() function was not found']);
    const t = await make('filter', 'function process_message() return 0 end');
    expect(t.sb.timerEvent(0)).toBe(1);
    expect(t.sb.lastError).toBe('timer_event() function was not found');
  });

  it('fails to start on a missing file, a syntax error, or an error while loading', async () => {
    const missing = `${script('x = 1')}.missing`;
    await expect(make('filter', '', { filename: missing })).rejects.toThrow(
      new SandboxInitError(`cannot open ${missing}: No such file or directory`),
    );
    const syntax = make('filter', 'function process_message(\n');
    await expect(syntax).rejects.toBeInstanceOf(SandboxInitError);
    await expect(syntax).rejects.toThrow(/:2: .*expected near <eof>/);
    await expect(make('filter', 'error("load failed")')).rejects.toThrow(/:1: load failed$/);
  });
});
