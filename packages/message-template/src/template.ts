/**
 * Heka's MessageTemplate (pipeline/message_template.go): the message_fields table of its decoders.
 * Each key names a header (Logger, Type, Payload, Hostname, Pid, Severity, Uuid, exactly so spelt) or
 * a string field ("name" or "name|representation"); values may interpolate regex captures as %name%.
 * Compiled once: what does not depend on a capture is converted, and built, a single time.
 */
import { Field, type Message } from '@heka/core';
import { type HeaderKey, type HeaderValue, headerValue, isHeaderKey, setHeader } from './headers.js';
import { type Captures, compileValue, constantText, type Part, render } from './interpolate.js';

type HeaderStep = (m: Message, caps: Captures) => void;

interface FieldEntry {
  readonly name: string;
  readonly representation: string;
  readonly parts: readonly Part[];
  /** The field itself when its value has no capture: frozen and shared by every message. */
  readonly fixed: Field | undefined;
}

const NO_CAPTURES: Captures = [];

export class MessageTemplate {
  private readonly headers: HeaderStep[] = [];
  private readonly fields: FieldEntry[] = [];
  /** Every field is fixed: this array is appended as it is. */
  private readonly fixedFields: readonly Field[] | undefined;

  /**
   * Compiles message_fields (applied in the order the table lists them).
   *
   * With `groups` (capture names, and the numbers of unnamed groups as "1", "2", ..., to group
   * numbers), `%name%` is replaced by that capture and an unknown name by `<name>`, as Heka's
   * InterpolateString does; a Pid, Severity or Uuid that cannot be converted fails the message it is
   * applied to, as in Heka. Without `groups` the values are used as written (Heka's PopulateMessage
   * with no substitutions) and never change, so such a value throws here, naming the key.
   */
  constructor(messageFields: Readonly<Record<string, string>>, groups?: ReadonlyMap<string, number>) {
    for (const [key, value] of Object.entries(messageFields)) {
      const parts = groups === undefined ? [value] : compileValue(value, groups);
      if (isHeaderKey(key)) {
        this.headers.push(headerStep(key, parts, groups === undefined));
        continue;
      }
      const bar = key.indexOf('|');
      const name = bar < 0 ? key : key.slice(0, bar);
      const representation = bar < 0 ? '' : key.slice(bar + 1);
      const text = constantText(parts);
      const fixed =
        text === undefined
          ? undefined
          : (Object.freeze(new Field(name, 'string', representation, Object.freeze([text]))) as Field);
      this.fields.push({ name, representation, parts, fixed });
    }
    const all = this.fields.map((f) => f.fixed);
    this.fixedFields = all.every((f) => f !== undefined) ? (all as Field[]) : undefined;
  }

  /**
   * Sets the headers and appends the fields, interpolating `caps` (the regex match). Throws, naming
   * the key, when a Pid, Severity or Uuid cannot be converted.
   */
  apply(m: Message, caps: Captures = NO_CAPTURES): void {
    for (const set of this.headers) set(m, caps);
    const n = this.fields.length;
    if (n === 0) return;
    if (this.fixedFields !== undefined) {
      m.addFields(this.fixedFields);
      return;
    }
    const added = new Array<Field>(n);
    for (let i = 0; i < n; i++) {
      const f = this.fields[i] as FieldEntry;
      added[i] = f.fixed ?? new Field(f.name, 'string', f.representation, [render(f.parts, caps)]);
    }
    m.addFields(added);
  }
}

/** Sets one header; a value without captures is converted now (a bad one throws now when `checkNow`). */
function headerStep(key: HeaderKey, parts: readonly Part[], checkNow: boolean): HeaderStep {
  const text = constantText(parts);
  if (text === undefined) return (m, caps) => setHeader(m, key, headerValue(key, render(parts, caps)));
  let value: HeaderValue;
  try {
    value = headerValue(key, text);
  } catch (e) {
    if (checkNow) throw e;
    const message = (e as Error).message;
    return () => {
      throw new Error(message);
    };
  }
  return (m) => setHeader(m, key, value);
}
