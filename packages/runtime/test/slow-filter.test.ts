// Heka's guard against dynamic filters that block the router: terminated with heka.sandbox-terminated
// once back-pressured and slower than max_process_duration; filters from the configuration are not.
import { type DynamicFilters, definePlugin, Message, NO_OPTIONS } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import { type Collected, collectingOutput, generatorInput, managerFilter } from './helpers/plugins.js';

/** Spins for `ms` milliseconds on every message (a script stuck in a loop), counting them. */
function slowFilter(ms: number, counted: { n: number }) {
  return definePlugin({
    type: 'SlowFilter',
    kind: 'filter',
    description: 'test: slow on every message',
    configSchema: NO_OPTIONS,
    create: () => ({
      process() {
        const end = performance.now() + ms;
        while (performance.now() < end) {
          // busy
        }
        counted.n++;
      },
    }),
  });
}

const globals = { pluginChansize: 5, maxProcessDuration: 100_000 };

describe('slow dynamic filters', () => {
  it('terminates a dynamic filter that blocks the router, with the figures, and hekad goes on', async () => {
    const out: Collected = { messages: [], stopped: false };
    let filters: DynamicFilters | undefined;
    const { logger, lines } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(1) },
          {
            name: 'mgr',
            definition: managerFilter((f) => (filters = f)),
            common: { message_matcher: "Type == 'gen'" },
          },
          {
            name: 'out',
            definition: collectingOutput(out),
            common: { message_matcher: "Type != 'gen' && Type != 'load'" },
          },
        ],
        globals,
      ),
      { logger },
    );
    await p.start();
    await until(() => filters !== undefined);
    const counted = { n: 0 };
    await (filters as DynamicFilters).add({
      name: 'mgr-slow',
      definition: slowFilter(2, counted),
      table: { message_matcher: "Type == 'load'" },
      source: 'test',
    });
    for (let i = 0; i < 100; i++) p.injectSystem(new Message({ type: 'load', payload: String(i) }));
    await until(() => out.messages.some((m) => m.type === 'heka.sandbox-terminated'), 10_000);
    const notice = out.messages.find((m) => m.type === 'heka.sandbox-terminated') as Message;
    expect(notice.payload).toBe('sandbox is running slowly and blocking the router');
    expect(notice.logger).toBe('hekad');
    expect(notice.getFieldValue('plugin')).toBe('mgr-slow');
    expect(Number(notice.getFieldValue('ProcessMessageSamples'))).toBeGreaterThanOrEqual(4);
    expect(Number(notice.getFieldValue('ProcessMessageAvgDuration'))).toBeGreaterThan(100_000);
    expect(notice.fields.find((f) => f.name === 'ProcessMessageAvgDuration')?.representation).toBe('ns');
    expect(Number(notice.getFieldValue('ProcessMessageCount'))).toBe(counted.n);
    expect(counted.n).toBeLessThan(100);
    await until(() => !(filters as DynamicFilters).has('mgr-slow'));
    expect(lines.some((l) => l.includes('terminated: sandbox is running slowly and blocking the router'))).toBe(true);
    // Its own notice only: no heka.terminated as well. And the rest of the pipeline carries on.
    p.injectSystem(new Message({ type: 'after' }));
    await until(() => out.messages.some((m) => m.type === 'after'));
    expect(out.messages.filter((m) => m.type === 'heka.terminated')).toEqual([]);
    await p.stop();
  });

  // 150 injected messages are more than the inject pool (poolsize 100): a filter working through
  // injected messages must not wait for that pool to drain, since only it can drain it.
  it('leaves a filter from the configuration running however slow it is, even fed only injections', async () => {
    const out: Collected = { messages: [], stopped: false };
    const counted = { n: 0 };
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(0) },
          { name: 'slow', definition: slowFilter(2, counted), common: { message_matcher: "Type == 'load'" } },
          { name: 'out', definition: collectingOutput(out), common: { message_matcher: "Type != 'load'" } },
        ],
        globals,
      ),
      { logger },
    );
    await p.start();
    for (let i = 0; i < 150; i++) p.injectSystem(new Message({ type: 'load' }));
    await until(() => counted.n === 150, 10_000);
    expect(out.messages.filter((m) => m.type === 'heka.sandbox-terminated')).toEqual([]);
    await p.stop();
  });
});
