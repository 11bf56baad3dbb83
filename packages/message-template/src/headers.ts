/**
 * The header keys of Heka's MessageTemplate and how their text becomes a header value, as
 * pipeline/message_template.go converts it: Pid and Severity are int32 (Pid up to its first "."),
 * Uuid is 16 bytes of text or 8-4-4-4-12 hex.
 */
import type { Message } from '@heka/core';

/** Keys that set a header instead of adding a field (exactly these spellings, as in Heka). */
const HEADER_KEYS = new Set(['Logger', 'Type', 'Payload', 'Hostname', 'Pid', 'Severity', 'Uuid']);

export type HeaderKey = 'Logger' | 'Type' | 'Payload' | 'Hostname' | 'Pid' | 'Severity' | 'Uuid';

export function isHeaderKey(key: string): key is HeaderKey {
  return HEADER_KEYS.has(key);
}

/** A converted header value: text, an int32 (Pid, Severity) or uuid bytes. */
export type HeaderValue = string | number | Uint8Array;

/** Go's strconv.ParseInt(s, 10, 32), with Go's error text. */
export function parseInt32(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = Number(s);
  if (n < -2147483648 || n > 2147483647) {
    throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: value out of range`);
  }
  return n | 0;
}

/** Heka's Uuid rule: 16 bytes of text are the raw uuid; otherwise 8-4-4-4-12 hex (optionally urn:uuid:). */
export function parseUuid(s: string): Uint8Array {
  const raw = new TextEncoder().encode(s);
  if (raw.length === 16) return raw;
  const text = s.length === 45 && s.slice(0, 9).toLowerCase() === 'urn:uuid:' ? s.slice(9) : s;
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(text)) {
    throw new Error('Invalid UUID string.');
  }
  const hex = text.replaceAll('-', '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** The value header `key` takes from `text`; throws an error naming the key ("message_fields.Pid: ..."). */
export function headerValue(key: HeaderKey, text: string): HeaderValue {
  try {
    if (key === 'Pid') return parseInt32(text.split('.')[0] as string);
    if (key === 'Severity') return parseInt32(text);
    if (key === 'Uuid') return parseUuid(text);
    return text;
  } catch (e) {
    throw new Error(`message_fields.${key}: ${(e as Error).message}`);
  }
}

/** Sets header `key` to a value headerValue() gave for it. */
export function setHeader(m: Message, key: HeaderKey, value: HeaderValue): void {
  switch (key) {
    case 'Logger':
      m.logger = value as string;
      break;
    case 'Type':
      m.type = value as string;
      break;
    case 'Payload':
      m.payload = value as string;
      break;
    case 'Hostname':
      m.hostname = value as string;
      break;
    case 'Pid':
      m.pid = value as number;
      break;
    case 'Severity':
      m.severity = value as number;
      break;
    case 'Uuid':
      m.uuid = value as Uint8Array;
      break;
  }
}
