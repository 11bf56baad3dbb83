/** SandboxFilter in real pipelines: the API, injection rules, termination, limits, preservation. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type InputContext, Message, NO_OPTIONS } from '@heka/core';
import { startTestPipeline, type TestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const scripts = mkdtempSync(join(tmpdir(), 'sandbox-filter-'));
let n = 0;
function lua(source: string): string {
  const path = join(scripts, `f${++n}.lua`);
  writeFileSync(path, source);
  return path;
}
const counter = new URL('./lua/counter.lua', import.meta.url).pathname;

/** Delivers the given messages, then a message every 50 ms (type "tick") until stopped. */
function feeder(messages: () => Message[], keepTicking = false) {
  return definePlugin({
    type: 'FeedInput',
    kind: 'input',
    description: 'test feeder',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        for (const m of messages()) {
          const r = ctx.deliver(m);
          if (r) await r;
        }
        while (!ctx.signal.aborted) {
          if (keepTicking) ctx.deliver(new Message({ type: 'tick' }));
          await new Promise((r) => setTimeout(r, 50));
        }
      },
    }),
  });
}

const requests =
  (methods: string[]): (() => Message[]) =>
  () =>
    methods.map((method) => new Message({ type: 'request', fields: [{ name: 'method', value: method }] }));

let running: TestPipeline[] = [];
afterEach(async () => {
  await Promise.all(running.map((p) => p.stop()));
  running = [];
});

async function start(options: Parameters<typeof startTestPipeline>[0]): Promise<TestPipeline> {
  const p = await startTestPipeline(options);
  running.push(p);
  return p;
}

describe('SandboxFilter', () => {
  it('counts by a field and reports on each tick (heka.sandbox-output)', async () => {
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET', 'POST', 'GET'])) },
        counts: {
          definition: plugin,
          config: {
            filename: counter,
            message_matcher: "Type == 'request'",
            ticker_interval: 1,
            config: { field: 'method' },
          },
        },
      },
      capture: "Type == 'heka.sandbox-output'",
    });
    const [m] = await p.waitFor(1, 5000);
    expect(m?.toJSON()).toMatchObject({
      type: 'heka.sandbox-output',
      logger: 'counts',
      hostname: 'testkit',
      payload: 'GET\t2\nPOST\t1\n',
      fields: [
        { name: 'payload_type', valueType: 'string', representation: 'file-extension', value: ['tsv'] },
        { name: 'payload_name', valueType: 'string', representation: '', value: ['counts'] },
      ],
    });
    expect(m?.pid).toBe(process.pid);
  });

  it('prefixes the Type of injected messages and sets Logger and Hostname', async () => {
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET'])) },
        tagger: {
          definition: plugin,
          config: {
            filename: lua(`function process_message()
              inject_message({Type = "tagged", Logger = "ignored", Hostname = "ignored", Payload = read_message("Fields[method]"),
                Fields = {seen = true}})
              return 0
            end`),
            message_matcher: "Type == 'request'",
          },
        },
      },
      capture: "Type == 'heka.sandbox.tagged'",
    });
    const [m] = await p.waitFor(1);
    expect(m?.toJSON()).toMatchObject({ logger: 'tagger', hostname: 'testkit', payload: 'GET' });
    expect(m?.getFieldValue('seen')).toBe(true);
  });

  it('is terminated by a Lua error: heka.sandbox-terminated (no heka.terminated), it exits, hekad runs on', async () => {
    const path = lua('function process_message()\n  local t = nil\n  return t.x\nend');
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET', 'GET']), true) },
        broken: { definition: plugin, config: { filename: path, message_matcher: "Type == 'request'" } },
      },
      capture: "Type == 'heka.sandbox-terminated' || Type == 'heka.terminated' || Type == 'tick'",
    });
    await p.waitForLog(/broken.*stopped/);
    const until = Date.now() + 3000;
    while (p.messages.filter((m) => m.type === 'tick').length < 3 && Date.now() < until) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const terminated = p.messages.find((m) => m.type === 'heka.sandbox-terminated');
    expect(terminated?.toJSON()).toMatchObject({
      logger: 'hekad',
      hostname: 'testkit',
      payload: `process_message() ${path}:3: attempt to index local 't' (a nil value)`,
      fields: [{ name: 'plugin', value: ['broken'] }],
    });
    // The sandbox announced its end itself, so hekad adds no heka.terminated (Heka's TerminatedError).
    expect(p.messages.some((m) => m.type === 'heka.terminated')).toBe(false);
    expect(p.messages.filter((m) => m.type === 'tick').length).toBeGreaterThanOrEqual(3);
    expect(p.pipeline.filters.has('broken')).toBe(false);
    expect(p.fatal).toBeUndefined();
  });

  it('limits injections per process_message and per timer_event (max_process_inject, max_timer_inject)', async () => {
    const twice = lua(
      'function process_message()\n  inject_payload("txt", "", "one")\n  inject_payload("txt", "", "two")\n  return 0\nend',
    );
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET'])) },
        twice: { definition: plugin, config: { filename: twice, message_matcher: "Type == 'request'" } },
        timer: {
          definition: plugin,
          config: {
            filename: lua(
              'function process_message() return 0 end\nfunction timer_event(ns)\n  for i = 1, 4 do inject_payload("txt", "", i) end\nend',
            ),
            message_matcher: 'FALSE',
            ticker_interval: 1,
          },
        },
      },
      globals: { maxTimerInject: 3 },
      capture: "Type == 'heka.sandbox-terminated' || Type == 'heka.sandbox-output'",
    });
    await p.waitFor(6, 5000);
    const byPlugin = (name: string) =>
      p.messages.find((m) => m.type === 'heka.sandbox-terminated' && m.getFieldValue('plugin') === name)?.payload;
    expect(byPlugin('twice')).toBe(`process_message() ${twice}:3: inject_payload() exceeded InjectMessage count`);
    expect(byPlugin('timer')).toMatch(/^timer_event\(\) .*:3: inject_payload\(\) exceeded InjectMessage count$/);
    expect(p.messages.filter((m) => m.type === 'heka.sandbox-output').map((m) => m.payload)).toEqual([
      'one',
      '1',
      '2',
      '3',
    ]);
  });

  it('cannot inject what its own matcher accepts, nor loop past max_message_loops', async () => {
    const self = lua('function process_message()\n  inject_payload("txt", "", "again")\n  return 0\nend');
    const relay = lua('function process_message()\n  inject_message({Type = "relay"})\n  return 0\nend');
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET'])) },
        self: {
          definition: plugin,
          config: { filename: self, message_matcher: "Type == 'request' || Type == 'heka.sandbox-output'" },
        },
        first: { definition: plugin, config: { filename: relay, message_matcher: "Type == 'request'" } },
        second: { definition: plugin, config: { filename: relay, message_matcher: "Logger == 'first'" } },
      },
      globals: { maxMessageLoops: 1 },
      capture: "Type == 'heka.sandbox-terminated'",
    });
    await p.waitFor(1);
    const payload = (name: string) => p.messages.find((m) => m.getFieldValue('plugin') === name)?.payload;
    expect(payload('self')).toBe(
      `process_message() ${self}:2: inject_payload() creates a circular reference (matches this plugin's message_matcher)`,
    );
    // The termination notice starts a new chain of injections: it gets out at max_message_loops too.
    await p.waitFor(2);
    expect(payload('second')).toBe(`process_message() ${relay}:2: inject_message() exceeded MaxMsgLoops`);
    expect(p.logs.some((l) => /cannot report the termination/.test(l))).toBe(false);
  });

  it('counts a negative status as a failure, logs its message, and goes on', async () => {
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET', 'BAD', 'GET'])) },
        picky: {
          definition: plugin,
          config: {
            filename: lua(`n = 0
              function process_message()
                if read_message("Fields[method]") == "BAD" then return -1, "bad method" end
                n = n + 1
                return 0
              end
              function timer_event(ns) inject_payload("txt", "", n) end`),
            message_matcher: "Type == 'request'",
            ticker_interval: 1,
          },
        },
      },
      capture: "Type == 'heka.sandbox-output'",
    });
    await p.waitForLog(/picky.*bad method/);
    const [m] = await p.waitFor(1, 4000);
    expect(m?.payload).toBe('2');
    expect(p.pipeline.filters.get('picky')?.stats.failures).toBe(1);
  });

  it('terminates a script that loops forever or allocates too much, without stopping hekad', async () => {
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET'])) },
        spin: {
          definition: plugin,
          config: {
            filename: lua('function process_message() while true do end end'),
            message_matcher: "Type == 'request'",
          },
        },
        hog: {
          definition: plugin,
          config: {
            filename: lua('function process_message() local s = string.rep("x", 2^31) return 0 end'),
            message_matcher: "Type == 'request'",
            memory_limit: 1024 * 1024,
          },
        },
        flood: {
          definition: plugin,
          config: {
            filename: lua('function process_message()\n  add_to_payload(string.rep("x", 200))\n  return 0\nend'),
            message_matcher: "Type == 'request'",
            output_limit: 100,
          },
        },
      },
      capture: "Type == 'heka.sandbox-terminated'",
    });
    await p.waitFor(3, 5000);
    const payload = (name: string) => p.messages.find((m) => m.getFieldValue('plugin') === name)?.payload;
    expect(payload('spin')).toBe('process_message() instruction_limit exceeded');
    expect(payload('hog')).toBe('process_message() not enough memory');
    expect(payload('flood')).toMatch(/^process_message\(\) .*:2: output_limit exceeded$/);
    expect(p.fatal).toBeUndefined();
  });

  it('preserves its globals across a restart, in a file of its own', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sandbox-filter-base-'));
    const path = lua(`count = 0
      function process_message() count = count + 1 return 0 end
      function timer_event(ns) inject_payload("txt", "", count) end`);
    const sections = (methods: string[]) => ({
      feed: { definition: feeder(requests(methods)) },
      'my counter': {
        definition: plugin,
        config: {
          filename: path,
          message_matcher: "Type == 'request'",
          preserve_data: true,
          timer_event_on_shutdown: true,
        },
      },
    });
    const first = await startTestPipeline({
      sections: sections(['a', 'b', 'c']),
      globals: { baseDir: base },
      capture: "Type == 'heka.sandbox-output'",
    });
    await new Promise((r) => setTimeout(r, 200));
    await first.stop();
    expect(first.messages.map((m) => m.payload)).toEqual(['3']);
    const file = join(base, 'sandbox_preservation', 'my_counter.data');
    expect(readFileSync(file, 'latin1')).toBe(
      'if _PRESERVATION_VERSION and _PRESERVATION_VERSION ~= 0 then return end\n_G["_VERSION"] = "Lua 5.1"\n_G["count"] = 3\n',
    );
    const second = await startTestPipeline({
      sections: sections(['d', 'e']),
      globals: { baseDir: base },
      capture: "Type == 'heka.sandbox-output'",
    });
    await new Promise((r) => setTimeout(r, 200));
    await second.stop();
    expect(second.messages.map((m) => m.payload)).toEqual(['5']);
  });

  it('does not start with a script that fails to load, and names the file', async () => {
    const path = lua('function process_message(');
    await expect(
      startTestPipeline({
        sections: { bad: { definition: plugin, config: { filename: path, message_matcher: 'TRUE' } } },
      }),
    ).rejects.toThrow(path);
    const missing = join(scripts, 'missing.lua');
    await expect(
      startTestPipeline({
        sections: { bad: { definition: plugin, config: { filename: missing, message_matcher: 'TRUE' } } },
      }),
    ).rejects.toThrow(`cannot open ${missing}: No such file or directory`);
  });

  it('resolves filename and module_directory under share_dir', async () => {
    const share = mkdtempSync(join(tmpdir(), 'sandbox-filter-share-'));
    writeFileSync(
      join(share, 'f.lua'),
      'local g = require "greeting" function process_message() inject_payload("txt", "", g) return 0 end',
    );
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(share, 'lua_modules'));
    writeFileSync(join(share, 'lua_modules', 'greeting.lua'), 'return "hello from share_dir"');
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET'])) },
        rel: { definition: plugin, config: { filename: 'f.lua', message_matcher: "Type == 'request'" } },
      },
      globals: { shareDir: share },
      capture: "Type == 'heka.sandbox-output'",
    });
    const [m] = await p.waitFor(1);
    expect(m?.payload).toBe('hello from share_dir');
    expect(existsSync(join(share, 'lua_modules'))).toBe(true);
  });

  it('reports its sandbox usage in its report entry, under Heka’s names', async () => {
    const p = await start({
      sections: {
        feed: { definition: feeder(requests(['GET', 'POST'])) },
        counts: { definition: plugin, config: { filename: counter, message_matcher: "Type == 'request'" } },
      },
      capture: null,
    });
    await new Promise((r) => setTimeout(r, 100));
    const report = p.pipeline.filters.get('counts')?.report() ?? {};
    expect(Object.keys(report)).toEqual(['Memory', 'MaxMemory', 'MaxInstructions', 'MaxOutput']);
    expect(report).toMatchObject({
      Memory: { representation: 'B' },
      MaxMemory: { representation: 'B' },
      MaxInstructions: { representation: 'count' },
      MaxOutput: { representation: 'B' },
    });
    const value = (name: string) => (report[name] as { value: number }).value;
    expect(value('Memory')).toBeGreaterThan(1000);
    expect(value('MaxMemory')).toBeGreaterThanOrEqual(value('Memory'));
    expect(value('MaxInstructions')).toBeGreaterThan(5);
  });
});
