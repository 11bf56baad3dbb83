/**
 * @heka/core: Heka's message model, protobuf wire format, stream framing and message matcher.
 * Pure logic: no sockets, files or timers.
 */
export { DecodeError, FramingError, HekaError, MatcherSyntaxError, MessageError } from './errors.js';
export {
  AUTH_MIN_FRAMED_HEADER,
  DEFAULT_MAX_MESSAGE_SIZE,
  HEADER_FRAMING_SIZE,
  MAX_HEADER_SIZE,
  maxRecordSize,
  RECORD_SEPARATOR,
  UNIT_SEPARATOR,
} from './framing/constants.js';
export { type EncodeFrameOptions, encodeFrame } from './framing/encode.js';
export { decodeHeader, encodeHeader, type FrameHeader, type HmacHash } from './framing/header.js';
export {
  type Frame,
  type FrameDrop,
  type FrameDropReason,
  FrameReader,
  type FrameReaderOptions,
  type FrameReaderStats,
} from './framing/reader.js';
export { type ScanResult, scanFrame } from './framing/scan.js';
export { type AuthResult, authenticate, type MessageSigner, type SignerKeys } from './framing/signing.js';
export { compileMatcher, type Matcher, matcherSource } from './matcher/index.js';
export { allocBytes, copyBytes, toBase64 } from './message/bytes.js';
export { Field } from './message/field.js';
export { type HeaderName, Message, nowNanosFloat } from './message/message.js';
export type { FieldInit, FieldJSON, FieldValue, FieldValueType, MessageInit, MessageJSON } from './message/types.js';
export { randomUuid, uuidFromString, uuidToString } from './message/uuid.js';
export * from './plugin/index.js';
export { decodeMessage } from './wire/decode.js';
export { encodeMessage } from './wire/encode.js';
export { decodeUtf8, decodeUtf8GoStyle } from './wire/utf8.js';
