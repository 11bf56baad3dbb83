/**
 * Protobuf encoding of Heka messages, byte for byte what Heka's gogo marshaller writes: fields in
 * number order, only present optional fields, packed numeric arrays, int32 headers as uint32 varints
 * (a negative severity takes 5 bytes, not 10), unrecognised fields written back at the end.
 *
 * Messages are written straight into a shared arena and returned as views of it: an upper bound of
 * the size is computed first, so the writers need no bounds checks and nothing is copied.
 */
import type { Field } from '../message/field.js';
import { HAS_REPRESENTATION, HAS_VALUE_TYPE } from '../message/field.js';
import {
  type Message,
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
import { writeUtf8 } from './utf8.js';

const TWO_32 = 4294967296;
const ARENA_SIZE = 256 * 1024;

// The arena is a Buffer so that long strings can use Node's native UTF-8 writer.
let out: Buffer = Buffer.allocUnsafeSlow(ARENA_SIZE);
let outView = new DataView(out.buffer, out.byteOffset, out.length);
let w = 0;

/** Makes sure `bound` bytes fit after `w`, starting a fresh arena when they do not. */
function reserve(bound: number): void {
  if (w + bound <= out.length) return;
  out = Buffer.allocUnsafeSlow(Math.max(ARENA_SIZE, bound));
  outView = new DataView(out.buffer, out.byteOffset, out.length);
  w = 0;
}

/** Worst-case bytes of a length-delimited string: tag, a 5-byte length, 3 bytes per UTF-16 unit. */
function stringBound(s: string): number {
  return 6 + s.length * 3;
}

function fieldBound(f: Field): number {
  let n = 6 + stringBound(f.name) + 2 + stringBound(f.representation);
  const values = f.value;
  switch (f.valueType) {
    case 'string':
      for (let i = 0; i < values.length; i++) n += stringBound(values[i] as string);
      break;
    case 'bytes':
      for (let i = 0; i < values.length; i++) n += 6 + (values[i] as Uint8Array).length;
      break;
    default:
      n += 6 + values.length * 10;
  }
  if (f._unknown) for (const u of f._unknown) n += u.length;
  return n;
}

function messageBound(msg: Message, fields: readonly Field[]): number {
  let n = 6 + msg._uuidBytes().length + 11 + 22;
  const pb = msg._payloadBytes;
  n += stringBound(msg._type) + stringBound(msg._logger);
  n += pb !== null ? 6 + pb.length : stringBound(msg._payload as string);
  n += stringBound(msg._envVersion) + stringBound(msg._hostname);
  for (let i = 0; i < fields.length; i++) n += fieldBound(fields[i] as Field);
  if (msg._unknown) for (const u of msg._unknown) n += u.length;
  return n;
}

function varint32(u: number): void {
  while (u > 0x7f) {
    out[w++] = (u & 0x7f) | 0x80;
    u >>>= 7;
  }
  out[w++] = u;
}

function varint64(lo: number, hi: number): void {
  let h = hi >>> 0;
  let l = lo >>> 0;
  while (h !== 0 || l > 0x7f) {
    out[w++] = (l & 0x7f) | 0x80;
    l = ((l >>> 7) | (h << 25)) >>> 0;
    h >>>= 7;
  }
  out[w++] = l;
}

function varintSize(u: number): number {
  return u < 0x80 ? 1 : u < 0x4000 ? 2 : u < 0x200000 ? 3 : u < 0x10000000 ? 4 : 5;
}

/** Writes an int64 held as a safe-integer number or a bigint. */
function int64(v: number | bigint): void {
  if (typeof v === 'number') {
    if (v >= 0) {
      if (v <= 0xffffffff) varint32(v);
      else varint64(v >>> 0, Math.floor(v / TWO_32));
      return;
    }
    // Two's complement of |v| across 64 bits.
    const a = -v;
    const l = (~(a >>> 0) + 1) >>> 0;
    const h = (~Math.floor(a / TWO_32) + (l === 0 ? 1 : 0)) >>> 0;
    varint64(l, h);
    return;
  }
  const u = BigInt.asUintN(64, v);
  varint64(Number(u & 0xffffffffn), Number(u >> 32n));
}

/**
 * Completes a length-delimited value whose body was written after `reserved` bytes at `at`: writes
 * the minimal varint length, moving the body when it needs more bytes than reserved.
 */
function finishDelimited(at: number, reserved: number): void {
  const len = w - at - reserved;
  const need = varintSize(len);
  if (need !== reserved) {
    out.copyWithin(at + need, at + reserved, w);
    w += need - reserved;
  }
  if (need === 1) {
    out[at] = len;
    return;
  }
  const end = w;
  w = at;
  varint32(len);
  w = end;
}

function string(tag: number, s: string): void {
  out[w++] = tag;
  const len = s.length;
  if (len === 0) {
    out[w++] = 0;
    return;
  }
  // Reserve the length's size for an all-ASCII string (UTF-8 is never shorter); fix up if needed.
  const at = w;
  const reserved = varintSize(len);
  w = writeUtf8(s, out, at + reserved);
  finishDelimited(at, reserved);
}

function bytes(tag: number, b: Uint8Array): void {
  out[w++] = tag;
  varint32(b.length);
  out.set(b, w);
  w += b.length;
}

function typeCode(type: Field['valueType']): number {
  return type === 'string' ? 0 : type === 'bytes' ? 1 : type === 'integer' ? 2 : type === 'double' ? 3 : 4;
}

function field(f: Field): void {
  string(0x0a, f.name);
  const type = f.valueType;
  if (f._presence & HAS_VALUE_TYPE) {
    out[w++] = 0x10;
    out[w++] = typeCode(type);
  }
  if (f._presence & HAS_REPRESENTATION) string(0x1a, f.representation);
  const values = f.value;
  const n = values.length;
  if (n > 0) {
    switch (type) {
      case 'string':
        for (let i = 0; i < n; i++) string(0x22, values[i] as string);
        break;
      case 'bytes':
        for (let i = 0; i < n; i++) bytes(0x2a, values[i] as Uint8Array);
        break;
      case 'integer': {
        out[w++] = 0x32;
        const at = w++;
        for (let i = 0; i < n; i++) int64(values[i] as number | bigint);
        finishDelimited(at, 1);
        break;
      }
      case 'double':
        out[w++] = 0x3a;
        varint32(n * 8);
        for (let i = 0; i < n; i++) {
          outView.setFloat64(w, values[i] as number, true);
          w += 8;
        }
        break;
      case 'bool':
        out[w++] = 0x42;
        varint32(n);
        for (let i = 0; i < n; i++) out[w++] = values[i] ? 1 : 0;
        break;
    }
  }
  if (f._unknown) for (const u of f._unknown) raw(u);
}

function raw(b: Uint8Array): void {
  out.set(b, w);
  w += b.length;
}

/**
 * Encodes a message as Heka's protobuf. A decoded message that has not been changed returns the
 * very bytes it was decoded from. Treat the result as read-only: it may share memory with others.
 */
export function encodeMessage(msg: Message): Uint8Array {
  if (msg._raw !== null) return msg._raw;
  const fields = msg._fieldList();
  reserve(messageBound(msg, fields));
  const start = w;
  const p = msg._present;
  if (p & P_UUID) bytes(0x0a, msg._uuidBytes());
  if (p & P_TIMESTAMP) {
    out[w++] = 0x10;
    varint64(msg._tsLo, msg._tsHi);
  }
  if (p & P_TYPE) string(0x1a, msg._type);
  if (p & P_LOGGER) string(0x22, msg._logger);
  if (p & P_SEVERITY) {
    out[w++] = 0x28;
    varint32(msg._severity >>> 0);
  }
  if (p & P_PAYLOAD) {
    const pb = msg._payloadBytes;
    if (pb !== null) bytes(0x32, pb);
    else string(0x32, msg._payload as string);
  }
  if (p & P_ENV_VERSION) string(0x3a, msg._envVersion);
  if (p & P_PID) {
    out[w++] = 0x40;
    varint32(msg._pid >>> 0);
  }
  if (p & P_HOSTNAME) string(0x4a, msg._hostname);
  for (let i = 0; i < fields.length; i++) {
    out[w++] = 0x52;
    const at = w++;
    field(fields[i] as Field);
    finishDelimited(at, 1);
  }
  if (msg._unknown) for (const u of msg._unknown) raw(u);
  const result = new Uint8Array(out.buffer, out.byteOffset + start, w - start);
  w = (w + 7) & ~7; // keep the next message 8-byte aligned
  return result;
}
