/** Heka's framing constants (message/message.go). */
export const RECORD_SEPARATOR = 0x1e;
export const UNIT_SEPARATOR = 0x1f;
/** Record separator + header length byte. */
export const HEADER_DELIMITER_SIZE = 2;
/** ... + unit separator. */
export const HEADER_FRAMING_SIZE = 3;
export const MAX_HEADER_SIZE = 255;
export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
/** Heka authenticates only frames whose header + framing exceed this (in practice: signed frames). */
export const AUTH_MIN_FRAMED_HEADER = 16;

/** The largest framed record for a given maximum message size (3 + 255 + max). */
export function maxRecordSize(maxMessageSize = DEFAULT_MAX_MESSAGE_SIZE): number {
  return HEADER_FRAMING_SIZE + MAX_HEADER_SIZE + maxMessageSize;
}
