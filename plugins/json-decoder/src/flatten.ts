/**
 * JSON values to Heka fields, as json.lua's util.table_to_fields did: nested objects are flattened
 * into `parent<separator>child` names; strings, numbers (doubles) and booleans become fields; nulls are
 * left out; below maximum_depth a nested object or array becomes its JSON text. Arrays whose items
 * are all strings, all numbers or all booleans become one field with several values; other arrays
 * are flattened like objects with keys 1, 2, 3... (Lua's).
 */
import { Field } from '@heka/core';

export interface FlattenOptions {
  separator: string;
  /** Nesting level from which objects and arrays are kept as JSON text (top-level values are level 1). */
  maximumDepth: number;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const STRING = 'string';
const DOUBLE = 'double';
const BOOL = 'bool';

/** The value type of an array whose items all have one scalar type, else undefined. */
function scalarArrayType(a: readonly Json[]): typeof STRING | typeof DOUBLE | typeof BOOL | undefined {
  const first = typeof a[0];
  if (first !== 'string' && first !== 'number' && first !== 'boolean') return undefined;
  for (let i = 1; i < a.length; i++) if (typeof a[i] !== first) return undefined;
  return first === 'string' ? STRING : first === 'number' ? DOUBLE : BOOL;
}

/** Appends the fields of `value` named `name` (at nesting `level`) to `out`. */
export function addValue(out: Field[], name: string, value: Json, level: number, o: FlattenOptions): void {
  switch (typeof value) {
    case 'string':
      out.push(new Field(name, STRING, '', [value]));
      return;
    case 'number':
      out.push(new Field(name, DOUBLE, '', [value]));
      return;
    case 'boolean':
      out.push(new Field(name, BOOL, '', [value]));
      return;
  }
  if (value === null) return; // cjson.null was skipped
  if (level >= o.maximumDepth) {
    out.push(new Field(name, STRING, '', [JSON.stringify(value)]));
    return;
  }
  const prefix = name + o.separator;
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    const type = scalarArrayType(value);
    if (type !== undefined) {
      out.push(new Field(name, type, '', value as (string | number | boolean)[])); // a fresh array from JSON.parse
      return;
    }
    for (let i = 0; i < value.length; i++) addValue(out, prefix + (i + 1), value[i] as Json, level + 1, o);
    return;
  }
  const keys = Object.keys(value);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    addValue(out, prefix + key, value[key] as Json, level + 1, o);
  }
}
