// use_buffering: a disk queue in Heka's layout between the router and a filter or output. A stuck
// output no longer holds the inputs back, what it has not finished survives a restart, and a full
// queue does what full_action says.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type Message, NO_OPTIONS, RetryLater } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import { type Collected, collectingOutput, generatorInput } from './helpers/plugins.js';

/** An output that refuses (RetryLater) until `open.now` is set, then collects. */
function gatedOutput(into: Collected, open: { now: boolean }) {
  return definePlugin({
    type: 'GatedOutput',
    kind: 'output',
    description: 'test: refuses until opened',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message) {
        if (!open.now) throw new RetryLater('closed');
        into.messages.push(m);
      },
    }),
  });
}

const bag = (): Collected => ({ messages: [], stopped: false });
const buffered = (buffering: Record<string, unknown> = {}) => ({
  message_matcher: "Type == 'gen'",
  use_buffering: true,
  buffering,
});

describe('use_buffering', () => {
  it('lets the inputs run while an output is stuck, then delivers everything in order', async () => {
    const base = mkdtempSync(join(tmpdir(), 'heka-buffer-'));
    const fast = bag();
    const slow = bag();
    const open = { now: false };
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(500) },
          { name: 'stuck', definition: gatedOutput(slow, open), common: buffered() },
          { name: 'fast', definition: collectingOutput(fast), common: { message_matcher: "Type == 'gen'" } },
        ],
        { baseDir: base, poolsize: 10, pluginChansize: 5 },
      ),
      { logger },
    );
    await p.start();
    // Without the disk queue, 10 packs in flight would have stopped the input after a few messages.
    await until(() => fast.messages.length === 500, 10_000);
    expect(slow.messages).toHaveLength(0);
    const dir = join(base, 'output_queue', 'stuck');
    expect(readdirSync(dir)).toContain('1.log');
    open.now = true;
    await until(() => slow.messages.length === 500, 10_000);
    expect(slow.messages.map((m) => m.payload)).toEqual(Array.from({ length: 500 }, (_, i) => String(i)));
    await p.stop();
    expect(readFileSync(join(dir, 'checkpoint.txt'), 'utf8')).toMatch(/^\d+ \d+$/);
  });

  it('keeps what the output has not finished for the next start, and only that', async () => {
    const base = mkdtempSync(join(tmpdir(), 'heka-buffer-'));
    const first = bag();
    const open = { now: false };
    const { logger } = captureLogger();
    const plan = (input: number, out: Collected, gate: { now: boolean }) =>
      testPlan(
        [
          { name: 'gen', definition: generatorInput(input) },
          { name: 'out', definition: gatedOutput(out, gate), common: buffered({ cursor_update_count: 50 }) },
        ],
        { baseDir: base },
      );
    const p1 = new Pipeline(plan(120, first, open), { logger });
    await p1.start();
    await until(() => {
      const f = join(base, 'output_queue', 'out', '1.log');
      return existsSync(f) && readFileSync(f).length > 0;
    });
    await new Promise((r) => setTimeout(r, 200));
    await p1.stop();
    expect(first.messages).toHaveLength(0);

    // The next hekad (no new input) gets the 120 messages from the queue files.
    const second = bag();
    const p2 = new Pipeline(plan(0, second, { now: true }), { logger });
    await p2.start();
    await until(() => second.messages.length === 120, 10_000);
    expect(second.messages.map((m) => m.payload)).toEqual(Array.from({ length: 120 }, (_, i) => String(i)));
    await p2.stop();

    // And a third one gets nothing more: the checkpoint says all is done.
    const third = bag();
    const p3 = new Pipeline(plan(0, third, { now: true }), { logger });
    await p3.start();
    await new Promise((r) => setTimeout(r, 300));
    await p3.stop();
    expect(third.messages).toHaveLength(0);
  });

  it('drops what does not fit with full_action = "drop", and delivers the rest', async () => {
    const base = mkdtempSync(join(tmpdir(), 'heka-buffer-'));
    const out = bag();
    const open = { now: false };
    const { logger, lines } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(300) },
          {
            name: 'out',
            definition: gatedOutput(out, open),
            common: buffered({ max_buffer_size: 2000, max_file_size: 1000, full_action: 'drop' }),
          },
        ],
        { baseDir: base },
      ),
      { logger },
    );
    await p.start();
    await until(() => lines.some((l) => l.includes('queue is full: dropping messages')), 10_000);
    await new Promise((r) => setTimeout(r, 200));
    open.now = true;
    await until(() => out.messages.length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 300));
    const got = out.messages.map((m) => Number(m.payload));
    expect(got.length).toBeGreaterThan(5);
    expect(got.length).toBeLessThan(300);
    expect(got).toEqual([...got].sort((a, b) => a - b)); // in order, with a gap where the queue was full
    await p.stop();
  });

  it('shuts hekad down when the queue is full with full_action = "shutdown"', async () => {
    const base = mkdtempSync(join(tmpdir(), 'heka-buffer-'));
    let fatal = '';
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(300) },
          { name: 'out', definition: gatedOutput(bag(), { now: false }), common: buffered({ max_buffer_size: 2000 }) },
        ],
        { baseDir: base },
      ),
      { logger, onFatal: (_code, reason) => (fatal = reason) },
    );
    await p.start();
    await until(() => fatal !== '', 10_000);
    expect(fatal).toMatch(/\[out\] queue is full \(max_buffer_size 2000\)/);
    await p.stop();
  });

  it('refuses a second queue on a directory in use (a changed buffered plugin needs a restart)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'heka-buffer-'));
    const { logger } = captureLogger();
    const plan = () =>
      testPlan(
        [
          { name: 'gen', definition: generatorInput(0) },
          { name: 'out', definition: collectingOutput(bag()), common: buffered() },
        ],
        { baseDir: base },
      );
    const p1 = new Pipeline(plan(), { logger });
    await p1.start();
    const p2 = new Pipeline(plan(), { logger });
    await expect(p2.start()).rejects.toThrow(/use_buffering: the queue .*output_queue\/out is in use/);
    await p1.stop();
    // Free again once the first one stopped.
    const p3 = new Pipeline(plan(), { logger });
    await p3.start();
    await p3.stop();
  });
});
