/** Heka's Message: the unit that flows through the pipeline. */
import { MessageError } from '../errors.js';
import { utf8Bytes } from '../wire/utf8.js';
import { copyBytes, toHex } from './bytes.js';
import { Field, normaliseInt64 } from './field.js';
import type { FieldInit, FieldValue, MessageInit, MessageJSON } from './types.js';
import { randomUuid, uuidFromString, uuidToString } from './uuid.js';

/** Decodes a record's text (set by the wire module, which owns UTF-8 handling; avoids an import cycle). */
let recordText: (bytes: Uint8Array) => string = (b) => new TextDecoder().decode(b);

/** @internal */
export function installRecordText(fn: typeof recordText): void {
  recordText = fn;
}

/** Presence bits of the optional/required header fields (protobuf field order). */
export const P_UUID = 1;
export const P_TIMESTAMP = 2;
export const P_TYPE = 4;
export const P_LOGGER = 8;
export const P_SEVERITY = 16;
export const P_PAYLOAD = 32;
export const P_ENV_VERSION = 64;
export const P_PID = 128;
export const P_HOSTNAME = 256;

/** Header names accepted by `has()`. */
export type HeaderName =
  | 'uuid'
  | 'timestamp'
  | 'type'
  | 'logger'
  | 'severity'
  | 'payload'
  | 'envVersion'
  | 'pid'
  | 'hostname';

const PRESENCE_BITS: Readonly<Record<HeaderName, number>> = {
  uuid: P_UUID,
  timestamp: P_TIMESTAMP,
  type: P_TYPE,
  logger: P_LOGGER,
  severity: P_SEVERITY,
  payload: P_PAYLOAD,
  envVersion: P_ENV_VERSION,
  pid: P_PID,
  hostname: P_HOSTNAME,
};

/** @internal Builds lazily decoded fields; installed by the wire decoder (avoids an import cycle). */
let fieldDecoder: (bytes: Uint8Array, ranges: number[]) => Field[] = () => {
  throw new Error('no field decoder installed');
};

/** @internal */
export function installFieldDecoder(fn: typeof fieldDecoder): void {
  fieldDecoder = fn;
}

/** @internal Passed to the constructor by the decoder: no uuid/timestamp defaults. */
export const BARE: unique symbol = Symbol('bare message');

const EMPTY_BYTES = new Uint8Array(0);
const TWO_32 = 4294967296;
const scratch = new DataView(new ArrayBuffer(8));

function int32(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
    throw new MessageError(`${name} must be an int32, got ${String(v)}`);
  }
  return v | 0; // no -0: it would not survive toJSON or the wire
}

function str(name: string, v: unknown): string {
  if (typeof v !== 'string') throw new MessageError(`${name} must be a string, got ${typeof v}`);
  return v;
}

// Read once: the getter costs as much as performance.now() itself.
const TIME_ORIGIN_MS = performance.timeOrigin;

/** Nanoseconds since the epoch as a float (exact to 256 ns at today's dates), without BigInt work. */
export function nowNanosFloat(): number {
  return Math.floor((TIME_ORIGIN_MS + performance.now()) * 1000) * 1000;
}

/** Nanoseconds since the epoch, with the clock's microsecond resolution. */
function nowNanos(): bigint {
  const ms = TIME_ORIGIN_MS + performance.now();
  return BigInt(Math.floor(ms * 1000)) * 1000n;
}

/**
 * A Heka message. Headers are properties; absent ones read as Heka's defaults ("" for strings,
 * 7 for severity, 0 for pid and timestamp). Fields are ordered and names may repeat.
 *
 * A message decoded from protobuf keeps its bytes: encoding it again while unchanged returns them
 * as they were. Any change through a setter or a field method drops them.
 */
export class Message {
  /** @internal */ _present = 0;
  /** @internal null: a random uuid not drawn yet (made on first read, which most messages never need) */
  _uuid: Uint8Array | null = EMPTY_BYTES;
  /** @internal */ _uuidText: string | undefined = undefined;
  /** @internal high 32 bits of the timestamp (signed) */ _tsHi = 0;
  /** @internal low 32 bits of the timestamp (unsigned) */ _tsLo = 0;
  /** @internal */ _ts: bigint | undefined = 0n;
  /** @internal */ _type = '';
  /** @internal */ _logger = '';
  /** @internal */ _severity = 7;
  /** @internal the payload's text; undefined until first read when only its bytes are known */
  _payload: string | undefined = '';
  /** @internal the payload's bytes as they arrived (a text record, or a slice of the wire bytes) */
  _payloadBytes: Uint8Array | null = null;
  /** @internal */ _envVersion = '';
  /** @internal */ _pid = 0;
  /** @internal */ _hostname = '';
  /** @internal null until first access on a decoded message (see _fieldList) */ _fields: Field[] | null = [];
  /** @internal [start, end) of each Field in _raw, while _fields is null */ _fieldRanges: number[] | null = null;
  /** @internal fields have been handed out read-only (frozen) */ _fieldsFrozen = false;
  /** @internal the protobuf bytes this message was decoded from, while unchanged */ _raw: Uint8Array | null = null;
  /** @internal unrecognised protobuf fields, written back on encode */ _unknown: Uint8Array[] | null = null;

  /** Builds a message from plain data; uuid (random v4) and timestamp (now) are filled in when absent. */
  constructor(init?: MessageInit | typeof BARE) {
    if (init === BARE) return;
    if (init !== undefined && (typeof init !== 'object' || init === null)) {
      throw new MessageError('message init must be an object');
    }
    const m = init ?? {};
    if (m.uuid !== undefined) this.uuid = m.uuid;
    else {
      this._uuid = null; // random, drawn on first read
      this._present |= P_UUID;
    }
    this.timestamp = m.timestamp ?? nowNanos();
    if (m.type !== undefined) this.type = m.type;
    if (m.logger !== undefined) this.logger = m.logger;
    if (m.severity !== undefined) this.severity = m.severity;
    if (m.payload !== undefined) this.payload = m.payload;
    if (m.envVersion !== undefined) this.envVersion = m.envVersion;
    if (m.pid !== undefined) this.pid = m.pid;
    if (m.hostname !== undefined) this.hostname = m.hostname;
    if (m.fields !== undefined) this.fields = m.fields;
  }

  /** A message with nothing set: no uuid or timestamp is generated (every header reads as its default). */
  static empty(): Message {
    return new Message(BARE);
  }

  /**
   * What an input makes of a text record (Heka's splitter runner): a new uuid, the current time,
   * `logger` and the record as payload (UTF-8, invalid bytes as U+FFFD). The fast path for every line.
   */
  static fromRecord(record: Uint8Array, logger: string): Message {
    return Message.fromOwnedRecord(copyBytes(record, 0, record.length), logger, nowNanosFloat());
  }

  /**
   * fromRecord for runtimes that own the record's memory: `record` becomes the payload bytes without a
   * copy (nobody may change them afterwards) and `timestampNs` (nanoseconds since the epoch, a float
   * exact to 256 ns, e.g. one clock reading for the records of one read) is the timestamp.
   */
  static fromOwnedRecord(record: Uint8Array, logger: string, timestampNs: number): Message {
    const m = new Message(BARE);
    m._uuid = null;
    const hi = Math.floor(timestampNs / TWO_32);
    m._tsHi = hi;
    m._tsLo = timestampNs - hi * TWO_32;
    m._ts = undefined;
    m._logger = logger;
    // The bytes as they are (Heka's payload is a Go string: any bytes); text is decoded on first read.
    m._payloadBytes = record;
    m._payload = undefined;
    m._present = P_UUID | P_TIMESTAMP | P_LOGGER | P_PAYLOAD;
    return m;
  }

  /** @internal the uuid's bytes, drawing the random one on first use */
  _uuidBytes(): Uint8Array {
    let u = this._uuid;
    if (u === null) u = this._uuid = randomUuid();
    return u;
  }

  /** @internal marks a change: the original wire bytes no longer describe the message */
  _changed(bit: number): void {
    if (this._fields === null) this._fieldList(); // lazy fields need the bytes about to be dropped
    this._present |= bit;
    this._raw = null;
  }

  /** @internal the fields, built from the wire bytes on first use (decodeMessage validated them) */
  _fieldList(): Field[] {
    let f = this._fields;
    if (f === null) {
      f = this._fields = fieldDecoder(this._raw as Uint8Array, this._fieldRanges as number[]);
      this._fieldRanges = null;
    }
    return f;
  }

  /** Whether a header was set (or present on the wire), as opposed to reading as its default. */
  has(header: HeaderName): boolean {
    return (this._present & PRESENCE_BITS[header]) !== 0;
  }

  /** The 16 raw uuid bytes (a copy). */
  get uuid(): Uint8Array {
    return this._uuidBytes().slice();
  }
  set uuid(v: Uint8Array | string) {
    if (typeof v === 'string') v = uuidFromString(v);
    else if (!(v instanceof Uint8Array)) throw new MessageError('uuid must be a Uint8Array or a string');
    else v = new Uint8Array(v); // a copy: Buffer#slice would return a view of the caller's memory
    this._uuid = v;
    this._uuidText = undefined;
    this._changed(P_UUID);
  }

  /** Lowercase 8-4-4-4-12 text of the uuid; "" unless it is 16 bytes (as Heka renders it). */
  get uuidString(): string {
    let t = this._uuidText;
    if (t === undefined) t = this._uuidText = uuidToString(this._uuidBytes());
    return t;
  }

  /** Nanoseconds since the Unix epoch (int64). */
  get timestamp(): bigint {
    let ts = this._ts;
    if (ts === undefined) {
      const hi = this._tsHi;
      if (hi >= -0x200000 && hi < 0x200000) {
        ts = BigInt(hi * TWO_32 + this._tsLo);
      } else {
        scratch.setInt32(0, this._tsLo, true);
        scratch.setInt32(4, hi, true);
        ts = scratch.getBigInt64(0, true);
      }
      this._ts = ts;
    }
    return ts;
  }
  set timestamp(v: bigint | number | string) {
    const n = normaliseInt64(v);
    if (n === undefined) throw new MessageError(`timestamp must be an int64 of nanoseconds, got ${String(v)}`);
    const big = BigInt(n);
    const u = BigInt.asUintN(64, big);
    this._tsLo = Number(u & 0xffffffffn);
    this._tsHi = Number(BigInt.asIntN(32, u >> 32n));
    this._ts = big;
    this._changed(P_TIMESTAMP);
  }

  /** @internal the timestamp as a float64, as the matcher compares it */
  _timestampFloat(): number {
    return this._tsHi * TWO_32 + this._tsLo;
  }

  get type(): string {
    return this._type;
  }
  set type(v: string) {
    this._type = str('type', v);
    this._changed(P_TYPE);
  }

  get logger(): string {
    return this._logger;
  }
  set logger(v: string) {
    this._logger = str('logger', v);
    this._changed(P_LOGGER);
  }

  /** Syslog severity 0–7 by convention (any int32 is carried); absent reads as 7. */
  get severity(): number {
    return this._severity;
  }
  set severity(v: number) {
    this._severity = int32('severity', v);
    this._changed(P_SEVERITY);
  }

  /** The payload as text (bytes that are not UTF-8 read as U+FFFD, one per byte, as Go sees them). */
  get payload(): string {
    let p = this._payload;
    if (p === undefined) p = this._payload = recordText(this._payloadBytes as Uint8Array);
    return p;
  }
  set payload(v: string) {
    this._payload = str('payload', v);
    this._payloadBytes = null;
    this._changed(P_PAYLOAD);
  }

  /**
   * The payload as bytes, without decoding: exactly as they arrived when the message was made from a
   * record or decoded from protobuf (even bytes that are not UTF-8, which Heka passes through), else
   * the UTF-8 of the text. Read-only: do not modify the array.
   */
  get payloadBytes(): Uint8Array {
    let b = this._payloadBytes;
    if (b === null) b = this._payloadBytes = utf8Bytes(this._payload as string);
    return b;
  }

  get envVersion(): string {
    return this._envVersion;
  }
  set envVersion(v: string) {
    this._envVersion = str('envVersion', v);
    this._changed(P_ENV_VERSION);
  }

  get pid(): number {
    return this._pid;
  }
  set pid(v: number) {
    this._pid = int32('pid', v);
    this._changed(P_PID);
  }

  get hostname(): string {
    return this._hostname;
  }
  set hostname(v: string) {
    this._hostname = str('hostname', v);
    this._changed(P_HOSTNAME);
  }

  /**
   * The fields, in order. Read-only: change them with `setField`, `addField`, `removeField` or by
   * assigning a new array. (A decoded message freezes them when first read, because it reuses its bytes.)
   */
  get fields(): readonly Field[] {
    this._freezeFields();
    return this._fieldList();
  }
  set fields(list: readonly (FieldInit | Field)[]) {
    if (!Array.isArray(list)) throw new MessageError('fields must be an array');
    this._fields = list.map((f) => Field.from(f));
    this._fieldsFrozen = false;
    this._raw = null;
  }

  /** @internal */
  _freezeFields(): void {
    if (this._raw === null || this._fieldsFrozen) return;
    const fields = this._fieldList();
    for (const f of fields) {
      Object.freeze(f.value);
      Object.freeze(f);
    }
    Object.freeze(fields);
    this._fieldsFrozen = true;
  }

  /** The `index`-th field named `name` (0 = first), in message order. */
  getField(name: string, index = 0): Field | undefined {
    this._freezeFields();
    return this._findField(name, index);
  }

  /** @internal lookup without freezing (for readers that never hand the field out) */
  _findField(name: string, index: number): Field | undefined {
    const fields = this._fieldList();
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i] as Field;
      if (f.name === name && index-- === 0) return f;
    }
    return undefined;
  }

  /** Value `arrayIndex` of the `fieldIndex`-th field named `name`; undefined when either does not exist. */
  getFieldValue(name: string, fieldIndex = 0, arrayIndex = 0): FieldValue | undefined {
    return this._findField(name, fieldIndex)?.value[arrayIndex];
  }

  /** Appends a field (names may repeat). */
  addField(field: FieldInit | Field): this {
    const f = Field.from(field);
    this._fields = [...this._fieldList(), f];
    this._fieldsFrozen = false;
    this._raw = null;
    return this;
  }

  /** Appends several fields at once (one copy of the list instead of one per field). */
  addFields(fields: readonly (FieldInit | Field)[]): this {
    const current = this._fieldList();
    const out = new Array<Field>(current.length + fields.length);
    for (let i = 0; i < current.length; i++) out[i] = current[i] as Field;
    for (let i = 0; i < fields.length; i++) out[current.length + i] = Field.from(fields[i] as FieldInit | Field);
    this._fields = out;
    this._fieldsFrozen = false;
    this._raw = null;
    return this;
  }

  /** Replaces the first field named `field.name`, or appends it when there is none. */
  setField(field: FieldInit | Field): this {
    const f = Field.from(field);
    const fields = this._fieldList();
    const at = fields.findIndex((x) => x.name === f.name);
    this._fields = at < 0 ? [...fields, f] : fields.map((x, i) => (i === at ? f : x));
    this._fieldsFrozen = false;
    this._raw = null;
    return this;
  }

  /** Removes the `index`-th field named `name`; returns whether there was one. */
  removeField(name: string, index = 0): boolean {
    const f = this._findField(name, index);
    if (!f) return false;
    this._fields = this._fieldList().filter((x) => x !== f);
    this._fieldsFrozen = false;
    this._raw = null;
    return true;
  }

  /** An independent copy (it does not share the original's wire bytes). */
  clone(): Message {
    // The copy shares the Field objects: freeze them first if this message still reuses its wire bytes.
    this._freezeFields();
    const m = new Message(BARE);
    m._present = this._present;
    m._uuid = this._uuidBytes();
    m._uuidText = this._uuidText;
    m._tsHi = this._tsHi;
    m._tsLo = this._tsLo;
    m._ts = this._ts;
    m._type = this._type;
    m._logger = this._logger;
    m._severity = this._severity;
    m._payload = this._payload;
    m._payloadBytes = this._payloadBytes;
    m._envVersion = this._envVersion;
    m._pid = this._pid;
    m._hostname = this._hostname;
    m._fields = [...this._fieldList()];
    m._unknown = this._unknown;
    return m;
  }

  /** JSON-safe plain data (present headers only) that `new Message()` accepts back. */
  toJSON(): MessageJSON {
    const p = this._present;
    const out = {} as MessageJSON;
    if (p & P_UUID) {
      const uuid = this._uuidBytes();
      out.uuid = uuid.length === 16 ? this.uuidString : toHex(uuid);
    }
    if (p & P_TIMESTAMP) out.timestamp = this.timestamp.toString();
    if (p & P_TYPE) out.type = this._type;
    if (p & P_LOGGER) out.logger = this._logger;
    if (p & P_SEVERITY) out.severity = this._severity;
    if (p & P_PAYLOAD) out.payload = this.payload;
    if (p & P_ENV_VERSION) out.envVersion = this._envVersion;
    if (p & P_PID) out.pid = this._pid;
    if (p & P_HOSTNAME) out.hostname = this._hostname;
    out.fields = this._fieldList().map((f) => f.toJSON());
    return out;
  }
}
