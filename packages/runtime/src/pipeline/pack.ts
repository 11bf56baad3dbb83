/**
 * A message in flight. It holds a pool slot until every plugin it was routed to is done with it, then
 * releases the slot and acknowledges its origin (for at-least-once inputs).
 */
import type { Message } from '@heka/core';
import type { PackPool } from './pool.js';

export class Pack {
  /** Holders: 1 while being routed, plus one per runner it was queued for. */
  private refs = 1;

  constructor(
    readonly message: Message,
    /** Verified signer name from a framing splitter. */
    readonly signer: string | undefined,
    /** Generations of injection (Heka's MsgLoopCount). */
    readonly loopCount: number,
    private readonly pool: PackPool,
    private readonly onDone: (() => void) | undefined,
  ) {}

  /** Whether this pack holds a slot of `pool`. */
  holds(pool: PackPool): boolean {
    return this.pool === pool;
  }

  retain(): void {
    this.refs++;
  }

  /** One holder is done; the last one frees the slot and acknowledges. */
  release(): void {
    if (--this.refs !== 0) return;
    this.pool.release();
    this.onDone?.();
  }
}

/** The messages of packs, in order. */
export function messagesOf(packs: readonly Pack[]): Message[] {
  const out: Message[] = new Array(packs.length);
  for (let i = 0; i < packs.length; i++) out[i] = (packs[i] as Pack).message;
  return out;
}
