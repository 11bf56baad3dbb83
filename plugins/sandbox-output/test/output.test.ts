/** SandboxOutput in real pipelines: file io, failures, fatal errors, timer_event, preservation. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message } from '@heka/core';
import { messageInput, startTestPipeline, type TestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

/** Delivers one 'line' message per payload. */
const feeder = (payloads: string[]) =>
  messageInput(() => payloads.map((payload) => new Message({ type: 'line', payload })));

const dir = mkdtempSync(join(tmpdir(), 'sandbox-output-'));
let n = 0;
function lua(source: string): string {
  const path = join(dir, `o${++n}.lua`);
  writeFileSync(path, source);
  return path;
}
const fileScript = new URL('./lua/file.lua', import.meta.url).pathname;

let running: TestPipeline[] = [];
afterEach(async () => {
  await Promise.all(running.map((p) => p.stop()));
  running = [];
});

/** The file's text, or "" while it does not exist. */
function content(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function waitUntil(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

describe('SandboxOutput', () => {
  it('writes each message with io, and a line per tick and on shutdown', async () => {
    const path = join(dir, 'out1.txt');
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(['one', 'two']) },
        writer: {
          definition: plugin,
          config: {
            filename: fileScript,
            message_matcher: "Type == 'line'",
            ticker_interval: 1,
            timer_event_on_shutdown: true,
            config: { path },
          },
        },
      },
      capture: null,
    });
    await waitUntil(() => content(path).includes('tick'), 4000);
    await p.stop();
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\ntick 2\ntick 2\n');
  });

  it('counts a negative status as a failed message and goes on', async () => {
    const path = join(dir, 'out2.txt');
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(['a', 'FAILURE x', 'b']) },
        writer: {
          definition: plugin,
          config: { filename: fileScript, message_matcher: "Type == 'line'", config: { path } },
        },
      },
      capture: null,
    });
    running.push(p);
    await p.waitForLog(/writer: failed to process a message: failure message/);
    await waitUntil(() => content(path) === 'a\nb\n');
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
    expect(p.pipeline.outputs.get('writer')?.stats.failures).toBe(1);
  });

  it('stops on a Lua error: hekad shuts down unless can_exit is set', async () => {
    const path = join(dir, 'out3.txt');
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(['a', 'FATAL now', 'b']) },
        writer: {
          definition: plugin,
          config: { filename: fileScript, message_matcher: "Type == 'line'", config: { path } },
        },
      },
      capture: null,
    });
    running.push(p);
    await waitUntil(() => p.fatal !== undefined);
    expect(p.fatal?.reason).toMatch(/output 'writer' stopped: FATAL: process_message\(\) .*file\.lua:11: fatal error/);
    const q = await startTestPipeline({
      sections: {
        feed: { definition: feeder(['FATAL now']) },
        writer: {
          definition: plugin,
          config: { filename: fileScript, message_matcher: "Type == 'line'", can_exit: true, config: { path } },
        },
      },
      capture: "Type == 'heka.terminated'",
    });
    running.push(q);
    const [m] = await q.waitFor(1);
    expect(m?.payload).toMatch(/^writer \(type SandboxOutput\) terminated\. Error: FATAL: process_message\(\) /);
    expect(q.fatal).toBeUndefined();
  });

  it('stops when timer_event fails', async () => {
    const p = await startTestPipeline({
      sections: {
        writer: {
          definition: plugin,
          config: {
            filename: lua(
              'function process_message() return 0 end\nfunction timer_event(ns)\n  error("fatal error timer_event")\nend',
            ),
            message_matcher: 'FALSE',
            ticker_interval: 1,
          },
        },
      },
      capture: null,
    });
    running.push(p);
    await waitUntil(() => p.fatal !== undefined, 4000);
    expect(p.fatal?.reason).toMatch(/FATAL: timer_event\(\) .*:3: fatal error timer_event/);
  });

  it('preserves its globals in a file of its own', async () => {
    const base = mkdtempSync(join(tmpdir(), 'sandbox-output-base-'));
    const path = join(dir, 'out5.txt');
    const sections = (payloads: string[]) => ({
      feed: { definition: feeder(payloads) },
      writer: {
        definition: plugin,
        config: { filename: fileScript, message_matcher: "Type == 'line'", preserve_data: true, config: { path } },
      },
    });
    for (const payloads of [['a', 'b'], ['c']]) {
      const p = await startTestPipeline({ sections: sections(payloads), globals: { baseDir: base }, capture: null });
      await waitUntil(() => content(path).endsWith(`${payloads.at(-1)}\n`));
      await p.stop();
    }
    expect(readFileSync(join(base, 'sandbox_preservation', 'writer.data'), 'latin1')).toContain('_G["written"] = 3\n');
  });

  it('reads messages with read_message and decode_message(read_message("raw"))', async () => {
    const path = join(dir, 'out6.txt');
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(['payload']) },
        writer: {
          definition: plugin,
          config: {
            filename: lua(`function process_message()
                local m = decode_message(read_message("raw"))
                local f = io.open(read_config("path"), "w")
                f:write(m.Type, " ", read_message("Payload"), " ", #read_message("Uuid"))
                f:close()
                return 0
              end`),
            message_matcher: "Type == 'line'",
            config: { path },
          },
        },
      },
      capture: null,
    });
    running.push(p);
    await waitUntil(() => content(path) !== '');
    expect(readFileSync(path, 'utf8')).toBe('line payload 36');
  });
});
