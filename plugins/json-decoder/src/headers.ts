/** JSON keys to message headers (json.lua's map_fields and Timestamp handling). */
import type { Message } from '@heka/core';
import type { StrptimeFormat } from '@heka/go-time';

/** Header name → the JSON key configured for it (undefined: not mapped). */
export interface HeaderMap {
  Payload: string | undefined;
  Uuid: string | undefined;
  Type: string | undefined;
  Logger: string | undefined;
  Hostname: string | undefined;
  Severity: string | undefined;
  EnvVersion: string | undefined;
  Pid: string | undefined;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function int32(header: string, v: number): number {
  const n = Math.trunc(v);
  if (!(n >= -2147483648 && n <= 2147483647)) throw new Error(`${header} ${v} does not fit an int32`);
  return n;
}

/** Heka's Uuid text rule: 16 bytes of text are the raw uuid, 36 characters the 8-4-4-4-12 form. */
function uuidBytes(v: string): Uint8Array {
  const raw = new TextEncoder().encode(v);
  if (raw.length === 16) return raw;
  if (!/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v)) {
    throw new Error(`Uuid ${JSON.stringify(v)} is not a uuid`);
  }
  const hex = v.replaceAll('-', '');
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/**
 * Sets the headers whose JSON key holds a value of the expected type (strings for Payload, Uuid,
 * Type, Logger, Hostname; numbers for Severity and Pid; either for EnvVersion) and returns the keys it
 * used, which do not become fields. A key of another type stays a field, as in json.lua.
 */
export function mapHeaders(m: Message, obj: Readonly<Record<string, unknown>>, map: HeaderMap): string[] {
  const used: string[] = [];
  const take = (key: string | undefined, type: string): unknown => {
    if (key === undefined || used.includes(key)) return undefined;
    const v = obj[key];
    if (typeof v !== type && !(type === 'env' && (typeof v === 'string' || typeof v === 'number'))) return undefined;
    used.push(key);
    return v;
  };
  let v = take(map.Payload, 'string');
  if (v !== undefined) m.payload = v as string;
  v = take(map.Uuid, 'string');
  if (v !== undefined) m.uuid = uuidBytes(v as string);
  v = take(map.Type, 'string');
  if (v !== undefined) m.type = v as string;
  v = take(map.Logger, 'string');
  if (v !== undefined) m.logger = v as string;
  v = take(map.Hostname, 'string');
  if (v !== undefined) m.hostname = v as string;
  v = take(map.Severity, 'number');
  if (v !== undefined) m.severity = int32('Severity', v as number);
  v = take(map.EnvVersion, 'env');
  if (v !== undefined) m.envVersion = String(v);
  v = take(map.Pid, 'number');
  if (v !== undefined) m.pid = int32('Pid', v as number);
  return used;
}

/**
 * The Timestamp value in nanoseconds: parsed with timestamp_format when there is one, otherwise a
 * number or decimal text of nanoseconds since the epoch.
 */
export function readTimestamp(v: unknown, format: StrptimeFormat | undefined): bigint {
  if (format !== undefined) {
    const text = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
    const ns = text === undefined ? undefined : format.parse(text);
    if (ns === undefined || ns < INT64_MIN || ns > INT64_MAX) {
      throw new Error(`Failed to decode timestamp: ${JSON.stringify(v)} does not match "${format.format}"`);
    }
    return ns;
  }
  let ns: bigint | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) ns = BigInt(Math.trunc(v));
  else if (typeof v === 'string' && /^-?[0-9]+$/.test(v)) ns = BigInt(v);
  if (ns === undefined || ns < INT64_MIN || ns > INT64_MAX) {
    throw new Error(
      `Failed to decode timestamp: ${JSON.stringify(v)} is not nanoseconds since the epoch (set timestamp_format)`,
    );
  }
  return ns;
}
