/** Field values as JSON: bytes as base64, non-finite doubles as null, int64 beyond 2^53 per big_integers. */
import type { Field, FieldValue } from '@heka/core';
import type { JsonWriter } from './writer.js';

const base64 = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/** The text of a value that does not have its type's JavaScript type (a Field built without checks). */
function oddValueJson(type: Field['valueType'], v: FieldValue, bigAsString: boolean): string {
  switch (type) {
    case 'string':
      return String(JSON.stringify(v));
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

export function writeValue(w: JsonWriter, type: Field['valueType'], v: FieldValue, bigAsString: boolean): void {
  switch (type) {
    case 'string':
      if (typeof v === 'string') w.string(v);
      else w.text(oddValueJson(type, v, bigAsString));
      return;
    case 'integer':
      if (typeof v === 'number') w.number(v);
      else if (typeof v === 'bigint') {
        if (bigAsString) {
          w.byte(0x22);
          w.ascii(String(v));
          w.byte(0x22);
        } else w.ascii(String(v));
      } else w.text(oddValueJson(type, v, bigAsString));
      return;
    case 'double':
      if (typeof v === 'number') {
        if (Number.isFinite(v)) w.number(v);
        else w.ascii('null');
      } else w.text(oddValueJson(type, v, bigAsString));
      return;
    case 'bytes':
      if (v instanceof Uint8Array) w.base64String(v);
      else w.text(oddValueJson(type, v, bigAsString));
      return;
    default:
      w.ascii(v ? 'true' : 'false');
  }
}

/** A field's own values: a single one as itself, else an array. */
export function writeOwnValues(w: JsonWriter, f: Field, bigAsString: boolean): void {
  const values = f.value;
  const type = f.valueType;
  if (values.length === 1) {
    writeValue(w, type, values[0] as FieldValue, bigAsString);
    return;
  }
  w.byte(0x5b);
  for (let i = 0; i < values.length; i++) {
    if (i > 0) w.byte(0x2c);
    writeValue(w, type, values[i] as FieldValue, bigAsString);
  }
  w.byte(0x5d);
}
