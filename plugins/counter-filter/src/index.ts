/**
 * CounterFilter: counts the messages it receives and, every ticker_interval, injects a
 * `heka.counter-output` message with the running total and the rate since the last report; every tenth
 * report is followed by an aggregate of the last ten rates. As Heka's pipeline/counter_filter.go.
 */
import { definePlugin, type FilterContext, type FilterInstance, Message, NO_OPTIONS } from '@heka/core';
import { fixed2 } from './format.js';

const TYPE = 'heka.counter-output';
/** Heka summarises every this many reports. */
const SAMPLES = 10;

class CounterFilter implements FilterInstance {
  private count = 0;
  private lastCount = 0;
  private lastTime = performance.now();
  private rates: number[] = [];

  process(): void {
    this.count++;
  }

  tick(ctx: FilterContext): void {
    const sent = this.count - this.lastCount;
    if (sent === 0) return; // nothing new: no report (the next rate covers the whole quiet time)
    const now = performance.now();
    const rate = sent / ((now - this.lastTime) / 1000);
    this.lastCount = this.count;
    this.lastTime = now;
    this.rates.push(rate);
    if (!this.send(ctx, `Got ${this.count} messages. ${fixed2(rate)} msg/sec`)) return;
    if (this.rates.length < SAMPLES) return;
    const sorted = this.rates.sort((a, b) => a - b);
    let sum = 0;
    for (const r of sorted) sum += r;
    const min = sorted[0] as number;
    const max = sorted[sorted.length - 1] as number;
    const mean = sum / sorted.length;
    this.send(ctx, `AGG Sum. Min: ${fixed2(min)}    Max: ${fixed2(max)}    Mean: ${fixed2(mean)}`);
    this.rates = [];
  }

  /** Injects one report; a refusal (loop protection) is logged, as Heka did. */
  private send(ctx: FilterContext, payload: string): boolean {
    const { hostname, pid } = ctx.globals;
    try {
      ctx.inject(new Message({ type: TYPE, logger: ctx.name, hostname, pid, severity: 7, payload }));
      return true;
    } catch (e) {
      ctx.logger.error((e as Error).message);
      return false;
    }
  }
}

export default definePlugin({
  type: 'CounterFilter',
  kind: 'filter',
  description: 'Counts the messages it receives and reports the count and rate as heka.counter-output messages.',
  configSchema: NO_OPTIONS,
  commonDefaults: { message_matcher: `Type != '${TYPE}'`, ticker_interval: 5 },
  create: () => new CounterFilter(),
});
