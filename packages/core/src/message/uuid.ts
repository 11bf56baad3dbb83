/** UUIDs as Heka renders them: 16 raw bytes, text form lowercase 8-4-4-4-12, "" for any other length. */
import { MessageError } from '../errors.js';
import { fromHex, toHex } from './bytes.js';

export function uuidToString(bytes: Uint8Array): string {
  if (bytes.length !== 16) return '';
  const h = toHex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Accepts `8-4-4-4-12` text (any case) or plain hex of any even length (the JSON form of odd-sized uuids). */
export function uuidFromString(text: string): Uint8Array {
  const canonical = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text);
  const bytes = fromHex(canonical ? text.replaceAll('-', '') : text);
  if (!bytes) throw new MessageError(`uuid: ${JSON.stringify(text)} is neither 8-4-4-4-12 text nor hex`);
  return bytes;
}

// Random bytes are drawn from the OS in 64 KiB batches: one getRandomValues call per message was the
// largest single cost of turning a log line into a message.
const POOL_SIZE = 64 * 1024;
let pool = new Uint8Array(0);
let poolOffset = POOL_SIZE;

/** A random (version 4, RFC 4122 variant) UUID, as Heka stamps on new messages. */
export function randomUuid(): Uint8Array {
  if (poolOffset + 16 > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
    poolOffset = 0;
  }
  const b = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  return b;
}
