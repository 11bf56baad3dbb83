/**
 * Heka's RegexSplitter.FindRecord, on bytes. Offsets below are byte offsets into the buffer unless
 * named `...Index` (text indexes of the decoded window).
 */
import type { Logger, SplitResult, SplitterInstance } from '@heka/core';
import { ByteText } from '@heka/re2';

const NEED_MORE: SplitResult = Object.freeze({ consumed: 0 });

type IndexedMatch = RegExpExecArray & { indices?: RegExpIndicesArray };

export class RegexSplitter implements SplitterInstance {
  private readonly text = new ByteText();
  /**
   * With a capture and delimiter_eol = false, the captured text of the last delimiter is left at the
   * start of the buffer for the next record, and the next search starts after it (Heka's captureLen).
   */
  private captureLen = 0;
  /** A copy of those bytes, to notice a buffer that no longer starts with them (dropped data). */
  private captured = new Uint8Array(0);
  private warnedStuck = false;

  constructor(
    private readonly pattern: string,
    private readonly delimiter: RegExp,
    private readonly capturing: boolean,
    private readonly eol: boolean,
    private readonly logger: Logger,
  ) {}

  findRecord(buf: Uint8Array): SplitResult {
    let skip = this.captureLen;
    if (skip > 0 && !this.startsWithCapture(buf)) skip = this.captureLen = 0;
    const window = skip > 0 ? buf.subarray(skip) : buf;
    const t = this.text;
    const m = this.delimiter.exec(t.read(window)) as IndexedMatch | null;
    if (m === null) return NEED_MORE;
    const matchIndex = m.index;
    const matchEndIndex = matchIndex + (m[0] as string).length;
    const group = this.capturing ? m.indices?.[1] : undefined;
    let record: number;
    let consumed: number;
    let advanceIndex: number;
    if (group === undefined) {
      // No capture (or the group took no part in the match, where Heka would crash): drop the delimiter.
      record = skip + t.byteOffset(matchIndex);
      consumed = skip + t.byteOffset(matchEndIndex);
      advanceIndex = matchEndIndex;
      this.captureLen = 0; // a capture kept from the previous delimiter went into this record
    } else if (this.eol) {
      // The record runs to the end of the capture; the rest of the delimiter is dropped.
      record = skip + t.byteOffset(group[1]);
      consumed = skip + t.byteOffset(matchEndIndex);
      advanceIndex = matchEndIndex;
    } else {
      // The record ends where the delimiter starts; the capture (and what follows it in the delimiter)
      // stays in the buffer to start the next record, and the next search starts after the capture.
      record = skip + t.byteOffset(matchIndex);
      const groupStart = t.byteOffset(group[0]);
      const groupEnd = t.byteOffset(group[1]);
      consumed = skip + groupStart;
      this.keepCapture(buf, consumed, groupEnd - groupStart);
      advanceIndex = group[1];
    }
    if (consumed === 0) {
      // With a capture kept (at the start of the data), the next search goes on after it. Without, this
      // match comes back every time: no record can ever be cut here.
      if (this.captureLen === 0) this.warnStuck();
      return NEED_MORE;
    }
    t.advance(advanceIndex, t.byteOffset(advanceIndex));
    return { consumed, record: buf.subarray(0, record) };
  }

  private startsWithCapture(buf: Uint8Array): boolean {
    const n = this.captureLen;
    if (buf.length < n) return false;
    const c = this.captured;
    for (let i = 0; i < n; i++) if (buf[i] !== c[i]) return false;
    return true;
  }

  private keepCapture(buf: Uint8Array, from: number, length: number): void {
    if (this.captured.length < length) this.captured = new Uint8Array(Math.max(length, 2 * this.captured.length, 16));
    this.captured.set(buf.subarray(from, from + length));
    this.captureLen = length;
  }

  private warnStuck(): void {
    if (this.warnedStuck) return;
    this.warnedStuck = true;
    this.logger.warn(
      `delimiter ${JSON.stringify(this.pattern)} matches at the start of the data without consuming anything ` +
        '(an empty match or an empty capture): no record can be cut there (as in Heka); ' +
        'data waits until the buffer overflows',
    );
  }
}
