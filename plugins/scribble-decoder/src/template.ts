/**
 * Heka's MessageTemplate (pipeline/message_template.go) with fixed values: each key of message_fields
 * names a header (Logger, Type, Payload, Hostname, Pid, Severity, Uuid) or a field (`name` or
 * `name|representation`, a string field). Compiled once; applied to every message.
 */
import { Field, type Message } from '@heka/core';

/** Keys that set a header instead of adding a field (exactly these spellings, as in Heka). */
const HEADERS = new Set(['Logger', 'Type', 'Payload', 'Hostname', 'Pid', 'Severity', 'Uuid']);

/** One key of message_fields, checked and converted when the plugin is created. */
type Setter = (m: Message) => void;

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

/** The setter of header `key`. */
function setter(key: string, value: string): Setter {
  const where = `message_fields.${key}`;
  const checked = <T>(convert: (v: string) => T): T => {
    try {
      return convert(value);
    } catch (e) {
      throw new Error(`${where}: ${(e as Error).message}`);
    }
  };
  switch (key) {
    case 'Logger':
      return (m) => {
        m.logger = value;
      };
    case 'Type':
      return (m) => {
        m.type = value;
      };
    case 'Payload':
      return (m) => {
        m.payload = value;
      };
    case 'Hostname':
      return (m) => {
        m.hostname = value;
      };
    case 'Pid': {
      const pid = checked((v) => parseInt32(v.split('.')[0] as string));
      return (m) => {
        m.pid = pid;
      };
    }
    case 'Severity': {
      const severity = checked(parseInt32);
      return (m) => {
        m.severity = severity;
      };
    }
    case 'Uuid': {
      const uuid = checked(parseUuid);
      return (m) => {
        m.uuid = uuid;
      };
    }
    default:
      throw new Error(`${where}: not a header`);
  }
}

/** A compiled message_fields table: apply() sets the headers and appends the fields. */
export interface Template {
  apply(m: Message): void;
}

/**
 * Compiles message_fields. Header values that must be numbers or a uuid are checked now: a bad one is
 * a configuration error naming the key (Heka found it on every message instead).
 */
export function compileTemplate(fields: Readonly<Record<string, string>>): Template {
  const setters: Setter[] = [];
  const added: Field[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (HEADERS.has(key)) {
      setters.push(setter(key, value));
      continue;
    }
    const bar = key.indexOf('|');
    const name = bar < 0 ? key : key.slice(0, bar);
    const representation = bar < 0 ? '' : key.slice(bar + 1);
    added.push(Object.freeze(new Field(name, 'string', representation, Object.freeze([value]))) as Field);
  }
  return {
    apply(m: Message): void {
      for (const set of setters) set(m);
      if (added.length > 0) m.fields = m.fields.concat(added);
    },
  };
}
