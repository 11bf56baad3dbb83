/**
 * JsonEncoder: one JSON object per message and line, e.g.
 * {"Uuid":"…","Timestamp":"2026-11-24T10:00:00.000000000Z","Type":"…",…,"Fields":{"status":200}}\n
 * Headers keep Heka's names; fields are an object by name. Not in Heka: ours.
 */
import { definePlugin, type Field, type FieldValue, type Message, PluginConfigError } from '@heka/core';
import { rfc3339Nano } from './time.js';

const CHOICES = [
  'Uuid',
  'Timestamp',
  'Type',
  'Logger',
  'Severity',
  'Payload',
  'EnvVersion',
  'Pid',
  'Hostname',
  'DynamicFields',
] as const;
type Choice = (typeof CHOICES)[number];
const BY_LOWER = new Map<string, Choice>(CHOICES.map((c) => [c.toLowerCase(), c]));

type Config = {
  fields: string[];
  timestamp_format: 'rfc3339nano' | 'nanoseconds';
  big_integers: 'string' | 'number';
};

type Part = (m: Message) => string;

const SAFE = 2n ** 53n - 1n;
const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** One value as JSON: bytes as base64, non-finite doubles as null, int64 beyond 2^53 per big_integers. */
function valueJson(type: Field['valueType'], v: FieldValue, bigAsString: boolean): string {
  switch (type) {
    case 'string':
      return JSON.stringify(v);
    case 'bytes':
      return `"${base64(v as Uint8Array)}"`;
    case 'integer':
      return typeof v === 'bigint' && bigAsString ? `"${v}"` : String(v);
    case 'double':
      return Number.isFinite(v) ? String(v) : 'null';
    default:
      return v ? 'true' : 'false';
  }
}

function valuesInto(out: string[], f: Field, bigAsString: boolean): void {
  for (const v of f.value) out.push(valueJson(f.valueType, v, bigAsString));
}

/** A field's own values: a single one as itself, else an array. */
function ownValues(f: Field, bigAsString: boolean): string {
  const values = f.value;
  if (values.length === 1) return valueJson(f.valueType, values[0] as FieldValue, bigAsString);
  let out = '[';
  for (let i = 0; i < values.length; i++) {
    if (i > 0) out += ',';
    out += valueJson(f.valueType, values[i] as FieldValue, bigAsString);
  }
  return `${out}]`;
}

/** `"Fields":{...}`: one member per name; a single value as itself, several (or a repeated name) as an array. */
function fieldsJson(fields: readonly Field[], bigAsString: boolean): string {
  let out = '"Fields":{';
  const n = fields.length;
  let first = true;
  for (let i = 0; i < n; i++) {
    const f = fields[i] as Field;
    const name = f.name;
    let earlier = false;
    for (let j = 0; j < i && !earlier; j++) earlier = (fields[j] as Field).name === name;
    if (earlier) continue; // merged into the first field of that name
    let later = i + 1;
    while (later < n && (fields[later] as Field).name !== name) later++;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(name)}:`;
    if (later === n) {
      out += ownValues(f, bigAsString);
      continue;
    }
    const values: string[] = [];
    valuesInto(values, f, bigAsString);
    for (let j = later; j < n; j++)
      if ((fields[j] as Field).name === name) valuesInto(values, fields[j] as Field, bigAsString);
    out += `[${values.join(',')}]`;
  }
  return `${out}}`;
}

function timestampPart(config: Config): Part {
  if (config.timestamp_format === 'rfc3339nano') {
    const format = rfc3339Nano();
    return (m) => `"Timestamp":"${format(m.timestamp)}"`;
  }
  const bigAsString = config.big_integers === 'string';
  return (m) => {
    const t = m.timestamp;
    return bigAsString && (t > SAFE || t < -SAFE) ? `"Timestamp":"${t}"` : `"Timestamp":${t}`;
  };
}

function part(choice: Choice, config: Config): Part {
  const bigAsString = config.big_integers === 'string';
  switch (choice) {
    case 'Uuid':
      return (m) => `"Uuid":"${m.uuidString}"`;
    case 'Timestamp':
      return timestampPart(config);
    case 'Type':
      return (m) => `"Type":${JSON.stringify(m.type)}`;
    case 'Logger':
      return (m) => `"Logger":${JSON.stringify(m.logger)}`;
    case 'Severity':
      return (m) => `"Severity":${m.severity}`;
    case 'Payload':
      return (m) => `"Payload":${JSON.stringify(m.payload)}`;
    case 'EnvVersion':
      return (m) => `"EnvVersion":${JSON.stringify(m.envVersion)}`;
    case 'Pid':
      return (m) => `"Pid":${m.pid}`;
    case 'Hostname':
      return (m) => `"Hostname":${JSON.stringify(m.hostname)}`;
    case 'DynamicFields':
      return (m) => fieldsJson(m.fields, bigAsString);
  }
}

export default definePlugin<'encoder', Config>({
  type: 'JsonEncoder',
  kind: 'encoder',
  description: 'Encodes each message as one line of JSON: its headers and an object of its fields.',
  configSchema: {
    type: 'object',
    properties: {
      fields: {
        type: 'array',
        items: { type: 'string' },
        default: [...CHOICES],
        description: `Message parts to write, in this order: any of ${CHOICES.join(', ')} (case-insensitive).`,
      },
      timestamp_format: {
        enum: ['rfc3339nano', 'nanoseconds'],
        default: 'rfc3339nano',
        description: 'Timestamp as RFC 3339 UTC text with nine fraction digits, or as integer nanoseconds.',
      },
      big_integers: {
        enum: ['string', 'number'],
        default: 'string',
        description: 'Integers beyond ±(2^53-1) as decimal strings (safe for every JSON parser) or as exact numbers.',
      },
    },
  },
  create(config) {
    const parts = config.fields.map((name): Part => {
      const low = name.toLowerCase();
      const choice = low === 'fields' ? 'DynamicFields' : BY_LOWER.get(low);
      if (!choice) {
        throw new PluginConfigError(`fields: unsupported value "${name}", must be one of ${CHOICES.join(', ')}`);
      }
      return part(choice, config);
    });
    const n = parts.length;
    return {
      encode(m: Message): string {
        let out = '{';
        for (let i = 0; i < n; i++) {
          if (i > 0) out += ',';
          out += (parts[i] as Part)(m);
        }
        return `${out}}\n`;
      },
    };
  },
});
