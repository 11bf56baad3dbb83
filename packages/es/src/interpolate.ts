/**
 * Heka's `%{...}` interpolation for ElasticSearch index, type and id names, reproduced exactly:
 * the template is cut at every "%{"; in each piece the text up to the first "}" names a header
 * (Type, Hostname, Pid, UUID, Logger, EnvVersion, Severity), else a message field (first value of the
 * first field with that name), else a strftime format; every occurrence of "<name>}" in that piece is
 * replaced. A piece whose result is exactly its name counts as "could not interpolate".
 */
import type { Field, Message } from '@heka/core';
import { compileStrftime, formatGoFloat, nowParts, type Strftime, splitNanos } from '@heka/go-time';
import { goUtf8 } from './go-text.js';

type HeaderGetter = (m: Message) => string;

const HEADERS: Readonly<Record<string, HeaderGetter>> = {
  Type: (m) => m.type,
  Hostname: (m) => m.hostname,
  Pid: (m) => String(m.pid),
  UUID: (m) => m.uuidString,
  Logger: (m) => m.logger,
  EnvVersion: (m) => m.envVersion,
  Severity: (m) => String(m.severity),
};

interface Piece {
  /** The text around the placeholder occurrences (joined with the value); a literal has one part. */
  parts: string[];
  /** The placeholder's name; undefined for a literal piece. */
  name?: string;
  header?: HeaderGetter;
  time?: Strftime;
}

/** The result of interpolating a template for one message. */
export interface Interpolated {
  value: string;
  /** False when a placeholder could not be interpolated (Heka's error). */
  ok: boolean;
}

/** Where strftime placeholders take their time from. */
export interface InterpolationClock {
  /** Use the message's timestamp (when it has one) instead of now. */
  fromMessage: boolean;
}

/**
 * A message field's first value as text. Heka handles only string fields (any other type makes it
 * panic); here other types are rendered as Heka renders them elsewhere, and an empty field is "".
 */
export function fieldText(f: Field): string {
  const v = f.value[0];
  if (v === undefined) return '';
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return goUtf8(v);
  if (f.valueType === 'double') return formatGoFloat(v as number);
  return String(v);
}

function firstField(m: Message, name: string): Field | undefined {
  const fields = m.fields;
  for (let i = 0; i < fields.length; i++) if ((fields[i] as Field).name === name) return fields[i];
  return undefined;
}

/** A compiled template; `interpolate` runs it for one message. */
export class Template {
  private readonly pieces: Piece[];
  /** The template has no placeholder: its value is the template itself, always. */
  readonly constant: boolean;

  constructor(
    readonly source: string,
    private readonly clock: InterpolationClock,
  ) {
    this.pieces = source.split('%{').map((element): Piece => {
      const end = element.indexOf('}');
      if (end < 0) return { parts: [element] };
      const name = element.slice(0, end);
      const parts = element.split(element.slice(0, end + 1));
      const header = Object.hasOwn(HEADERS, name) ? HEADERS[name] : undefined;
      return header ? { parts, name, header } : { parts, name, time: compileStrftime(name, 'utc') };
    });
    this.constant = this.pieces.every((p) => p.name === undefined);
  }

  interpolate(m: Message): Interpolated {
    let value = '';
    let ok = true;
    let sec = 0;
    let nsec = 0;
    let haveTime = false;
    for (const p of this.pieces) {
      const name = p.name;
      if (name === undefined) {
        value += p.parts[0];
        continue;
      }
      let v: string;
      if (p.header) v = p.header(m);
      else {
        const f = firstField(m, name);
        if (f) v = fieldText(f);
        else {
          if (!haveTime) {
            const t = this.clock.fromMessage && m.has('timestamp') ? splitNanos(m.timestamp) : nowParts();
            sec = t.sec;
            nsec = t.nsec;
            haveTime = true;
          }
          v = (p.time as Strftime)(sec, nsec);
        }
      }
      const piece = p.parts.length === 2 ? (p.parts[0] as string) + v + (p.parts[1] as string) : p.parts.join(v);
      if (piece === name) ok = false;
      value += piece;
    }
    return { value, ok };
  }
}
