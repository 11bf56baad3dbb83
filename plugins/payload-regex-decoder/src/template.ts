/**
 * Heka's MessageTemplate (pipeline/message_template.go) with `%name%` interpolation of the regex's
 * captures: each key of message_fields names a header (Logger, Type, Payload, Hostname, Pid, Severity,
 * Uuid) or a string field (`name` or `name|representation`). Templates are compiled once into literal
 * parts and capture group numbers, so a message costs only the string concatenations it needs.
 */
import { Field, type Message } from '@heka/core';

/** A value: literal text and capture group numbers, in order. */
type Part = string | number;

const HEADERS = new Set(['Logger', 'Type', 'Payload', 'Hostname', 'Pid', 'Severity', 'Uuid']);

/** Heka's variable pattern: `%` word characters `%`. */
const VARIABLE = /%[0-9A-Za-z_]+%/g;

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

/**
 * Cuts a template value into parts. `groups` maps capture names (and the numbers of unnamed groups, as
 * "1", "2", ...) to group numbers; an unknown `%name%` becomes the text `<name>`, as in Heka.
 */
export function compileValue(template: string, groups: ReadonlyMap<string, number>): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(VARIABLE)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(template.slice(last, at));
    const name = m[0].slice(1, -1);
    const group = groups.get(name);
    parts.push(group === undefined ? `<${name}>` : group);
    last = at + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  // Merge neighbouring literals (an unknown variable next to text).
  const merged: Part[] = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (typeof p === 'string' && typeof prev === 'string') merged[merged.length - 1] = prev + p;
    else merged.push(p);
  }
  return merged;
}

/** The text of a compiled value for one match (a group that did not take part reads as ""). */
function render(parts: readonly Part[], caps: ArrayLike<string | undefined>): string {
  if (parts.length === 1) {
    const p = parts[0] as Part;
    return typeof p === 'string' ? p : (caps[p] ?? '');
  }
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : (caps[p] ?? '');
  return out;
}

interface HeaderEntry {
  key: string;
  parts: Part[];
}

interface FieldEntry {
  name: string;
  representation: string;
  parts: Part[];
}

/** Compiled message_fields: apply() sets headers and appends fields from one match. */
export class Template {
  private readonly headers: HeaderEntry[] = [];
  private readonly fields: FieldEntry[] = [];

  constructor(messageFields: Readonly<Record<string, string>>, groups: ReadonlyMap<string, number>) {
    for (const [key, value] of Object.entries(messageFields)) {
      const parts = compileValue(value, groups);
      if (HEADERS.has(key)) {
        this.headers.push({ key, parts });
      } else {
        const bar = key.indexOf('|');
        this.fields.push({
          name: bar < 0 ? key : key.slice(0, bar),
          representation: bar < 0 ? '' : key.slice(bar + 1),
          parts,
        });
      }
    }
  }

  /** Sets the headers and adds the fields; throws (naming the key) when Pid, Severity or Uuid is bad. */
  apply(m: Message, caps: ArrayLike<string | undefined>): void {
    for (const h of this.headers) {
      const v = render(h.parts, caps);
      switch (h.key) {
        case 'Logger':
          m.logger = v;
          break;
        case 'Type':
          m.type = v;
          break;
        case 'Payload':
          m.payload = v;
          break;
        case 'Hostname':
          m.hostname = v;
          break;
        default:
          setChecked(m, h.key, v);
      }
    }
    const n = this.fields.length;
    if (n === 0) return;
    const added = new Array<Field>(n);
    for (let i = 0; i < n; i++) {
      const f = this.fields[i] as FieldEntry;
      added[i] = new Field(f.name, 'string', f.representation, [render(f.parts, caps)]);
    }
    m.fields = m.fields.concat(added);
  }
}

function setChecked(m: Message, key: string, v: string): void {
  try {
    if (key === 'Pid') m.pid = parseInt32(v.split('.')[0] as string);
    else if (key === 'Severity') m.severity = parseInt32(v);
    else m.uuid = parseUuid(v);
  } catch (e) {
    throw new Error(`message_fields.${key}: ${(e as Error).message}`);
  }
}
