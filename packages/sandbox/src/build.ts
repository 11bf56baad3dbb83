/**
 * inject_message(table) straight to a Message: the fast path of decoders, filters and inputs. It reads
 * fengari's tables directly (no Lua API calls, no protobuf in between) and follows encode.ts's rules
 * step by step, so it gives exactly the message that decoding encode.ts's bytes gives (a test checks
 * it), the same errors in the same order, and the same byte count for output_limit and MaxOutput.
 *
 * Tables it does not read directly go back to encode.ts: a metatable on the message or a field object
 * (lua_getfield would consult `__index`), a userdata value (its output function is Lua code), a value
 * array that is not a plain sequence (lua_sandbox's packed lengths then disagree with its contents), a
 * field object that is not a table, a numeric header or value_type given as a string.
 */
import { Field, type FieldValue, type FieldValueType, Message } from '@heka/core';
import { defaultTimestamp, EncodeError, nextUuid, TooBigError, varintSize } from './encode.js';
import { type LuaState, ltable, lvm, type TableObj, type TString, type TValue, valueAt } from './fengari.js';
import { luaNumberToString, toInt64 } from './numbers.js';
import { text } from './strings.js';

/** Thrown inside to hand the table to encode.ts. */
const FALLBACK = new Error('fallback');

const TYPE_NAMES = ['nil', 'boolean', 'userdata', 'number', 'string', 'table', 'function', 'userdata', 'thread'];

/** The table keys (fengari's table_hash of a string: "|" and the hex bytes) of the names read. */
function key(name: string): string {
  let s = '|';
  for (let i = 0; i < name.length; i++) s += name.charCodeAt(i).toString(16);
  return s;
}
const K = {
  Uuid: key('Uuid'),
  Timestamp: key('Timestamp'),
  Type: key('Type'),
  Logger: key('Logger'),
  Severity: key('Severity'),
  Payload: key('Payload'),
  EnvVersion: key('EnvVersion'),
  Pid: key('Pid'),
  Hostname: key('Hostname'),
  Fields: key('Fields'),
  name: key('name'),
  value: key('value'),
  value_type: key('value_type'),
  representation: key('representation'),
};

/** Bytes lua_sandbox's buffer holds so far, and its limit. */
let pos = 0;
let max = 0;

function need(n: number): void {
  if (pos + n > max) throw new TooBigError('output_limit exceeded');
}
/** A tag and a varint. */
function tagVarint(size: number): void {
  need(1);
  pos++;
  need(10);
  pos += size;
}
/** pb_write_string: tag, length, bytes. */
function stringSize(len: number): void {
  tagVarint(len < 0x80 ? 1 : varintSize(len));
  need(len);
  pos += len;
}
/** update_field_length for the placeholder at `at`. */
function fixLength(at: number): void {
  const len = pos - at - 1;
  if (len < 128) return;
  const extra = varintSize(len) - 1;
  need(extra);
  pos += extra;
}

function get(t: TableObj, k: string): TValue | undefined {
  return t.strong.get(k)?.value;
}

/** lua_isstring + lua_tolstring: a string's bytes or a number's 5.1 text. */
function stringBytes(v: TValue | undefined): Uint8Array | string | undefined {
  if (v === undefined) return undefined;
  const t = v.type & 0x0f;
  if (t === 4) return (v.value as TString).realstring;
  if (t === 3) return luaNumberToString(v.value as number);
  return undefined;
}
function textOf(s: Uint8Array | string): string {
  return typeof s === 'string' ? s : text(s);
}

/** lua_isnumber + lua_tonumber, for numbers only (a numeric string goes to encode.ts). */
function numberOf(v: TValue | undefined): number | undefined {
  if (v === undefined) return undefined;
  const t = v.type & 0x0f;
  if (t === 3) return v.value as number;
  if (t === 4 && lvm.tonumber(v) !== false) throw FALLBACK;
  return undefined;
}

/** An int64 value as the message model holds it (a number when safe). */
function int64(n: number): number | bigint {
  const t = Math.trunc(n);
  if (Number.isSafeInteger(t)) return t === 0 ? 0 : t;
  const b = toInt64(n) ?? 0n;
  return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
}
function int64Size(v: number | bigint): number {
  return varintSize(v);
}
function int32(n: number): number {
  if (n > -2147483649 && n < 2147483648) return Math.trunc(n) | 0;
  return Number(BigInt.asIntN(32, toInt64(n) ?? 0n));
}

// The field being built.
let fType: FieldValueType = 'string';
let fRep: Uint8Array | string | undefined;
let fPresence = 0;
let fValues: FieldValue[] = [];
/** Where the packed integers' length placeholder is. */
let packedAt = -1;

/** encode.ts's encodeFieldValue on a value. */
function fieldValue(v: TValue | undefined, first: number, rep: Uint8Array | string | undefined, vt: number): void {
  const t = v === undefined ? 0 : v.type & 0x0f;
  switch (t) {
    case 4: {
      if (vt === -1) vt = 0;
      else if (vt !== 0 && vt !== 1) throw new EncodeError(`invalid string value_type: ${vt}`);
      if (first) {
        if (vt === 1) tagVarint(1);
        if (rep !== undefined) stringSize(rep.length);
        fType = vt === 1 ? 'bytes' : 'string';
        fPresence = (vt === 1 ? 1 : 0) | (rep !== undefined ? 2 : 0);
        fRep = rep;
      }
      const s = ((v as TValue).value as TString).realstring;
      stringSize(s.length);
      fValues.push(vt === 1 ? s.slice() : text(s));
      return;
    }
    case 3: {
      if (vt === -1) vt = 3;
      else if (vt !== 2 && vt !== 3) throw new EncodeError(`invalid numeric value_type: ${vt}`);
      if (first) {
        tagVarint(1);
        if (rep !== undefined) stringSize(rep.length);
        need(1);
        pos++;
        if (first > 1) {
          need(10);
          if (vt === 2) packedAt = pos;
          pos += vt === 2 ? 1 : varintSize(first * 8);
        }
        fType = vt === 2 ? 'integer' : 'double';
        fPresence = 1 | (rep !== undefined ? 2 : 0);
        fRep = rep;
      }
      const n = (v as TValue).value as number;
      if (vt === 2) {
        const i = int64(n);
        need(10);
        pos += int64Size(i);
        fValues.push(i);
      } else {
        need(8);
        pos += 8;
        fValues.push(n);
      }
      return;
    }
    case 1: {
      if (vt !== -1 && vt !== 4) throw new EncodeError(`invalid boolean value_type: ${vt}`);
      if (first) {
        tagVarint(1);
        if (rep !== undefined) stringSize(rep.length);
        if (first === 1) {
          need(1);
          pos++;
        } else tagVarint(varintSize(first));
        fType = 'bool';
        fPresence = 1 | (rep !== undefined ? 2 : 0);
        fRep = rep;
      }
      need(1);
      pos++;
      fValues.push((v as TValue).value as boolean);
      return;
    }
    case 5: {
      const table = (v as TValue).value as TableObj;
      const one = get(table, 1 as unknown as string);
      const at = one === undefined ? 0 : one.type & 0x0f;
      if (at === 0) fieldObject(table);
      else if (at === 1 || at === 3 || at === 4) fieldArray(table, at, rep, vt);
      else throw new EncodeError(`unsupported array type: ${TYPE_NAMES[at]}`);
      return;
    }
    case 7:
      throw FALLBACK; // userdata: its lsb_output function runs Lua code
    default:
      throw new EncodeError(`unsupported type: ${TYPE_NAMES[t]}`);
  }
}

/** {value = ..., value_type = n, representation = "r"} */
function fieldObject(t: TableObj): void {
  if (t.metatable !== null) throw FALLBACK;
  const rep = stringBytes(get(t, K.representation));
  const vtValue = numberOf(get(t, K.value_type));
  fieldValue(get(t, K.value), 1, rep, vtValue === undefined ? -1 : Math.trunc(vtValue));
}

function fieldArray(t: TableObj, type: number, rep: Uint8Array | string | undefined, vt: number): void {
  const n = ltable.luaH_getn(t);
  if (t.strong.size !== n) throw FALLBACK;
  packedAt = -1;
  for (let i = 1; i <= n; i++) {
    const v = get(t, i as unknown as string);
    if (v === undefined) throw FALLBACK;
    if ((v.type & 0x0f) !== type) throw new EncodeError('array has mixed types');
    fieldValue(v, i === 1 ? n : 0, rep, vt);
  }
  if (n > 1 && vt === 2 && packedAt >= 0) fixLength(packedAt);
}

/** A Fields entry's tag, length placeholder and name; returns the placeholder's position. */
function openField(name: Uint8Array | string | undefined): number {
  need(1);
  pos++;
  const at = pos;
  need(10);
  pos++;
  if (name === undefined) throw new EncodeError('field name must be a string');
  stringSize(name.length);
  fValues = [];
  fRep = undefined;
  return at;
}

/** The entry's length, and the Field its value made. */
function closeField(at: number, name: Uint8Array | string): Field {
  fixLength(at);
  return new Field(textOf(name), fType, fRep === undefined ? '' : textOf(fRep), fValues, fPresence);
}

function fields(t: TableObj): Field[] {
  const list: Field[] = [];
  const one = get(t, 1 as unknown as string);
  if (one !== undefined && (one.type & 0x0f) === 5) {
    // Array form: {{name = "n", value = v, value_type = t, representation = "r"}, ...}
    for (let i = 1, v: TValue | undefined = one; v !== undefined; v = get(t, ++i as unknown as string)) {
      if ((v.type & 0x0f) !== 5) throw FALLBACK;
      const obj = v.value as TableObj;
      if (obj.metatable !== null) throw FALLBACK;
      const name = stringBytes(get(obj, K.name));
      const at = openField(name);
      fieldObject(obj);
      list.push(closeField(at, name as Uint8Array | string));
    }
    return list;
  }
  // Hash form, in C Lua's order: the array part 1..#t, then the other keys.
  const n = ltable.luaH_getn(t);
  for (let i = 1; i <= n; i++) {
    const name = luaNumberToString(i);
    const at = openField(name);
    fieldValue(get(t, i as unknown as string), 1, undefined, -1);
    list.push(closeField(at, name));
  }
  for (let e = t.f; e !== undefined; e = e.n) {
    const k = e.key;
    const kt = k.type & 0x0f;
    if (kt === 3 && n > 0) {
      const x = k.value as number;
      if (x >= 1 && x <= n && Number.isInteger(x)) continue;
    }
    const name = kt === 3 || kt === 4 ? stringBytes(k) : undefined;
    const at = openField(name);
    fieldValue(e.value, 1, undefined, -1);
    list.push(closeField(at, name as Uint8Array | string));
  }
  return list;
}

export interface Built {
  message: Message;
  /** The bytes lua_sandbox's serialisation takes (output_limit, MaxOutput). */
  size: number;
}

/**
 * The message inject_message makes of the table at `idx` (limit: output_limit, 0 = none). Throws
 * EncodeError / TooBigError as encodeTable does; undefined when encode.ts must do it.
 */
export function buildMessage(L: LuaState, idx: number, limit: number): Built | undefined {
  const v = valueAt(L, idx);
  const t = v.value as TableObj;
  if (t.metatable !== null) return undefined;
  pos = 0;
  max = limit > 0 ? limit : Number.MAX_SAFE_INTEGER;
  try {
    const m = Message.empty();
    need(18);
    pos = 18;
    const uuid = get(t, K.Uuid);
    const ub = uuid !== undefined && (uuid.type & 0x0f) === 4 ? (uuid.value as TString).realstring : undefined;
    m.uuid = ub !== undefined && ub.length === 16 ? ub : nextUuid();
    const tsValue = numberOf(get(t, K.Timestamp));
    const ts = tsValue === undefined ? defaultTimestamp() : (toInt64(tsValue) ?? 0n);
    tagVarint(varintSize(ts));
    m.timestamp = ts;
    let s = header(t, K.Type);
    if (s !== undefined) m.type = s;
    s = header(t, K.Logger);
    if (s !== undefined) m.logger = s;
    let n = intHeader(t, K.Severity);
    if (n !== undefined) m.severity = n;
    s = header(t, K.Payload);
    if (s !== undefined) m.payload = s;
    s = header(t, K.EnvVersion);
    if (s !== undefined) m.envVersion = s;
    n = intHeader(t, K.Pid);
    if (n !== undefined) m.pid = n;
    s = header(t, K.Hostname);
    if (s !== undefined) m.hostname = s;
    const f = get(t, K.Fields);
    if (f !== undefined && (f.type & 0x0f) === 5) m.fields = fields(f.value as TableObj);
    need(1);
    return { message: m, size: pos };
  } catch (e) {
    if (e === FALLBACK) return undefined;
    throw e;
  } finally {
    fValues = [];
    fRep = undefined;
  }
}

function header(t: TableObj, k: string): string | undefined {
  const s = stringBytes(get(t, k));
  if (s === undefined) return undefined;
  stringSize(s.length);
  return textOf(s);
}

function intHeader(t: TableObj, k: string): number | undefined {
  const n = numberOf(get(t, k));
  if (n === undefined) return undefined;
  tagVarint(varintSize(int64(n)));
  return int32(n);
}
