/**
 * A logstream's journal: written when the acknowledged position moved — at most every 500 ms while it
 * keeps moving, at once when it settles, and on every acknowledgement once the input is stopping.
 */
import type { Logger } from '@heka/core';
import { writeJournal } from '@heka/logstreamer';
import { AckWindow } from './window.js';

/** Which checkpoint owns each journal file: a stopped instance's late acknowledgements must not overwrite a newer one's. */
const owners = new Map<string, Checkpoint>();

/** Longest wait between journal writes while a logstream keeps moving. */
const SAVE_EVERY_MS = 500;

export class Checkpoint {
  readonly window = new AckWindow();
  private savedAcked = 0;
  private lastAckSeen = 0;
  private lastSave = 0;
  private lastError = '';
  /** Set once reading stopped: every acknowledgement is saved at once. */
  draining = false;

  constructor(
    readonly journal: string,
    private readonly name: string,
    private readonly logger: Logger,
  ) {
    owners.set(journal, this);
  }

  ack(offset: number): void {
    this.window.ack(offset);
    if (this.draining) this.save(Date.now(), true);
  }

  save(now: number, force = false): void {
    const acked = this.window.acked;
    if (acked === this.savedAcked) return;
    const settled = acked === this.lastAckSeen;
    this.lastAckSeen = acked;
    if (!force && !settled && now - this.lastSave < SAVE_EVERY_MS) return;
    if (owners.get(this.journal) !== this) return;
    const position = this.window.position();
    if (!position) return;
    try {
      writeJournal(this.journal, position);
      this.savedAcked = acked;
      this.lastSave = now;
      this.lastError = '';
    } catch (e) {
      const message = `logstream '${this.name}': cannot save journal: ${(e as Error).message}`;
      if (message !== this.lastError) this.logger.error(message);
      this.lastError = message;
    }
  }
}
