/**
 * The document line of Heka's ElasticSearch encoders: which message parts to write (`fields`), which
 * dynamic fields (`dynamic_fields`), which go out unescaped (`raw_bytes_fields`), and how one dynamic
 * field is rendered as a JSON member.
 */
import { type Field, PluginConfigError, toBase64 } from '@heka/core';
import { formatGoFloat } from '@heka/go-time';
import type { ByteWriter } from './writer.js';

/** What `fields` may list, in Heka's spelling (matched case-insensitively). */
export const FIELD_CHOICES = [
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

export type FieldChoice = (typeof FIELD_CHOICES)[number];

const BY_LOWER = new Map<string, FieldChoice>(FIELD_CHOICES.map((c) => [c.toLowerCase(), c]));

/**
 * Checks a `fields` list and `dynamic_fields` as Heka does at start-up. "Fields" is accepted as an old
 * name of "DynamicFields". `lowerInError`: ESLogstashV0Encoder names the bad value lower-cased.
 */
export function parseFieldsOption(fields: readonly string[], dynamicFields: readonly string[], lowerInError = false) {
  const out: FieldChoice[] = [];
  let usesDynamic = false;
  for (const f of fields) {
    const low = f.toLowerCase();
    const choice = low === 'fields' ? 'DynamicFields' : BY_LOWER.get(low);
    if (!choice) {
      throw new PluginConfigError(
        `fields: Unsupported value "${lowerInError ? low : f}" in 'fields' list, must be one of ${FIELD_CHOICES.join(', ')}`,
      );
    }
    if (choice === 'DynamicFields') usesDynamic = true;
    out.push(choice);
  }
  if (dynamicFields.length > 0 && !usesDynamic) {
    throw new PluginConfigError(`dynamic_fields: "DynamicFields" must be in 'fields' list if using 'dynamic_fields'`);
  }
  return out;
}

/** Which dynamic fields are written, and how. */
export class DynamicFieldRules {
  private readonly only: ReadonlySet<string> | undefined;
  private readonly raw: ReadonlySet<string>;
  private readonly names = new Map<string, string>();

  constructor(
    dynamicFields: readonly string[],
    rawBytesFields: readonly string[],
    private readonly replaceDotsWith: string,
  ) {
    this.only = dynamicFields.length > 0 ? new Set(dynamicFields) : undefined;
    this.raw = new Set(rawBytesFields);
  }

  includes(f: Field): boolean {
    return this.only === undefined || this.only.has(f.name);
  }

  /** The member name: dots replaced unless replace_dots_with is "." (cached per name). */
  private memberName(name: string): string {
    if (this.replaceDotsWith === '.' || !name.includes('.')) return name;
    let out = this.names.get(name);
    if (out === undefined) {
      out = name.split('.').join(this.replaceDotsWith);
      if (this.names.size < 10_000) this.names.set(name, out);
    }
    return out;
  }

  /** Writes `"name":value` (preceded by a comma unless first). */
  write(w: ByteWriter, f: Field, first: boolean): void {
    if (!first) w.byte(0x2c);
    w.quoted(this.memberName(f.name)).byte(0x3a);
    writeValues(w, f, this.raw.has(f.name));
  }
}

function writeOne(w: ByteWriter, f: Field, v: Field['value'][number], raw: boolean, inArray: boolean): void {
  switch (f.valueType) {
    case 'string':
      if (raw) w.text(v as string);
      else w.quoted(v as string);
      return;
    case 'bytes':
      // Heka: an array of bytes values is base64; a single value is written as a (UTF-8) string.
      if (raw) w.bytes(v as Uint8Array);
      else if (inArray) w.quoted(toBase64(v as Uint8Array));
      else w.quotedBytes(v as Uint8Array);
      return;
    case 'integer':
      w.text(String(v));
      return;
    case 'double':
      w.text(formatGoFloat(v as number));
      return;
    case 'bool':
      w.text(v ? 'true' : 'false');
      return;
  }
}

/** A single value as itself, several as a JSON array (and no value, where Heka panics, as []). */
function writeValues(w: ByteWriter, f: Field, raw: boolean): void {
  const values = f.value;
  if (values.length === 1) {
    writeOne(w, f, values[0] as Field['value'][number], raw, false);
    return;
  }
  w.byte(0x5b);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.byte(0x2c);
    writeOne(w, f, values[i] as Field['value'][number], raw, true);
  }
  w.byte(0x5d);
}
