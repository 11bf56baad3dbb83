/**
 * A budget of work per event-loop turn. When the router waits for room in a queue, draining that queue
 * in a microtask instead of on the next turn (setImmediate) saves a turn per queue-full of messages;
 * capping how often that happens per turn keeps timers, signals and I/O from starving behind an input
 * that never has to wait for anything else.
 */
export class TurnBudget {
  private used = 0;
  private resetPending = false;
  private readonly reset = (): void => {
    this.used = 0;
    this.resetPending = false;
  };

  constructor(private readonly perTurn: number) {}

  /** Takes one unit of this turn's budget; false when it is spent (wait for the next turn). */
  take(): boolean {
    if (!this.resetPending) {
      this.resetPending = true;
      setImmediate(this.reset);
    }
    return ++this.used <= this.perTurn;
  }
}

/** Queue-fulls drained in a microtask per event-loop turn, across all message runners. */
export const earlyDrains = new TurnBudget(64);
