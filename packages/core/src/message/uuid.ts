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

/** A random (version 4, RFC 4122 variant) UUID, as Heka stamps on new messages. */
export function randomUuid(): Uint8Array {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  return b;
}
