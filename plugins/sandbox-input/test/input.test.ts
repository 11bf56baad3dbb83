/** SandboxInput in real pipelines: polling, single runs, endless scripts, back-pressure, errors, preservation. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPipeline, type TestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const scripts = mkdtempSync(join(tmpdir(), 'sandbox-input-'));
let n = 0;
function lua(source: string): string {
  const path = join(scripts, `i${++n}.lua`);
  writeFileSync(path, source);
  return path;
}
const poll = new URL('./lua/poll.lua', import.meta.url).pathname;

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

describe('SandboxInput', () => {
  it('polls every ticker_interval when process_message returns 0', async () => {
    const p = await start({
      sections: { poller: { definition: plugin, config: { filename: poll, ticker_interval: 1 } } },
    });
    const got = await p.waitFor(2, 4000);
    expect(got.map((m) => m.payload)).toEqual(['poll 1', 'poll 2']);
    expect(got[1]?.toJSON()).toMatchObject({ type: 'poll', fields: [{ name: 'n', valueType: 'double', value: [2] }] });
    expect(p.fatal).toBeUndefined();
  });

  it('runs once without a ticker: hekad keeps running only with can_exit', async () => {
    const once = lua(
      'function process_message() for i = 1, 3 do inject_message({Payload = "m" .. i}) end return 0 end',
    );
    const p = await start({ sections: { once: { definition: plugin, config: { filename: once, can_exit: true } } } });
    await p.waitFor(3);
    await p.waitForLog(/single run completed/);
    expect(p.fatal).toBeUndefined();
    const q = await start({ sections: { once: { definition: plugin, config: { filename: once } } } });
    await q.waitFor(3);
    const until = Date.now() + 2000;
    while (q.fatal === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(q.fatal?.reason).toMatch(/input 'once' finished/);
  });

  it('runs an endless script without blocking hekad, waits while the pipeline is full, and stops promptly', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sandbox-input-base-'));
    const endless = lua(`sent = 0
      function process_message()
        while true do
          sent = sent + 1
          inject_message({Payload = tostring(sent)})
        end
      end`);
    const p = await start({
      sections: { flood: { definition: plugin, config: { filename: endless, preserve_data: true } } },
      globals: { poolsize: 10, baseDir: base },
    });
    await p.waitFor(500, 5000);
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (++ticks >= 5) {
          clearInterval(t);
          resolve();
        }
      }, 5);
    });
    const stopped = Date.now();
    await p.stop();
    expect(Date.now() - stopped).toBeLessThan(2000);
    const payloads = p.messages.map((m) => Number(m.payload));
    expect(payloads.slice(0, 500)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const saved = readFileSync(join(base, 'sandbox_preservation', 'flood.data'), 'latin1');
    const sent = Number(/_G\["sent"\] = (\d+)/.exec(saved)?.[1]);
    expect(sent).toBeGreaterThanOrEqual(p.messages.length);
  });

  it('logs an error and ends on a Lua error or a fatal status', async () => {
    const failing = lua('function process_message()\n  error("boom")\nend');
    const p = await start({
      sections: { failing: { definition: plugin, config: { filename: failing, can_exit: true } } },
    });
    await p.waitForLog(new RegExp(`process_message\\(\\) ${failing}:2: boom`));
    await p.waitForLog(/input 'failing' finished/);
    const status = lua('function process_message() return 1, "giving up" end');
    const q = await start({
      sections: { status: { definition: plugin, config: { filename: status, can_exit: true } } },
    });
    await q.waitForLog(/status: giving up/);
  });

  it('logs a negative status and keeps polling', async () => {
    const flaky = lua(`n = 0
      function process_message()
        n = n + 1
        if n == 1 then return -1, "failure message" end
        inject_message({Payload = "ok " .. n})
        return 0
      end`);
    const p = await start({
      sections: { flaky: { definition: plugin, config: { filename: flaky, ticker_interval: 1 } } },
    });
    await p.waitForLog(/flaky: failure message/);
    const [m] = await p.waitFor(1, 4000);
    expect(m?.payload).toBe('ok 2');
  });

  it("refuses a malformed protobuf string, with Heka's error", async () => {
    const bad = lua('function process_message()\n  inject_message("boom")\nend');
    const p = await start({ sections: { bad: { definition: plugin, config: { filename: bad, can_exit: true } } } });
    await p.waitForLog(new RegExp(`${bad}:2: inject_message\\(\\) protobuf unmarshal failed`));
  });

  it('gives each input its own preservation file', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sandbox-input-base-'));
    const script = lua(
      'name = read_config("name") calls = 0 function process_message() calls = calls + 1 return 0 end',
    );
    const p = await startTestPipeline({
      sections: {
        'input.one': {
          definition: plugin,
          config: { filename: script, preserve_data: true, ticker_interval: 1, config: { name: 'one' } },
        },
        two: {
          definition: plugin,
          config: { filename: script, preserve_data: true, ticker_interval: 1, config: { name: 'two' } },
        },
      },
      globals: { baseDir: base },
    });
    await new Promise((r) => setTimeout(r, 100));
    await p.stop();
    expect(readFileSync(join(base, 'sandbox_preservation', 'input_one.data'), 'latin1')).toContain(
      '_G["name"] = "one"',
    );
    expect(readFileSync(join(base, 'sandbox_preservation', 'two.data'), 'latin1')).toContain('_G["name"] = "two"');
    expect(existsSync(join(base, 'sandbox_preservation', '.data'))).toBe(false);
  });

  it('re-reads injected timestamps in config.tz', async () => {
    const script = lua('function process_message() inject_message({Timestamp = 1436961600 * 1e9}) return 0 end');
    const p = await start({
      sections: {
        tz: { definition: plugin, config: { filename: script, can_exit: true, config: { tz: 'Asia/Kolkata' } } },
      },
    });
    const [m] = await p.waitFor(1);
    expect(m?.timestamp).toBe(1436941800000000000n);
  });
});
