/**
 * A pool of pack slots (Heka's poolsize): the hard limit on messages in flight. Inputs wait for a
 * slot, which is what turns a slow output into back-pressure on the inputs instead of memory growth.
 */
export class PackPool {
  private inUse = 0;
  private readonly waiters: (() => void)[] = [];
  private readonly belowWaiters: (() => void)[] = [];

  constructor(
    readonly name: string,
    readonly capacity: number,
  ) {}

  get used(): number {
    return this.inUse;
  }

  get free(): number {
    return Math.max(0, this.capacity - this.inUse);
  }

  /** Takes a slot if one is free. */
  tryAcquire(): boolean {
    if (this.inUse >= this.capacity) return false;
    this.inUse++;
    return true;
  }

  /** Takes a slot, waiting (FIFO) when none is free. */
  acquire(): Promise<void> | undefined {
    if (this.tryAcquire()) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Takes a slot even when the pool is exhausted (filter injections must not block their filter). */
  acquireOver(): void {
    this.inUse++;
  }

  release(): void {
    if (this.waiters.length > 0) {
      (this.waiters.shift() as () => void)(); // the slot passes straight to the waiter
      return;
    }
    this.inUse--;
    // Checked first: splice() would allocate an array on every release.
    if (this.belowWaiters.length > 0 && this.inUse < this.capacity) for (const w of this.belowWaiters.splice(0)) w();
  }

  /** Resolves once fewer than `capacity` slots are in use. */
  whenBelowCapacity(): Promise<void> | undefined {
    if (this.inUse < this.capacity) return undefined;
    return new Promise((resolve) => this.belowWaiters.push(resolve));
  }

  /** Resolves once no slot is in use (every message in flight is done). */
  whenEmpty(): Promise<void> {
    if (this.inUse === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.inUse === 0) resolve();
        else setTimeout(check, 2);
      };
      setTimeout(check, 2);
    });
  }
}
