/**
 * Which message goes out next, exactly as Heka's flood loop chose: a message is corrupt (or signed, or
 * oversized) whenever floor(sent × percentage / 100) moves on. Signed wins over oversized; an
 * oversized turn that coincides with a signed one waits for the next message.
 */
export type MessageKind = 'unsigned' | 'signed' | 'oversized';

export class Selector {
  private readonly corrupt: number;
  private readonly signed: number;
  private readonly oversized: number;
  private lastCorrupt = 0;
  private lastSigned = 0;
  private lastOversized = 0;

  constructor(percentages: { corrupt: number; signed: number; oversized: number }) {
    this.corrupt = percentages.corrupt / 100;
    this.signed = percentages.signed / 100;
    this.oversized = percentages.oversized / 100;
  }

  /** Whether message number `sent` (0-based) is corrupted before sending. */
  isCorrupt(sent: number): boolean {
    const p = Math.floor(sent * this.corrupt);
    if (p === this.lastCorrupt) return false;
    this.lastCorrupt = p;
    return true;
  }

  kind(sent: number): MessageKind {
    const s = Math.floor(sent * this.signed);
    if (s !== this.lastSigned) {
      this.lastSigned = s;
      return 'signed';
    }
    const o = Math.floor(sent * this.oversized);
    if (o !== this.lastOversized) {
      this.lastOversized = o;
      return 'oversized';
    }
    return 'unsigned';
  }
}
