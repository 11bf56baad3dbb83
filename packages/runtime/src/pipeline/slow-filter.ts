/**
 * Heka's guard for filters loaded at run time (SandboxManagerFilter): one that keeps the router waiting
 * (its queue is full) while its average process time is over `max_process_duration`, or its average
 * match time over a fifth of it, is terminated once enough calls have been timed (the queue's capacity
 * − 1; while back-pressured every call is timed until then), with a heka.sandbox-terminated message that
 * gives the figures. A filter from the configuration files is never terminated this way, as in Heka.
 */
import { Message } from '@heka/core';
import type { Stats } from './stats.js';

export const SLOW_FILTER_PAYLOAD = 'sandbox is running slowly and blocking the router';

export interface SlowFilterOptions {
  /** max_process_duration, in nanoseconds. */
  limitNs: number;
  /** Routes the termination message (as hekad's own: no loop protection applies to it). */
  report: (message: Message) => void;
  hostname: string;
}

export class SlowFilterWatch {
  constructor(
    readonly options: SlowFilterOptions,
    private readonly samplesNeeded: number,
  ) {}

  /** Whether to time a call that sampling would skip: back-pressured, and too few timings yet. */
  mustTime(pressured: boolean, stats: Stats): boolean {
    return pressured && stats.samples < this.samplesNeeded;
  }

  tooSlow(pressured: boolean, stats: Stats): boolean {
    if (!pressured || stats.samples < this.samplesNeeded) return false;
    return stats.avgDuration > this.options.limitNs || stats.avgMatchDuration > this.options.limitNs / 5;
  }

  /** Heka's heka.sandbox-terminated message for a filter blocking the router. */
  terminationMessage(name: string, stats: Stats, queueLength: number): Message {
    const count = (n: number) => ({ value: [BigInt(n)], representation: 'count' });
    const ns = (n: number) => ({ value: [BigInt(n)], representation: 'ns' });
    return new Message({
      type: 'heka.sandbox-terminated',
      logger: 'hekad',
      hostname: this.options.hostname,
      payload: SLOW_FILTER_PAYLOAD,
      fields: [
        { name: 'plugin', value: [name] },
        { name: 'ProcessMessageCount', ...count(stats.processed + stats.failures) },
        { name: 'ProcessMessageFailures', ...count(stats.failures) },
        { name: 'ProcessMessageSamples', ...count(stats.samples) },
        { name: 'ProcessMessageAvgDuration', ...ns(stats.avgDuration) },
        { name: 'MatchAvgDuration', ...ns(stats.avgMatchDuration) },
        { name: 'FilterChanLength', ...count(queueLength) },
        // One queue per filter here: Heka's MatchRunner channel and its router channel have no counterpart.
        { name: 'MatchChanLength', ...count(0) },
        { name: 'RouterChanLength', ...count(0) },
      ],
    });
  }
}
