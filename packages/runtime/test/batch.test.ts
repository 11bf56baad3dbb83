// Outputs with processBatch: everything queued at once, in order; retries, failures and restarts
// apply to the whole batch; nothing is lost or reordered.
import { definePlugin, type Message, NO_OPTIONS, PluginFatalError, RetryLater } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import { generatorInput } from './helpers/plugins.js';

interface Log {
  batches: string[][];
  creates: number;
}

/** Records each batch; `fail(n)` decides what the n-th call (1-based) throws. */
function batchOutput(log: Log, fail: (call: number) => Error | undefined = () => undefined, async = false) {
  let calls = 0;
  return definePlugin({
    type: 'BatchOutput',
    kind: 'output',
    description: 'test: records batches',
    configSchema: NO_OPTIONS,
    create: () => {
      log.creates++;
      const take = (messages: readonly Message[]) => {
        const e = fail(++calls);
        if (e) throw e;
        log.batches.push(messages.map((m) => m.payload));
      };
      return {
        process: () => {
          throw new Error('process() must not be called when processBatch exists');
        },
        processBatch: (messages: readonly Message[]) =>
          async ? new Promise<void>((resolve) => setTimeout(resolve, 1)).then(() => take(messages)) : take(messages),
      };
    },
  });
}

async function run(count: number, log: Log, output: ReturnType<typeof batchOutput>, globals = {}) {
  const { logger, lines } = captureLogger();
  const p = new Pipeline(
    testPlan(
      [
        { name: 'gen', definition: generatorInput(count) },
        { name: 'out', definition: output, common: { message_matcher: 'TRUE' } },
      ],
      globals,
    ),
    { logger },
  );
  await p.start();
  await until(() => log.batches.flat().length >= count, 10_000);
  await p.stop();
  return { p, lines };
}

const numbers = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe('processBatch', () => {
  for (const async of [false, true]) {
    it(`delivers everything in order, several messages per call (${async ? 'async' : 'sync'})`, async () => {
      const log: Log = { batches: [], creates: 0 };
      const { p } = await run(2000, log, batchOutput(log, undefined, async), { poolsize: 200 });
      expect(log.batches.flat()).toEqual(numbers(2000));
      expect(Math.max(...log.batches.map((b) => b.length))).toBeGreaterThan(30); // beyond plugin_chansize
      expect(Math.max(...log.batches.map((b) => b.length))).toBeLessThanOrEqual(200); // the pool bounds it
      expect(p.lost).toBe(0);
    });
  }

  it('retries a whole batch after RetryLater, in order and without loss', async () => {
    const log: Log = { batches: [], creates: 0 };
    const output = batchOutput(log, (call) => (call <= 3 ? new RetryLater('peer down') : undefined));
    await run(500, log, output);
    expect(log.batches.flat()).toEqual(numbers(500));
  });

  it('re-queues a batch for the restarted plugin after PluginFatalError', async () => {
    const log: Log = { batches: [], creates: 0 };
    const output = batchOutput(log, (call) => (call === 2 ? new PluginFatalError('broken') : undefined));
    await run(500, log, output);
    expect(log.batches.flat()).toEqual(numbers(500));
    expect(log.creates).toBe(2);
  });

  it('counts every message of a batch that fails', async () => {
    const log: Log = { batches: [], creates: 0 };
    let failedOnce = false;
    const output = batchOutput(log, () => {
      if (failedOnce) return undefined;
      failedOnce = true;
      return new Error('bad batch');
    });
    const { logger, lines } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(300) },
        { name: 'out', definition: output, common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    const runner = p.outputs.get('out');
    await until(() => (runner?.stats.processed ?? 0) + (runner?.stats.failures ?? 0) >= 300, 10_000);
    const failures = runner?.stats.failures ?? 0;
    await p.stop();
    expect(failures).toBeGreaterThan(0);
    expect(log.batches.flat().length + failures).toBe(300);
    expect(lines.some((l) => l.includes(`failed to process ${failures} messages: bad batch`))).toBe(true);
  });
});
