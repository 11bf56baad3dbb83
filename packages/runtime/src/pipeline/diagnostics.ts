/**
 * Back-pressure diagnosis. Heka's best-known failure was a slow plugin silently stalling everything;
 * here a plugin that holds queued messages without progress for max_pack_idle is named in a log line,
 * with its queue fill and how long it has been stuck, and counted in reports (LeakCount).
 */
import type { MessageRunner } from './message-runner.js';
import type { Pipeline } from './pipeline.js';

export class Diagnostics {
  private timer: NodeJS.Timeout | undefined;
  /** Runners already reported for the current stall (reported again only after they recover). */
  private readonly reported = new Set<MessageRunner>();
  /** Stalls seen per runner name (LeakCount in reports). */
  readonly stalls = new Map<string, number>();
  /** Each runner's progress counter when it was last seen to move, and when that was (ms). */
  private readonly seen = new Map<MessageRunner, { progress: number; at: number }>();

  constructor(
    private readonly pipeline: Pipeline,
    private readonly maxIdleMs: number,
  ) {}

  start(): void {
    // Check often enough that a stall is named soon after it passes max_pack_idle.
    const every = Math.min(30_000, Math.max(50, this.maxIdleMs / 10));
    this.timer = setInterval(() => this.check(), every);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  check(now = Date.now()): string[] {
    const lines: string[] = [];
    const runners = [...this.pipeline.filters.values(), ...this.pipeline.outputs.values()];
    for (const r of runners) {
      const queued = r.queue.length;
      const last = this.seen.get(r);
      if (!last || last.progress !== r.progress || queued === 0) this.seen.set(r, { progress: r.progress, at: now });
      const idle = now - (this.seen.get(r) as { at: number }).at;
      if (queued === 0 || idle < this.maxIdleMs) {
        this.reported.delete(r);
        continue;
      }
      if (this.reported.has(r)) continue;
      this.reported.add(r);
      this.stalls.set(r.name, (this.stalls.get(r.name) ?? 0) + 1);
      const cap = r.queue.capacity;
      const pool = this.pipeline.inputPool;
      lines.push(
        `Diagnostics: ${r.options.kind} '${r.name}' (type ${r.options.type}) is blocking: ` +
          `queue ${queued}/${cap} (${Math.round((queued / cap) * 100)}%), no progress for ${formatMs(idle)}; ` +
          `${pool.used}/${pool.capacity} input packs in use` +
          (queued >= cap || pool.free === 0 ? ', so inputs are waiting' : ''),
      );
    }
    for (const line of lines) this.pipeline.logger.error(line);
    return lines;
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)}s`;
  return `${Math.floor(s / 60)}m${Math.round(s % 60)}s`;
}
