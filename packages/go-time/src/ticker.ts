/** Go's time.Ticker for plugins that poll (inputs with ticker_interval), and an abortable sleep. */

/** Waits `ms`, or less when the signal aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A polling schedule like Go's time.Ticker: ticks every `ms` from the start. A tick that falls while
 * the poll before it is still running fires as soon as that poll ends (Go keeps one); further missed
 * ticks are dropped.
 */
export class Ticker {
  private next: number;

  constructor(
    private readonly ms: number,
    private readonly signal: AbortSignal,
  ) {
    this.next = performance.now() + ms;
  }

  /** Resolves at the next tick: true, or false once the signal aborted. */
  async wait(): Promise<boolean> {
    const now = performance.now();
    if (this.next <= now) {
      while (this.next <= now) this.next += this.ms;
      return !this.signal.aborted;
    }
    const delay = this.next - now;
    this.next += this.ms;
    await abortableSleep(delay, this.signal);
    return !this.signal.aborted;
  }
}
