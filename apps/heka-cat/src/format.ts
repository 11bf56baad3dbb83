/** heka-cat's output formats for one message: Heka's txt block and Go's JSON encoding of the struct. */
import { goFloat, goJsonString, goQuote, protoTextString } from './gofmt.js';
import { goTimeString } from './gotime.js';
import type { GoField, GoMessage } from './goview.js';

const VALUE_TYPES = ['STRING', 'BYTES', 'INTEGER', 'DOUBLE', 'BOOL'];
const EMPTY = new Uint8Array(0);

function uuidText(u: Uint8Array | undefined): string {
  if (u?.length !== 16) return '';
  const h = Buffer.from(u.buffer, u.byteOffset, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Go's proto.CompactTextString of a Field: `key:value ` for every set key, in struct order. */
export function fieldCompactText(f: GoField): string {
  let s = '';
  if (f.name) s += `name:${protoTextString(f.name)} `;
  if (f.valueType !== undefined) s += `value_type:${VALUE_TYPES[f.valueType] ?? f.valueType} `;
  if (f.representation) s += `representation:${protoTextString(f.representation)} `;
  for (const v of f.strings) s += `value_string:${protoTextString(v)} `;
  for (const v of f.bytes) s += `value_bytes:${protoTextString(v)} `;
  for (const v of f.integers) s += `value_integer:${v} `;
  for (const v of f.doubles)
    s += `value_double:${Number.isNaN(v) ? 'nan' : Number.isFinite(v) ? goFloat(v) : v > 0 ? 'inf' : '-inf'} `;
  for (const v of f.bools) s += `value_bool:${v} `;
  for (const u of f.unknown) s += unknownText(u);
  return s;
}

/** An unrecognised field as Go's proto text writer shows it in compact form. */
function unknownText(u: Uint8Array): string {
  let p = 0;
  const varint = (): bigint => {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      const c = u[p++] as number;
      v |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) return BigInt.asUintN(64, v);
    }
  };
  const tag = varint();
  const wire = Number(tag & 7n);
  const num = tag >> 3n;
  const rest = Buffer.from(u.buffer, u.byteOffset + p, u.length - p);
  if (wire === 0) return `${num}:${varint()} `;
  if (wire === 1) return `${num}:${rest.readBigUInt64LE(0)} `;
  if (wire === 5) return `${num}:${rest.readUInt32LE(0)} `;
  const len = Number(varint());
  return `${num}:${goQuote(u.subarray(p, p + len))} `;
}

/** The txt block heka-cat prints for a message (ends with an empty line). */
export function formatTxt(m: GoMessage): Buffer {
  const fields = m.fields.map(fieldCompactText).join(' ');
  const parts: (string | Uint8Array)[] = [
    `Timestamp: ${goTimeString(m.timestamp ?? 0n)}\nType: `,
    m.type ?? EMPTY,
    '\nHostname: ',
    m.hostname ?? EMPTY,
    `\nPid: ${m.pid ?? 0}\nUUID: ${uuidText(m.uuid)}\nLogger: `,
    m.logger ?? EMPTY,
    '\nPayload: ',
    m.payload ?? EMPTY,
    '\nEnvVersion: ',
    m.envVersion ?? EMPTY,
    `\nSeverity: ${m.severity ?? 7}\nFields: [`,
    Buffer.from(fields, 'utf8'),
    ']\n\n',
  ];
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
}

const b64 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64');

function fieldJson(f: GoField): string | undefined {
  const keys: string[] = [];
  if (f.name) keys.push(`"name":${goJsonString(f.name)}`);
  if (f.valueType !== undefined) keys.push(`"value_type":${f.valueType}`);
  if (f.representation) keys.push(`"representation":${goJsonString(f.representation)}`);
  if (f.strings.length) keys.push(`"value_string":[${f.strings.map(goJsonString).join(',')}]`);
  if (f.bytes.length) keys.push(`"value_bytes":[${f.bytes.map((b) => `"${b64(b)}"`).join(',')}]`);
  if (f.integers.length) keys.push(`"value_integer":[${f.integers.join(',')}]`);
  if (f.doubles.length) {
    // encoding/json refuses NaN and infinities: the whole message fails to marshal.
    if (f.doubles.some((d) => !Number.isFinite(d))) return undefined;
    keys.push(`"value_double":[${f.doubles.map(goFloat).join(',')}]`);
  }
  if (f.bools.length) keys.push(`"value_bool":[${f.bools.join(',')}]`);
  return `{${keys.join(',')}}`;
}

/**
 * Go's json.Marshal of the generated Message struct: snake_case keys in field order, absent
 * (nil) keys omitted, bytes as base64, value_type as its number. Undefined when Go's Marshal fails
 * (a NaN or infinite double), in which case heka-cat printed an empty line.
 */
export function formatJson(m: GoMessage): string | undefined {
  const keys: string[] = [];
  if (m.uuid?.length) keys.push(`"uuid":"${b64(m.uuid)}"`);
  if (m.timestamp !== undefined) keys.push(`"timestamp":${m.timestamp}`);
  if (m.type) keys.push(`"type":${goJsonString(m.type)}`);
  if (m.logger) keys.push(`"logger":${goJsonString(m.logger)}`);
  if (m.severity !== undefined) keys.push(`"severity":${m.severity}`);
  if (m.payload) keys.push(`"payload":${goJsonString(m.payload)}`);
  if (m.envVersion) keys.push(`"env_version":${goJsonString(m.envVersion)}`);
  if (m.pid !== undefined) keys.push(`"pid":${m.pid}`);
  if (m.hostname) keys.push(`"hostname":${goJsonString(m.hostname)}`);
  if (m.fields.length) {
    const fields: string[] = [];
    for (const f of m.fields) {
      const j = fieldJson(f);
      if (j === undefined) return undefined;
      fields.push(j);
    }
    keys.push(`"fields":[${fields.join(',')}]`);
  }
  return `{${keys.join(',')}}`;
}
