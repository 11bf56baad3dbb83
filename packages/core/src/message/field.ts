/** Message fields: a name, a value type, a representation hint and an array of values. */
import { MessageError } from '../errors.js';
import { fromBase64, toBase64 } from './bytes.js';
import type { FieldInit, FieldJSON, FieldValue, FieldValueType } from './types.js';

export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

/** Wire presence of a field's optional keys (Go's NewField always sets both). */
export const HAS_VALUE_TYPE = 1;
export const HAS_REPRESENTATION = 2;

/**
 * One field. Read-only: change a message's fields with its methods (`setField`, `addField`,
 * `removeField`, or the `fields` setter).
 */
export class Field {
  constructor(
    readonly name: string,
    readonly valueType: FieldValueType,
    readonly representation: string,
    readonly value: readonly FieldValue[],
    /** @internal which optional keys were on the wire (HAS_VALUE_TYPE | HAS_REPRESENTATION) */
    readonly _presence: number = HAS_VALUE_TYPE | HAS_REPRESENTATION,
    /** @internal unrecognised protobuf fields, written back on encode */
    readonly _unknown: Uint8Array[] | null = null,
  ) {}

  /** Normalises plain data into a Field, checking every value against the value type. */
  static from(init: FieldInit | Field): Field {
    if (init instanceof Field) return init;
    if (typeof init !== 'object' || init === null) throw new MessageError('field: expected an object');
    const { name, representation = '' } = init;
    if (typeof name !== 'string') throw new MessageError('field: name must be a string');
    if (typeof representation !== 'string') {
      throw new MessageError(`field ${JSON.stringify(name)}: representation must be a string`);
    }
    const raw = init.value;
    const values: readonly FieldValue[] = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw as FieldValue];
    const valueType = init.valueType ?? inferValueType(values[0]);
    // Own keys only: inherited ones ("constructor", "toString", ...) and non-strings are not value types.
    const convert =
      typeof valueType === 'string' && Object.hasOwn(CONVERTERS, valueType) ? CONVERTERS[valueType] : undefined;
    if (!convert) throw new MessageError(`field ${JSON.stringify(name)}: unknown valueType ${String(valueType)}`);
    const out = values.map((v, i) => {
      const c = convert(v);
      if (c === undefined) {
        throw new MessageError(
          `field ${JSON.stringify(name)}: value[${i}] (${describe(v)}) is not a valid ${valueType} value`,
        );
      }
      return c;
    });
    return new Field(name, valueType, representation, out);
  }

  toJSON(): FieldJSON {
    return {
      name: this.name,
      valueType: this.valueType,
      representation: this.representation,
      value: this.value.map(valueToJSON),
    };
  }
}

function describe(v: unknown): string {
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof Uint8Array) return `${v.length} bytes`;
  return typeof v === 'string' ? JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v) : String(v);
}

function inferValueType(v: FieldValue | undefined): FieldValueType {
  switch (typeof v) {
    case 'bigint':
      return 'integer';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    default:
      return v instanceof Uint8Array ? 'bytes' : 'string';
  }
}

/** An int64 as Heka's model holds it: a number when safe, else a bigint; undefined when out of range. */
export function normaliseInt64(v: unknown): number | bigint | undefined {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v === 0 ? 0 : v; // no -0
    if (!Number.isInteger(v)) return undefined;
    v = BigInt(v);
  } else if (typeof v === 'string') {
    if (!/^-?\d+$/.test(v)) return undefined;
    v = BigInt(v);
  }
  if (typeof v !== 'bigint' || v < INT64_MIN || v > INT64_MAX) return undefined;
  return v >= -(2n ** 53n) + 1n && v <= 2n ** 53n - 1n ? Number(v) : v;
}

const DOUBLE_WORDS: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
  '-0': -0,
};

const CONVERTERS: Readonly<Record<FieldValueType, (v: unknown) => FieldValue | undefined>> = {
  string: (v) => (typeof v === 'string' ? v : undefined),
  bytes: (v) => (v instanceof Uint8Array ? v : typeof v === 'string' ? fromBase64(v) : undefined),
  integer: normaliseInt64,
  // Own keys only, or "constructor" / "__proto__" would pass as doubles.
  double: (v) =>
    typeof v === 'number' ? v : typeof v === 'string' && Object.hasOwn(DOUBLE_WORDS, v) ? DOUBLE_WORDS[v] : undefined,
  bool: (v) => (typeof v === 'boolean' ? v : undefined),
};

/** The JSON form of one value: bytes as base64, unsafe integers and non-finite doubles as strings. */
function valueToJSON(v: FieldValue): string | number | boolean {
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return toBase64(v);
  if (typeof v === 'number' && (!Number.isFinite(v) || Object.is(v, -0))) return Object.is(v, -0) ? '-0' : String(v);
  return v;
}
