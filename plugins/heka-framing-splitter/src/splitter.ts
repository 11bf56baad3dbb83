/**
 * Heka's HekaFramingSplitter: FindRecord finds the next `1E <len> <header> 1F <message>` frame
 * (resynchronising on anything else) and UnframeRecord strips the framing and checks the HMAC.
 */
import {
  authenticate,
  decodeHeader,
  HEADER_FRAMING_SIZE,
  type Logger,
  RECORD_SEPARATOR,
  type SplitResult,
  type SplitterInstance,
  scanFrame,
  UNIT_SEPARATOR,
} from '@heka/core';

const NEED_MORE: SplitResult = Object.freeze({ consumed: 0 });

/** Heka authenticates only frames whose header length + 3 exceeds this (message.UUID_SIZE). */
const AUTH_MIN_FRAMED_HEADER = 16;

export interface FramingSettings {
  maxMessageSize: number;
  /** hmac_key by `<signer>_<version>`. */
  signers: ReadonlyMap<string, string>;
  skipAuthentication: boolean;
  logger: Logger;
}

export type Unframed = { bytes: Uint8Array; signer?: string } | null;

export class HekaFramingSplitter implements SplitterInstance {
  /** Problems are logged as warnings the first time for each stream (this instance), then at debug level. */
  private readonly warned = new Set<string>();

  constructor(private readonly s: FramingSettings) {}

  findRecord(buf: Uint8Array): SplitResult {
    const r = scanFrame(buf, 0, buf.length, this.s.maxMessageSize);
    const skipped = r.kind === 'frame' ? r.start : r.keepFrom;
    if (skipped > 0) this.skipped(skipped, r.skippedHeaders, r.oversize);
    if (r.kind === 'more') return skipped === 0 ? NEED_MORE : { consumed: skipped };
    return { consumed: r.end, record: buf.subarray(r.start, r.end) };
  }

  unframe(record: Uint8Array): Unframed {
    // Records from findRecord are whole frames. The runtime also hands over what is left at the end of
    // a stream or datagram with deliver_incomplete_final: always from a record separator, maybe cut short.
    const headerEnd = (record[1] ?? 0xff) + HEADER_FRAMING_SIZE;
    if (record[0] !== RECORD_SEPARATOR || record.length < headerEnd) {
      this.note('incomplete', `dropped ${record.length} bytes: an incomplete frame header`);
      return null;
    }
    const bytes = record.subarray(headerEnd);
    if (this.s.skipAuthentication || headerEnd <= AUTH_MIN_FRAMED_HEADER) return { bytes };
    // Heka's DecodeHeader: unit separator present, header decodes, message length within the limit.
    const { header, error } = decodeHeader(record, 2, headerEnd - 1);
    if (record[headerEnd - 1] !== UNIT_SEPARATOR || error !== undefined) {
      this.note('header', `dropped a frame whose header does not decode: ${error ?? 'no unit separator'}`);
      return null;
    }
    if ((header.messageLength ?? 0) > this.s.maxMessageSize) {
      this.note('header', `dropped a frame announcing ${header.messageLength} bytes (max_message_size)`);
      return null;
    }
    const auth = authenticate(header, bytes, this.s.signers);
    if (!auth.ok) {
      this.note('auth', `dropped a signed frame: ${auth.reason}`);
      return null;
    }
    return auth.signer === undefined ? { bytes } : { bytes, signer: auth.signer };
  }

  private skipped(bytes: number, headers: number, oversize: number): void {
    const { logger, maxMessageSize } = this.s;
    if (oversize > 0) {
      // Heka logs these as errors: a sender's max_message_size is larger than ours.
      logger.error(
        `skipped ${oversize} frame header${oversize > 1 ? 's' : ''} announcing a message longer than ` +
          `max_message_size ${maxMessageSize} (${bytes} bytes dropped while resynchronising)`,
      );
      return;
    }
    const what = headers > 0 ? `, ${headers} invalid frame header${headers > 1 ? 's' : ''}` : '';
    this.note(
      'garbage',
      `dropped ${bytes} bytes that are not Heka framing${what} (does the sender use ProtobufEncoder with framing?)`,
    );
  }

  private note(kind: string, message: string): void {
    if (this.warned.has(kind)) {
      this.s.logger.debug(message);
      return;
    }
    this.warned.add(kind);
    this.s.logger.warn(`${message}; later ones on this stream are logged at debug level`);
  }
}
