import { definePlugin, type InputContext, Message, NO_OPTIONS } from '@heka/core';
import { startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import { fixed2 } from '../src/format.js';
import plugin from '../src/index.js';

/** Delivers `perTick` messages every 100 ms until stopped (or `total` messages, if given). */
function feeder(perTick: number, total = Number.POSITIVE_INFINITY) {
  return definePlugin({
    type: 'FeedInput',
    kind: 'input',
    description: 'test feeder',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        let sent = 0;
        while (!ctx.signal.aborted) {
          for (let i = 0; i < perTick && sent < total; i++, sent++) {
            const r = ctx.deliver(new Message({ type: 'feed', payload: String(sent) }));
            if (r) await r;
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      },
    }),
  });
}

describe('fixed2 (Go %0.2f)', () => {
  it('rounds like Go, half to even on exact ties', () => {
    expect(fixed2(0)).toBe('0.00');
    expect(fixed2(1 / 3)).toBe('0.33');
    expect(fixed2(2 / 3)).toBe('0.67');
    expect(fixed2(0.125)).toBe('0.12');
    expect(fixed2(0.375)).toBe('0.38');
    expect(fixed2(2.625)).toBe('2.62');
    expect(fixed2(1.005)).toBe('1.00'); // 1.005 is 1.00499999... in binary
    expect(fixed2(12345.875)).toBe('12345.88');
    expect(fixed2(-0.125)).toBe('-0.12');
    expect(fixed2(1e21)).toBe('1e+21');
  });
});

describe('CounterFilter in a pipeline', () => {
  it('reports the running total and the rate every tick, and nothing for a quiet tick', async () => {
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(5, 20) },
        counter: { definition: plugin, config: { ticker_interval: 1 } },
      },
      capture: "Type == 'heka.counter-output'",
    });
    try {
      const [first] = await p.waitFor(1, 4000);
      // 20 messages arrive within the first 400 ms: the first report has them all.
      expect(first?.payload).toMatch(/^Got 20 messages\. \d+\.\d\d msg\/sec$/);
      const rate = Number(first?.payload.split(' ')[3]);
      // 20 messages over the time from start to the first tick (one second, more on a busy machine).
      expect(rate).toBeGreaterThan(20 / 3);
      expect(rate).toBeLessThan(20 / 0.9);
      expect(first?.type).toBe('heka.counter-output');
      expect(first?.logger).toBe('counter');
      expect(first?.hostname).toBe('testkit');
      expect(first?.pid).toBe(process.pid);
      expect(first?.severity).toBe(7);
      // Later ticks see no new message: no further report.
      await new Promise((r) => setTimeout(r, 2200));
      expect(p.messages).toHaveLength(1);
    } finally {
      await p.stop();
    }
  });

  it('does not count its own reports with the default matcher', async () => {
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(1, 3) },
        // counter2 reports first (after 1 s), then counter (after 2 s): counter2's report must not be counted.
        counter: { definition: plugin, config: { ticker_interval: 2 } },
        counter2: { definition: plugin, config: { ticker_interval: 1, message_matcher: "Logger != 'counter2'" } },
      },
      capture: "Type == 'heka.counter-output'",
    });
    try {
      const [early, report] = await p.waitFor(2, 5000);
      expect(early?.logger).toBe('counter2');
      expect(early?.payload).toMatch(/^Got 3 messages\./);
      expect(report?.logger).toBe('counter');
      expect(report?.payload).toMatch(/^Got 3 messages\./);
    } finally {
      await p.stop();
    }
  });

  it('logs and goes on when its own matcher would receive its report (loop protection)', async () => {
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(1, 2) },
        counter: { definition: plugin, config: { ticker_interval: 1, message_matcher: 'TRUE' } },
      },
    });
    try {
      const line = await p.waitForLog(/counter.*own message_matcher/, 4000);
      expect(line).toContain('would loop');
      expect(p.messages.filter((m) => m.type === 'heka.counter-output')).toHaveLength(0);
      expect(p.fatal).toBeUndefined();
    } finally {
      await p.stop();
    }
  });

  it('follows every tenth report with the min, max and mean of the last ten rates', async () => {
    const p = await startTestPipeline({
      sections: {
        feed: { definition: feeder(3) },
        counter: { definition: plugin, config: { ticker_interval: 1 } },
      },
      capture: "Type == 'heka.counter-output'",
    });
    try {
      const got = await p.waitFor(11, 16_000);
      const reports = got.slice(0, 11).map((m) => m.payload);
      for (const r of reports.slice(0, 10)) expect(r).toMatch(/^Got \d+ messages\. \d+\.\d\d msg\/sec$/);
      const agg = reports[10] as string;
      const m = /^AGG Sum\. Min: (\d+\.\d\d) {4}Max: (\d+\.\d\d) {4}Mean: (\d+\.\d\d)$/.exec(agg);
      expect(m, agg).not.toBeNull();
      const rates = reports.slice(0, 10).map((r) => Number(r.split(' ')[3]));
      const [min, max, mean] = (m as RegExpExecArray).slice(1).map(Number) as [number, number, number];
      expect(min).toBe(Math.min(...rates));
      expect(max).toBe(Math.max(...rates));
      expect(Math.abs(mean - rates.reduce((a, b) => a + b, 0) / 10)).toBeLessThanOrEqual(0.01);
      // The totals grow monotonically.
      const totals = reports.slice(0, 10).map((r) => Number(r.split(' ')[1]));
      expect([...totals].sort((a, b) => a - b)).toEqual(totals);
    } finally {
      await p.stop();
    }
  }, 25_000);

  it('has Heka defaults: a matcher that skips its own output, and a 5 s ticker', () => {
    expect(plugin.commonDefaults).toEqual({ message_matcher: "Type != 'heka.counter-output'", ticker_interval: 5 });
  });
});
