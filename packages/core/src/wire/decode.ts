/**
 * Protobuf decoding of Heka's `message.proto` (proto2), hand-written for speed.
 *
 * Accepts what Heka's gogo-generated unmarshaller accepts (packed and unpacked numeric arrays,
 * unknown fields, missing "required" fields), but rejects malformed input that Heka would silently
 * half-decode (a broken Field sub-message, an unknown value type). Never reads past the input, never
 * allocates more than the input's size, always advances.
 */
import { DecodeError } from '../errors.js';
import { Field, HAS_REPRESENTATION, HAS_VALUE_TYPE } from '../message/field.js';
import {
  BARE,
  installFieldDecoder,
  installRecordText,
  Message,
  P_ENV_VERSION,
  P_HOSTNAME,
  P_LOGGER,
  P_PAYLOAD,
  P_PID,
  P_SEVERITY,
  P_TIMESTAMP,
  P_TYPE,
  P_UUID,
} from '../message/message.js';
import type { FieldValue, FieldValueType } from '../message/types.js';
import { VALUE_TYPES_BY_CODE } from '../message/types.js';
import { decodeUtf8, latin1 } from './utf8.js';

const TWO_32 = 4294967296;
const MAX_GROUP_DEPTH = 64;
const scratch = new DataView(new ArrayBuffer(8));

// Decoder state: decoding is synchronous and not re-entrant, so module state avoids an object per call.
let buf: Uint8Array = new Uint8Array(0);
let pos = 0;
/** Latin-1 view of the whole input, made on the first ASCII string (one native call per message). */
let view: string | undefined;
/** Result of readVarint64: signed high word and unsigned low word. */
let hi = 0;
let lo = 0;

function fail(message: string, at = pos): never {
  throw new DecodeError(message, at);
}

/** A tag: field number << 3 | wire type, as an unsigned 32-bit number. */
function readVarint32(end: number): number {
  const b = buf[pos] as number;
  if (pos < end && b < 0x80) {
    pos++;
    return b;
  }
  readVarint64(end);
  // Go takes the field number from bits 3..34. With any of bits 32..34 set it is at least 2^29, so an
  // unknown field, never the known one that the low 32 bits alone would name: map it to 2^29 - 1.
  return (hi & 7) === 0 ? lo : (0xfffffff8 | (lo & 7)) >>> 0;
}

/** Reads a varint of up to 10 bytes into `hi`/`lo`. */
function readVarint64(end: number): void {
  const start = pos;
  let l = 0;
  let h = 0;
  let shift = 0;
  for (;;) {
    if (pos >= end) fail('truncated varint', start);
    const b = buf[pos++] as number;
    if (shift < 28) {
      l |= (b & 0x7f) << shift;
    } else if (shift === 28) {
      l |= (b & 0x0f) << 28;
      h = (b & 0x7f) >> 4;
    } else if (shift < 63) {
      h |= (b & 0x7f) << (shift - 32);
    } else {
      h |= (b & 0x01) << 31;
    }
    if (b < 0x80) break;
    shift += 7;
    if (shift > 63) fail('varint longer than 10 bytes', start);
  }
  lo = l >>> 0;
  hi = h | 0;
}

/** The int64 in hi/lo as a number when safe, else a bigint. */
function int64Value(): number | bigint {
  if (hi >= -0x200000 && hi < 0x200000) {
    const v = hi * TWO_32 + lo;
    if (Number.isSafeInteger(v)) return v;
  }
  scratch.setUint32(0, lo, true);
  scratch.setInt32(4, hi, true);
  return scratch.getBigInt64(0, true);
}

/** Reads a length prefix and returns the end of the delimited bytes. */
function readLengthEnd(end: number): number {
  const b = buf[pos] as number;
  if (b < 0x80 && pos < end) {
    pos++;
    if (b > end - pos) fail('length runs past the end of the input', pos - 1);
    return pos + b;
  }
  const start = pos;
  readVarint64(end);
  if (hi !== 0 || lo > end - pos) fail('length runs past the end of the input', start);
  return pos + lo;
}

function readBytesView(end: number): Uint8Array {
  const stop = readLengthEnd(end);
  const start = pos;
  pos = stop;
  return buf.subarray(start, stop);
}

function readString(end: number): string {
  const stop = readLengthEnd(end);
  const start = pos;
  pos = stop;
  const b = buf; // a local: the loop must not reload module state
  for (let i = start; i < stop; i++) {
    if ((b[i] as number) > 0x7f) return decodeUtf8(b, start, stop);
  }
  const n = stop - start;
  if (n <= 12) return shortAscii(b, start, n);
  if (view === undefined) view = latin1(b, 0, b.length);
  return view.substring(start, stop);
}

const fcc = String.fromCharCode as (...codes: (number | undefined)[]) => string;

/** Short ASCII strings (field names, types) are cheapest as one fromCharCode call. */
function shortAscii(b: Uint8Array, s: number, n: number): string {
  // biome-ignore format: one case per length reads best as a table
  switch (n) {
    case 0:
      return '';
    case 1:
      return fcc(b[s]);
    case 2:
      return fcc(b[s], b[s + 1]);
    case 3:
      return fcc(b[s], b[s + 1], b[s + 2]);
    case 4:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    case 9:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8]);
    case 10:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9]);
    case 11:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10]);
    default:
      return fcc(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]);
  }
}

/** A view into the input (which the message keeps anyway as its wire bytes). */
function readBytes(end: number): Uint8Array {
  const stop = readLengthEnd(end);
  const out = new Uint8Array(buf.buffer, buf.byteOffset + pos, stop - pos);
  pos = stop;
  return out;
}

/** Skips one field's value of the given wire type (tag already read). */
function skipValue(wireType: number, end: number, fieldNumber: number, depth: number): void {
  switch (wireType) {
    case 0:
      readVarint64(end);
      return;
    case 1:
      if (end - pos < 8) fail('truncated fixed64');
      pos += 8;
      return;
    case 2:
      pos = readLengthEnd(end);
      return;
    case 5:
      if (end - pos < 4) fail('truncated fixed32');
      pos += 4;
      return;
    case 3: {
      if (depth >= MAX_GROUP_DEPTH) fail('groups nested too deeply');
      for (;;) {
        if (pos >= end) fail('unterminated group');
        const tagAt = pos;
        const tag = readVarint32(end);
        const wt = tag & 7;
        if (wt === 4) {
          if (tag >>> 3 !== fieldNumber) fail('mismatched end of group', tagAt);
          return;
        }
        skipValue(wt, end, tag >>> 3, depth + 1);
      }
    }
    default:
      fail(`invalid wire type ${wireType}`);
  }
}

function wireTypeError(field: string, wireType: number, at: number): never {
  fail(`wrong wire type ${wireType} for ${field}`, at);
}

/**
 * Decodes one `Field` sub-message spanning [pos, end). With `make` false it only checks it (same code
 * path, no allocation): decodeMessage validates every field up front and builds them on first access.
 */
function readField(end: number, make: boolean): Field | null {
  let name = '';
  let typeCode = 0;
  let representation = '';
  let presence = 0;
  let strings: string[] | null = null;
  let bytes: Uint8Array[] | null = null;
  let ints: (number | bigint)[] | null = null;
  let doubles: number[] | null = null;
  let bools: boolean[] | null = null;
  let unknown: Uint8Array[] | null = null;
  let sawName = false;
  while (pos < end) {
    const tagAt = pos;
    const tag = readVarint32(end);
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wireType !== 2) wireTypeError('Field.name', wireType, tagAt);
        if (make) name = readString(end);
        else pos = readLengthEnd(end);
        sawName = true;
        break;
      case 2:
        if (wireType !== 0) wireTypeError('Field.value_type', wireType, tagAt);
        readVarint64(end);
        if (hi !== 0 || lo > 4) fail(`unknown field value type ${int64Value()}`, tagAt);
        typeCode = lo;
        presence |= HAS_VALUE_TYPE;
        break;
      case 3:
        if (wireType !== 2) wireTypeError('Field.representation', wireType, tagAt);
        if (make) representation = readString(end);
        else pos = readLengthEnd(end);
        presence |= HAS_REPRESENTATION;
        break;
      case 4:
        if (wireType !== 2) wireTypeError('Field.value_string', wireType, tagAt);
        if (make) {
          strings ??= [];
          strings.push(readString(end));
        } else pos = readLengthEnd(end);
        break;
      case 5:
        if (wireType !== 2) wireTypeError('Field.value_bytes', wireType, tagAt);
        if (make) {
          bytes ??= [];
          bytes.push(readBytes(end));
        } else pos = readLengthEnd(end);
        break;
      case 6:
        if (make) ints ??= [];
        if (wireType === 2) {
          const stop = readLengthEnd(end);
          while (pos < stop) {
            readVarint64(stop);
            if (ints) ints.push(int64Value());
          }
        } else if (wireType === 0) {
          readVarint64(end);
          if (ints) ints.push(int64Value());
        } else wireTypeError('Field.value_integer', wireType, tagAt);
        break;
      case 7:
        if (make) doubles ??= [];
        if (wireType === 2) {
          const stop = readLengthEnd(end);
          if ((stop - pos) % 8 !== 0) fail('packed doubles length is not a multiple of 8', tagAt);
          if (doubles) for (; pos < stop; pos += 8) doubles.push(readDouble());
          else pos = stop;
        } else if (wireType === 1) {
          if (end - pos < 8) fail('truncated double');
          if (doubles) doubles.push(readDouble());
          pos += 8;
        } else wireTypeError('Field.value_double', wireType, tagAt);
        break;
      case 8:
        if (make) bools ??= [];
        if (wireType === 2) {
          const stop = readLengthEnd(end);
          while (pos < stop) {
            readVarint64(stop);
            if (bools) bools.push(lo !== 0 || hi !== 0);
          }
        } else if (wireType === 0) {
          readVarint64(end);
          if (bools) bools.push(lo !== 0 || hi !== 0);
        } else wireTypeError('Field.value_bool', wireType, tagAt);
        break;
      case 0:
        fail('field number 0', tagAt);
        break;
      default:
        skipValue(wireType, end, tag >>> 3, 0);
        if (make) {
          unknown ??= [];
          unknown.push(buf.subarray(tagAt, pos));
        }
    }
  }
  if (!sawName) fail('field without a name', end);
  if (!make) return null;
  const valueType = VALUE_TYPES_BY_CODE[typeCode] as FieldValueType;
  const value: FieldValue[] =
    (valueType === 'string'
      ? strings
      : valueType === 'bytes'
        ? bytes
        : valueType === 'integer'
          ? ints
          : valueType === 'double'
            ? doubles
            : bools) ?? [];
  return new Field(name, valueType, representation, value, presence, unknown);
}

function readDouble(): number {
  scratch.setUint32(
    0,
    (buf[pos] as number) |
      ((buf[pos + 1] as number) << 8) |
      ((buf[pos + 2] as number) << 16) |
      ((buf[pos + 3] as number) << 24),
    true,
  );
  scratch.setUint32(
    4,
    (buf[pos + 4] as number) |
      ((buf[pos + 5] as number) << 8) |
      ((buf[pos + 6] as number) << 16) |
      ((buf[pos + 7] as number) << 24),
    true,
  );
  return scratch.getFloat64(0, true);
}

/**
 * Decodes a protobuf-encoded Heka message. The message keeps a reference to `bytes` (see
 * `encodeMessage`), so do not modify them afterwards. Throws DecodeError on malformed input.
 */
export function decodeMessage(bytes: Uint8Array): Message {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeMessage expects a Uint8Array');
  buf = bytes;
  pos = 0;
  view = undefined;
  try {
    return readMessage(bytes.length);
  } finally {
    buf = EMPTY;
    view = undefined;
  }
}

const EMPTY = new Uint8Array(0);

function readMessage(end: number): Message {
  const m = new Message(BARE);
  let present = 0;
  let ranges: number[] | null = null;
  let unknown: Uint8Array[] | null = null;
  while (pos < end) {
    const tagAt = pos;
    const tag = readVarint32(end);
    const wireType = tag & 7;
    switch (tag >>> 3) {
      case 1:
        if (wireType !== 2) wireTypeError('uuid', wireType, tagAt);
        m._uuid = readBytes(end);
        present |= P_UUID;
        break;
      case 2:
        if (wireType !== 0) wireTypeError('timestamp', wireType, tagAt);
        readVarint64(end);
        m._tsHi = hi;
        m._tsLo = lo;
        m._ts = undefined;
        present |= P_TIMESTAMP;
        break;
      case 3:
        if (wireType !== 2) wireTypeError('type', wireType, tagAt);
        m._type = readString(end);
        present |= P_TYPE;
        break;
      case 4:
        if (wireType !== 2) wireTypeError('logger', wireType, tagAt);
        m._logger = readString(end);
        present |= P_LOGGER;
        break;
      case 5:
        if (wireType !== 0) wireTypeError('severity', wireType, tagAt);
        readVarint64(end);
        m._severity = lo | 0; // int32: the low 32 bits, as Go's decoder keeps them
        present |= P_SEVERITY;
        break;
      case 6:
        if (wireType !== 2) wireTypeError('payload', wireType, tagAt);
        // Kept as bytes (a view of the record): decoded only if something reads the text.
        m._payloadBytes = readBytesView(end);
        m._payload = undefined;
        present |= P_PAYLOAD;
        break;
      case 7:
        if (wireType !== 2) wireTypeError('env_version', wireType, tagAt);
        m._envVersion = readString(end);
        present |= P_ENV_VERSION;
        break;
      case 8:
        if (wireType !== 0) wireTypeError('pid', wireType, tagAt);
        readVarint64(end);
        m._pid = lo | 0;
        present |= P_PID;
        break;
      case 9:
        if (wireType !== 2) wireTypeError('hostname', wireType, tagAt);
        m._hostname = readString(end);
        present |= P_HOSTNAME;
        break;
      case 10: {
        if (wireType !== 2) wireTypeError('fields', wireType, tagAt);
        const stop = readLengthEnd(end);
        ranges ??= [];
        ranges.push(pos, stop);
        readField(stop, false);
        break;
      }
      case 0:
        fail('field number 0', tagAt);
        break;
      default:
        skipValue(wireType, end, tag >>> 3, 0);
        unknown ??= [];
        unknown.push(buf.subarray(tagAt, pos));
    }
  }
  m._present = present;
  if (ranges !== null) {
    m._fields = null;
    m._fieldRanges = ranges;
  }
  m._unknown = unknown;
  m._raw = buf;
  return m;
}

/** Builds the Field objects of [start, end) ranges that decodeMessage validated. */
function decodeFieldRanges(bytes: Uint8Array, ranges: readonly number[]): Field[] {
  buf = bytes;
  view = undefined;
  try {
    const fields: Field[] = [];
    for (let i = 0; i < ranges.length; i += 2) {
      pos = ranges[i] as number;
      fields.push(readField(ranges[i + 1] as number, true) as Field);
    }
    return fields;
  } finally {
    buf = EMPTY;
    view = undefined;
  }
}

installFieldDecoder(decodeFieldRanges);
installRecordText((b) => decodeUtf8(b, 0, b.length));
