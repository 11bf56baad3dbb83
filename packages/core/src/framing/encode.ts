/** Heka stream framing: `1E <header length> <Header protobuf> 1F <message>`. */
import { FramingError } from '../errors.js';
import { allocBytes } from '../message/bytes.js';
import {
  DEFAULT_MAX_MESSAGE_SIZE,
  HEADER_FRAMING_SIZE,
  MAX_HEADER_SIZE,
  RECORD_SEPARATOR,
  UNIT_SEPARATOR,
} from './constants.js';
import { encodeHeader } from './header.js';
import { hmacDigest, type MessageSigner } from './signing.js';

export interface EncodeFrameOptions {
  /** Largest message allowed (Heka's max_message_size), default 64 KiB. */
  maxMessageSize?: number;
}

/** Frames message bytes exactly as Heka's ProtobufEncoder with `use_framing` (optionally HMAC-signed). */
export function encodeFrame(message: Uint8Array, signer?: MessageSigner, options?: EncodeFrameOptions): Uint8Array {
  const max = options?.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  if (message.length > max) {
    throw new FramingError(`message too big: ${message.length} bytes (max_message_size = ${max})`);
  }
  let header: Uint8Array;
  if (signer) {
    const hash = signer.hash ?? 'md5';
    if (hash !== 'md5' && hash !== 'sha1') throw new FramingError(`unknown hmac_hash ${JSON.stringify(hash)}`);
    const keyVersion = signer.version ?? 0;
    if (!Number.isInteger(keyVersion) || keyVersion < 0 || keyVersion > 0xffffffff) {
      throw new FramingError(`signer version must be a uint32, got ${keyVersion}`);
    }
    const hmac = hmacDigest(hash, signer.key, message);
    header = encodeHeader(message.length, { hash, signer: signer.name, keyVersion, hmac });
  } else {
    return unsignedFrame(message);
  }
  if (header.length > MAX_HEADER_SIZE) {
    throw new FramingError(`message header too big: ${header.length} bytes (max ${MAX_HEADER_SIZE})`);
  }
  const out = allocBytes(HEADER_FRAMING_SIZE + header.length + message.length);
  out[0] = RECORD_SEPARATOR;
  out[1] = header.length;
  out.set(header, 2);
  out[2 + header.length] = UNIT_SEPARATOR;
  out.set(message, HEADER_FRAMING_SIZE + header.length);
  return out;
}

/** The common unsigned case without building a header: `1E <n> 08 <varint length> 1F <message>`. */
function unsignedFrame(message: Uint8Array): Uint8Array {
  const len = message.length;
  const varintSize = len < 0x80 ? 1 : len < 0x4000 ? 2 : len < 0x200000 ? 3 : len < 0x10000000 ? 4 : 5;
  const headerSize = 1 + varintSize;
  const out = allocBytes(HEADER_FRAMING_SIZE + headerSize + len);
  out[0] = RECORD_SEPARATOR;
  out[1] = headerSize;
  out[2] = 0x08;
  let v = len;
  let at = 3;
  while (v > 0x7f) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  out[at] = UNIT_SEPARATOR;
  out.set(message, at + 1);
  return out;
}
