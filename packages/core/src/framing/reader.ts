/** Incremental reader of Heka-framed streams (what HekaFramingSplitter, heka-cat and disk queues need). */
import { copyBytes } from '../message/bytes.js';
import { AUTH_MIN_FRAMED_HEADER, DEFAULT_MAX_MESSAGE_SIZE } from './constants.js';
import { frameHeader, scanFrame } from './scan.js';
import { authenticate, type SignerKeys } from './signing.js';

export interface FrameReaderOptions {
  /** Largest message accepted (Heka's max_message_size), default 64 KiB. Longer headers are skipped. */
  maxMessageSize?: number;
  /** Keys for signed frames, by `<signer>_<version>`. */
  signers?: SignerKeys;
  /** Accept frames without checking HMACs (Heka's skip_authentication). */
  skipAuthentication?: boolean;
  /** Told about every byte range that is not delivered, as it is dropped. */
  onDrop?: (drop: FrameDrop) => void;
}

export interface Frame {
  /** The message bytes (a copy; safe to keep). */
  message: Uint8Array;
  /** The verified signer name when the frame carried a valid HMAC; undefined for unsigned frames. */
  signer: string | undefined;
  /** Stream offset of the frame's record separator. */
  offset: number;
  /** Size of the whole frame in bytes. */
  length: number;
}

export type FrameDropReason = 'garbage' | 'authentication';

export interface FrameDrop {
  reason: FrameDropReason;
  /** Stream offset and size of what was dropped. */
  offset: number;
  length: number;
  detail: string;
}

export interface FrameReaderStats {
  frames: number;
  /** Bytes skipped while looking for a valid frame (garbage, invalid or oversize headers). */
  garbageBytes: number;
  /** Record separators that did not start a valid header. */
  invalidHeaders: number;
  /** Headers announcing more than maxMessageSize. */
  oversizeHeaders: number;
  /** Frames dropped for a missing key or a bad signature. */
  authFailures: number;
}

export class FrameReader {
  private buf = new Uint8Array(0);
  private start = 0;
  private end = 0;
  /** Stream offset of buf[0]. */
  private base = 0;
  private readonly max: number;
  readonly stats: FrameReaderStats = {
    frames: 0,
    garbageBytes: 0,
    invalidHeaders: 0,
    oversizeHeaders: 0,
    authFailures: 0,
  };

  constructor(private readonly options: FrameReaderOptions = {}) {
    this.max = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  }

  /** Bytes held that are not yet a complete frame. */
  get buffered(): number {
    return this.end - this.start;
  }

  /** Stream offset of the next byte that push() will receive. */
  get streamOffset(): number {
    return this.base + this.end;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    if (this.end + chunk.length > this.buf.length) this.makeRoom(chunk.length);
    this.buf.set(chunk, this.end);
    this.end += chunk.length;
  }

  /** Compacts live bytes to the front, growing the buffer when they and `extra` do not fit. */
  private makeRoom(extra: number): void {
    const live = this.end - this.start;
    if (live + extra <= this.buf.length) {
      this.buf.copyWithin(0, this.start, this.end);
    } else {
      let size = Math.max(this.buf.length * 2, 64 * 1024);
      while (size < live + extra) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
    }
    this.base += this.start;
    this.start = 0;
    this.end = live;
  }

  /** The next complete, valid frame, or undefined until more bytes arrive. */
  read(): Frame | undefined {
    for (;;) {
      const r = scanFrame(this.buf, this.start, this.end, this.max);
      this.stats.invalidHeaders += r.skippedHeaders;
      this.stats.oversizeHeaders += r.oversize;
      const keep = r.kind === 'frame' ? r.start : r.keepFrom;
      if (keep > this.start) this.drop('garbage', this.start, keep, `${keep - this.start} bytes without a valid frame`);
      if (r.kind === 'more') {
        this.start = keep;
        if (this.start === this.end) {
          // Nothing pending: restart at the front of the buffer.
          this.base += this.end;
          this.start = this.end = 0;
        }
        return undefined;
      }
      this.start = r.end;
      const message = copyBytes(this.buf, r.messageStart, r.end);
      let signer: string | undefined;
      const framedHeader = r.messageStart - r.start;
      if (!this.options.skipAuthentication && framedHeader > AUTH_MIN_FRAMED_HEADER) {
        const { header, error } = frameHeader(this.buf, r.start);
        const auth = error === undefined ? authenticate(header, message, this.options.signers) : undefined;
        if (!auth?.ok) {
          this.stats.authFailures++;
          this.drop('authentication', r.start, r.end, auth ? auth.reason : `header: ${error}`);
          continue;
        }
        signer = auth.signer;
      }
      this.stats.frames++;
      return { message, signer, offset: this.base + r.start, length: r.end - r.start };
    }
  }

  /** Reads every complete frame now available. */
  readAll(): Frame[] {
    const frames: Frame[] = [];
    for (let f = this.read(); f; f = this.read()) frames.push(f);
    return frames;
  }

  private drop(reason: FrameDropReason, from: number, to: number, detail: string): void {
    if (reason === 'garbage') this.stats.garbageBytes += to - from;
    this.options.onDrop?.({ reason, offset: this.base + from, length: to - from, detail });
  }
}
