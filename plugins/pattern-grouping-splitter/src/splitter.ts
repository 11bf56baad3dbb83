/**
 * Heka's PatternGroupingSplitter.FindRecord: find up to max_lines delimiter matches in the buffer, then
 * keep contiguous lines that match the grouping expression together. Matches are found one at a time,
 * as the algorithm needs them (Heka found all max_lines first; the result is the same). Offsets here
 * are text indexes of the decoded buffer until the final byte offset.
 */
import type { Logger, SplitResult, SplitterInstance } from '@heka/core';
import { ByteText } from '@heka/re2';

const NEED_MORE: SplitResult = Object.freeze({ consumed: 0 });

export class PatternGroupingSplitter implements SplitterInstance {
  private readonly text = new ByteText();
  // State of the delimiter search in the current buffer (Go's allMatches loop).
  private pos = 0;
  private previousMatchEnd = -1;
  private found = 0;
  /** The last match found by next(). */
  private start = 0;
  private end = 0;
  private warnedStuck = false;

  /**
   * @param delimiter global flag set: searched from lastIndex, with the text before it as context
   * @param limit most matches per call (Infinity for no limit)
   */
  constructor(
    private readonly delimiter: RegExp,
    private readonly grouping: RegExp,
    private readonly limit: number,
    private readonly delimiterPattern: string,
    private readonly groupingPattern: string,
    private readonly logger: Logger,
  ) {}

  findRecord(buf: Uint8Array): SplitResult {
    const s = this.text.read(buf);
    this.pos = this.found = 0;
    this.previousMatchEnd = -1;
    if (!this.next(s)) return NEED_MORE;
    const grouping = this.grouping;
    const firstEnd = this.end;
    let end = firstEnd;
    // A line that does not group, or one that might but is the only one buffered, is a record by itself.
    if (grouping.test(s.slice(0, firstEnd)) && this.next(s)) {
      // Heka's loop: the text from the end of the previous accepted delimiter (at first: from the start
      // of the buffer, so line 2 is tested together with line 1) to the start of the next delimiter
      // must match the grouping expression to join the record.
      let previousEnd = 0;
      let failed = false;
      do {
        if (!grouping.test(s.slice(previousEnd, this.start))) {
          failed = true;
          break;
        }
        previousEnd = this.end;
      } while (this.next(s));
      end = previousEnd;
      if (failed && end === 0) {
        this.warnStuck(false);
        return NEED_MORE;
      }
    }
    if (end === 0) {
      this.warnStuck(true);
      return NEED_MORE;
    }
    const consumed = this.text.byteOffset(end);
    this.text.advance(end, consumed);
    return { consumed, record: buf.subarray(0, consumed) };
  }

  /**
   * The next match of Go's FindAllIndex(text, limit) into start/end, or false: successive matches,
   * where an empty match right after the previous match is skipped.
   */
  private next(s: string): boolean {
    const re = this.delimiter;
    while (this.found < this.limit && this.pos <= s.length) {
      re.lastIndex = this.pos;
      const m = re.exec(s);
      if (m === null) {
        this.pos = s.length + 1;
        return false;
      }
      const start = m.index;
      const end = start + (m[0] as string).length;
      const accept = end !== this.pos || start !== this.previousMatchEnd;
      if (end === this.pos) {
        // An empty match: step over one character (a surrogate pair is one character).
        const c = s.charCodeAt(this.pos);
        this.pos += c >= 0xd800 && c <= 0xdbff && this.pos + 1 < s.length ? 2 : 1;
      } else {
        this.pos = end;
      }
      this.previousMatchEnd = end;
      if (accept) {
        this.start = start;
        this.end = end;
        this.found++;
        return true;
      }
    }
    return false;
  }

  /** Heka's algorithm finds no record at all here, whatever data comes next: say so once. */
  private warnStuck(emptyDelimiter: boolean): void {
    if (this.warnedStuck) return;
    this.warnedStuck = true;
    const why = emptyDelimiter
      ? `delimiter ${JSON.stringify(this.delimiterPattern)} matches the empty string at the start of the data`
      : `grouping ${JSON.stringify(this.groupingPattern)} matches the first line but not the first two lines together`;
    this.logger.warn(`${why}: no record can be cut here (as in Heka); data waits until the buffer overflows`);
  }
}
