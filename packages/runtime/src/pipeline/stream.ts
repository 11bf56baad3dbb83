/**
 * Turns a byte stream into records with a splitter, as Heka's SplitterRunner does: a buffer that
 * starts at min_buffer_size and doubles up to the maximum record size; a record that does not fit is
 * dropped (or delivered truncated with keep_truncated); the trailing partial record is delivered at
 * the end only with deliver_incomplete_final.
 */
import { allocBytes, type InputStream, type Logger, nowNanosFloat, type SplitterInstance } from '@heka/core';

export interface StreamSettings {
  minBufferSize: number;
  maxRecordSize: number;
  keepTruncated: boolean;
  deliverIncompleteFinal: boolean;
  /** Each write is a datagram (Heka's SplitBytes): nothing carries over to the next write. */
  datagrams?: boolean;
}

/**
 * Receives each record with the stream offset just past it and when its bytes were taken in (ns since
 * the epoch: one clock reading per pass over the buffer, not one per record). The record is a view whose
 * bytes are never written again, so a message can keep it as its payload without copying it.
 */
export type RecordSink = (record: Uint8Array, endOffset: number, receivedNs: number) => void | Promise<void>;

export class SplitStream implements InputStream {
  private buf: Uint8Array;
  /** End of data in buf. */
  private readPos = 0;
  /** Start of unscanned data in buf. */
  private scanPos = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  private written = 0;
  private ended = false;
  /** Records were handed out as views of buf: it is replaced, never compacted or rewritten. */
  private shared = false;
  private readonly fastSplit: boolean;

  constructor(
    private readonly splitter: SplitterInstance,
    private readonly settings: StreamSettings,
    private readonly sink: RecordSink,
    private readonly logger: Logger,
  ) {
    this.buf = new Uint8Array(Math.min(settings.minBufferSize, settings.maxRecordSize));
    this.fastSplit = typeof splitter.recordEnd === 'function';
  }

  get offset(): number {
    return this.written;
  }

  write(chunk: Uint8Array): void | Promise<void> {
    if (this.ended) throw new Error('write after end');
    this.written += chunk.length;
    if (!this.settings.datagrams) return this.feed(chunk, 0);
    const fed = this.feed(chunk, 0);
    return fed ? fed.then(() => this.endDatagram()) : this.endDatagram();
  }

  /** What a datagram leaves after its last record: delivered with deliver_incomplete_final, else dropped. */
  private endDatagram(): void | Promise<void> {
    const rest = this.buf.subarray(this.scanPos, this.readPos);
    const end = this.base + this.readPos;
    const deliver = rest.length > 0 && this.settings.deliverIncompleteFinal;
    if (deliver) this.shared = true;
    this.consumeAll();
    return deliver ? this.sink(rest, end, nowNanosFloat()) : undefined;
  }

  /** Marks everything in buf as consumed (reusing buf from its start when no record refers to it). */
  private consumeAll(): void {
    this.scanPos = this.readPos;
    if (this.shared) return;
    this.base += this.readPos;
    this.readPos = this.scanPos = 0;
  }

  /** Copies chunk[from..] in as room allows, scanning for records between copies. */
  private feed(chunk: Uint8Array, from: number): void | Promise<void> {
    while (from < chunk.length) {
      this.makeRoom();
      const n = Math.min(this.buf.length - this.readPos, chunk.length - from);
      this.buf.set(chunk.subarray(from, from + n), this.readPos);
      this.readPos += n;
      from += n;
      const pending = this.scan();
      if (pending) return pending.then(() => this.feed(chunk, from));
      // Only a buffer already at the maximum record size overflows; a smaller one grows on the next pass.
      if (this.readPos === this.buf.length && this.scanPos === 0 && this.buf.length >= this.settings.maxRecordSize) {
        const overflow = this.overflow();
        if (overflow) return overflow.then(() => this.feed(chunk, from));
      }
    }
    return undefined;
  }

  /** Heka's read(): compact (or start a new buffer) or grow when at most half the buffer is free. */
  private makeRoom(): void {
    const cap = this.buf.length;
    if (cap - this.readPos > cap / 2) return;
    if (this.scanPos === 0) {
      const size = Math.min(cap * 2, this.settings.maxRecordSize);
      if (size > cap) this.moveTo(size);
    } else if (this.shared) {
      this.moveTo(cap);
    } else {
      this.buf.copyWithin(0, this.scanPos, this.readPos);
      this.base += this.scanPos;
      this.readPos -= this.scanPos;
      this.scanPos = 0;
    }
  }

  /** Continues in a new buffer of `size` bytes holding the unscanned data; the old one belongs to its records. */
  private moveTo(size: number): void {
    const next = allocBytes(size);
    next.set(this.buf.subarray(this.scanPos, this.readPos));
    this.base += this.scanPos;
    this.readPos -= this.scanPos;
    this.scanPos = 0;
    this.buf = next;
    this.shared = false;
  }

  /** Finds and delivers every complete record in the buffer. */
  private scan(): Promise<void> | undefined {
    const receivedNs = nowNanosFloat();
    while (this.scanPos < this.readPos) {
      const from = this.scanPos;
      const available = this.readPos - from;
      let consumed: number;
      let record: Uint8Array | undefined;
      if (this.fastSplit) {
        const end = (this.splitter.recordEnd as NonNullable<SplitterInstance['recordEnd']>)(
          this.buf,
          from,
          this.readPos,
        );
        if (end < 0) return undefined; // the splitter needs more data
        consumed = end - from;
        const buf = this.buf;
        record = new Uint8Array(buf.buffer, buf.byteOffset + from, consumed); // cheaper than subarray()
      } else {
        ({ consumed, record } = this.splitter.findRecord(this.buf.subarray(from, this.readPos)));
      }
      if (!(consumed >= 0 && consumed <= available) || (record && consumed === 0)) {
        throw new Error(`splitter returned consumed=${consumed} for ${available} bytes`);
      }
      this.scanPos += consumed;
      const end = this.base + this.scanPos;
      const delivered = record && record.length > 0 ? this.deliver(record, end, receivedNs) : undefined;
      if (this.scanPos === this.readPos) this.consumeAll();
      if (delivered) return delivered.then(() => this.scan());
      if (!record) return undefined; // the splitter needs more data
    }
    return undefined;
  }

  private deliver(record: Uint8Array, end: number, receivedNs: number): void | Promise<void> {
    if (record.length > this.settings.maxRecordSize) {
      if (!this.settings.keepTruncated) {
        this.logger.error(
          `record of ${record.length} bytes exceeds the maximum record size ${this.settings.maxRecordSize}: dropped`,
        );
        return undefined;
      }
      record = record.subarray(0, this.settings.maxRecordSize);
    }
    this.shared = true;
    return this.sink(record, end, receivedNs);
  }

  /** The buffer is full at the maximum record size and holds no record. */
  private overflow(): Promise<void> | undefined {
    const { maxRecordSize, keepTruncated } = this.settings;
    const end = this.base + this.readPos;
    const whole = this.buf.subarray(0, this.readPos);
    if (keepTruncated) this.shared = true;
    this.consumeAll();
    if (keepTruncated) {
      this.logger.warn(`record exceeds the maximum record size ${maxRecordSize}: delivered truncated`);
      const r = this.sink(whole, end, nowNanosFloat());
      return r ? r : undefined;
    }
    this.logger.error(`record exceeds the maximum record size ${maxRecordSize}: dropped`);
    return undefined;
  }

  end(): void | Promise<void> {
    if (this.ended) return undefined;
    this.ended = true;
    if (!this.settings.deliverIncompleteFinal || this.readPos <= this.scanPos) return undefined;
    const rest = this.buf.subarray(this.scanPos, this.readPos);
    const end = this.base + this.readPos;
    this.shared = true;
    return this.sink(rest, end, nowNanosFloat());
  }
}
