/**
 * The framed test messages heka-flood sends, built once before sending, as Heka's flood built them:
 * a fixed message (payload of static_message_size random bytes), or 64 variable ones (random payload
 * size, 0-4 fields of each type, a filler of up to 59 KiB), each unsigned and signed, and one oversized.
 */
import { randomFillSync } from 'node:crypto';
import { hostname as osHostname } from 'node:os';
import { encodeFrame, encodeMessage, type FieldInit, Message, type MessageSigner } from '@heka/core';
import type { FloodTest } from './config.js';

export interface TestMessages {
  unsigned: Uint8Array[];
  signed: Uint8Array[];
  /** Messages longer than max_message_size: receivers skip them. */
  oversized: Uint8Array[];
}

/** Go's rand.Int() % n for the small n used here. */
export const randInt = (n: number): number => Math.floor(Math.random() * n);

/** Random payload bytes: any byte, or with ascii_only the printable range Heka used (32-125). */
export function randomBytes(size: number, asciiOnly: boolean): Buffer {
  const b = randomFillSync(Buffer.allocUnsafe(size));
  if (asciiOnly) for (let i = 0; i < size; i++) b[i] = ((b[i] as number) % 94) + 32;
  return b;
}

/**
 * Encodes `msg` whose payload is `prefix` + `size` placeholder bytes, then puts the random bytes in
 * their place: Heka's payloads are Go strings of arbitrary bytes, which need not be UTF-8.
 */
function encodeWithPayload(msg: Message, prefix: string, size: number, asciiOnly: boolean): Buffer {
  msg.payload = prefix + 'x'.repeat(size);
  const bytes = Buffer.from(encodeMessage(msg));
  const at = bytes.indexOf(Buffer.from(prefix, 'utf8'));
  if (at < 0) throw new Error('payload not found in the encoded message');
  randomBytes(size, asciiOnly).copy(bytes, at + Buffer.byteLength(prefix));
  return bytes;
}

type Framer = (message: Uint8Array) => Uint8Array;

export function framers(test: FloodTest): { unsigned: Framer; signed: Framer; oversized: Framer } {
  const max = { maxMessageSize: test.maxMessageSize };
  const signer: MessageSigner = {
    name: test.signer.name,
    key: test.signer.hmacKey,
    version: test.signer.version,
    hash: test.signer.hmacHash,
  };
  return {
    unsigned: (m) => encodeFrame(m, undefined, max),
    signed: (m) => encodeFrame(m, signer, max),
    // Framed without the size check, so that the receiver sees the header and drops the record.
    oversized: (m) => encodeFrame(m, undefined, { maxMessageSize: m.length }),
  };
}

function payloadPrefix(host: string): string {
  return `hekabench: ${host} - `;
}

/** Heka's makeFixedMessage: type hekabench, severity 6, env_version 0.8, no logger. */
export function fixedMessage(test: FloodTest, payloadSize: number): Buffer {
  const host = osHostname();
  const msg = new Message({ type: 'hekabench', severity: 6, envVersion: '0.8', pid: process.pid, hostname: host });
  return encodeWithPayload(msg, payloadPrefix(host), payloadSize, test.asciiOnly);
}

/** Heka's makeVariableMessage: logger flood, env_version 0.2, random fields and filler. */
export function variableMessage(test: FloodTest, oversized: boolean): Buffer {
  const host = osHostname();
  const msg = new Message({ type: 'hekabench', logger: 'flood', envVersion: '0.2', pid: process.pid, hostname: host });
  const size = randInt(3) * 1024 + (oversized ? test.maxMessageSize : 0);
  const fields: FieldInit[] = [];
  const add = (count: number, make: (c: number) => FieldInit) => {
    for (let c = 0; c < count; c++) fields.push(make(c));
  };
  add(randInt(5), (c) => ({ name: `string${c}`, valueType: 'string', value: `value${c}`, representation: '' }));
  add(randInt(5), (c) => ({ name: `bytes${c}`, valueType: 'bytes', value: new Uint8Array(8).fill(c) }));
  add(randInt(5), (c) => ({ name: `int${c}`, valueType: 'integer', value: c }));
  add(randInt(5), (c) => ({ name: `double${c}`, valueType: 'double', value: c }));
  add(randInt(5), (c) => ({ name: `bool${c}`, valueType: 'bool', value: true }));
  fields.push({ name: 'filler', valueType: 'bytes', value: new Uint8Array(randInt(60) * 1024) });
  msg.fields = fields;
  return encodeWithPayload(msg, payloadPrefix(host), size, test.asciiOnly);
}

/** All messages a test needs. Throws when a message does not fit max_message_size. */
export function buildMessages(test: FloodTest): TestMessages {
  const frame = framers(test);
  if (test.variableSizeMessages) {
    const n = 64;
    return {
      unsigned: Array.from({ length: n }, () => frame.unsigned(variableMessage(test, false))),
      signed: Array.from({ length: n }, () => frame.signed(variableMessage(test, false))),
      oversized: [frame.oversized(variableMessage(test, true))],
    };
  }
  return {
    unsigned: [frame.unsigned(fixedMessage(test, test.staticMessageSize))],
    signed: [frame.signed(fixedMessage(test, test.staticMessageSize))],
    // Heka built no oversized message for fixed-size tests (and crashed if asked for one).
    oversized: [frame.oversized(fixedMessage(test, test.staticMessageSize + test.maxMessageSize))],
  };
}
