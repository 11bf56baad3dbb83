/** A bounded FIFO (Heka's plugin_chansize channels) with "room" waiters for back-pressure. */
export class BoundedQueue<T> {
  private items: (T | undefined)[];
  private head = 0;
  private count = 0;
  private readonly roomWaiters: (() => void)[] = [];

  constructor(private cap: number) {
    this.items = new Array(Math.max(1, cap));
  }

  get capacity(): number {
    return this.cap;
  }

  /** Changes the bound (growing it wakes waiters that now fit). */
  setCapacity(capacity: number): void {
    this.cap = capacity;
    while (this.count < this.cap && this.roomWaiters.length > 0) this.roomWaiters.shift()?.();
  }

  get length(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count >= this.cap;
  }

  /** Adds an item; `force` goes past capacity (bounded elsewhere, e.g. by the inject pool). */
  push(item: T, force = false): boolean {
    if (this.count >= this.cap && !force) return false;
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) % this.items.length] = item;
    this.count++;
    return true;
  }

  shift(): T | undefined {
    if (this.count === 0) return undefined;
    const item = this.items[this.head];
    this.items[this.head] = undefined;
    this.head = (this.head + 1) % this.items.length;
    this.count--;
    if (this.count < this.cap) this.roomWaiters.shift()?.();
    return item;
  }

  /** Resolves when there is room for one more item (FIFO among waiters). */
  whenRoom(): Promise<void> {
    if (this.count < this.cap) return Promise.resolve();
    return new Promise((resolve) => this.roomWaiters.push(resolve));
  }

  /** Removes and returns everything queued. */
  drainAll(): T[] {
    const out: T[] = [];
    for (let x = this.shift(); x !== undefined; x = this.shift()) out.push(x);
    return out;
  }

  /** Wakes every room waiter (used when the consumer goes away). */
  releaseWaiters(): void {
    for (const w of this.roomWaiters.splice(0)) w();
  }

  private grow(): void {
    const next = new Array<T | undefined>(this.items.length * 2);
    for (let i = 0; i < this.count; i++) next[i] = this.items[(this.head + i) % this.items.length];
    this.items = next;
    this.head = 0;
  }
}
