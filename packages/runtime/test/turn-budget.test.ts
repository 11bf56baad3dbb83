import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { TurnBudget } from '../src/pipeline/turn-budget.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import { type Collected, collectingOutput, generatorInput } from './helpers/plugins.js';

describe('TurnBudget', () => {
  it('grants a number of units per event-loop turn, then again on the next turn', async () => {
    const budget = new TurnBudget(3);
    expect([budget.take(), budget.take(), budget.take(), budget.take()]).toEqual([true, true, true, false]);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(budget.take()).toBe(true);
  });

  it('lets timers run while an input that only ever waits on the pipeline floods a full queue', async () => {
    const out: Collected = { messages: [], stopped: false };
    const { logger } = captureLogger();
    const total = 200_000;
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(total) },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    const seenAt: number[] = [];
    const timer = setInterval(() => seenAt.push(out.messages.length), 1);
    await p.start();
    await until(() => out.messages.length === total, 30_000);
    clearInterval(timer);
    await p.stop();
    // The timer fired while messages were still flowing, not only once the flood was over.
    expect(seenAt.filter((n) => n > 0 && n < total).length).toBeGreaterThan(3);
  });
});
