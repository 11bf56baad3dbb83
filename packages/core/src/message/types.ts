/** Heka's field value types (protobuf enum Field.ValueType, lower-cased). */
export type FieldValueType = 'string' | 'bytes' | 'integer' | 'double' | 'bool';

/** One element of a field's value array. Integers are numbers when safe, bigints otherwise (int64). */
export type FieldValue = string | Uint8Array | number | bigint | boolean;

/** A field as given to `new Message()` / `addField()`; a single value stands for a one-element array. */
export interface FieldInit {
  name: string;
  /** Inferred from the first value when omitted: string, Uint8Array → bytes, bigint → integer, number → double, boolean → bool. */
  valueType?: FieldValueType;
  representation?: string;
  /**
   * Values of `valueType`. JSON forms are accepted too: base64 strings for bytes, decimal strings for
   * integers beyond 2^53, and "NaN" / "Infinity" / "-Infinity" / "-0" for doubles.
   */
  value: FieldValue | readonly FieldValue[];
}

/** A message as plain data. Every key is optional; absent headers read as Heka's defaults. */
export interface MessageInit {
  /** 16 bytes, or text (`8-4-4-4-12` or plain hex). Generated (random v4) by `new Message()` when omitted. */
  uuid?: Uint8Array | string;
  /** Nanoseconds since the Unix epoch (int64): bigint, safe integer, or decimal string. Now when omitted. */
  timestamp?: bigint | number | string;
  type?: string;
  logger?: string;
  /** int32; absent reads as 7. */
  severity?: number;
  payload?: string;
  envVersion?: string;
  /** int32; absent reads as 0. */
  pid?: number;
  hostname?: string;
  fields?: readonly FieldInit[];
}

/** What `Field.toJSON()` returns: JSON-safe, and accepted back as a FieldInit. */
export interface FieldJSON {
  name: string;
  valueType: FieldValueType;
  representation: string;
  value: (string | number | boolean)[];
}

/** What `Message.toJSON()` returns: JSON-safe (no bigint, no bytes), and accepted back by `new Message()`. */
export interface MessageJSON {
  uuid?: string;
  timestamp?: string;
  type?: string;
  logger?: string;
  severity?: number;
  payload?: string;
  envVersion?: string;
  pid?: number;
  hostname?: string;
  fields: FieldJSON[];
}

/** Wire codes of the value types (Field.ValueType enum). */
export const VALUE_TYPE_CODES: Readonly<Record<FieldValueType, number>> = {
  string: 0,
  bytes: 1,
  integer: 2,
  double: 3,
  bool: 4,
};

export const VALUE_TYPES_BY_CODE: readonly FieldValueType[] = ['string', 'bytes', 'integer', 'double', 'bool'];
