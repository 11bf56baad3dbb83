/**
 * The message as Go's generated struct holds it, for printing the way heka-cat did: strings as the
 * raw bytes that were on the wire, optional keys present or absent (nil pointers), every value array
 * of a field whatever its value_type, and a field's unrecognised protobuf fields kept as raw bytes.
 * Run it only on bytes that @heka/core's decodeMessage accepted.
 */

export interface GoField {
  name: Uint8Array | undefined;
  /** The raw enum code, undefined when absent. */
  valueType: number | undefined;
  representation: Uint8Array | undefined;
  strings: Uint8Array[];
  bytes: Uint8Array[];
  integers: bigint[];
  doubles: number[];
  bools: boolean[];
  /** Unrecognised fields, each its tag and value bytes. */
  unknown: Uint8Array[];
}

export interface GoMessage {
  uuid: Uint8Array | undefined;
  timestamp: bigint | undefined;
  type: Uint8Array | undefined;
  logger: Uint8Array | undefined;
  severity: number | undefined;
  payload: Uint8Array | undefined;
  envVersion: Uint8Array | undefined;
  pid: number | undefined;
  hostname: Uint8Array | undefined;
  fields: GoField[];
}

class Reader {
  pos: number;
  constructor(
    readonly b: Uint8Array,
    start: number,
    public end: number,
  ) {
    this.pos = start;
  }

  varint(): bigint {
    let v = 0n;
    let shift = 0n;
    for (;;) {
      if (this.pos >= this.end) throw new Error('truncated varint');
      const c = this.b[this.pos++] as number;
      v |= BigInt(c & 0x7f) << shift;
      if (c < 0x80) return BigInt.asUintN(64, v);
      shift += 7n;
    }
  }

  small(): number {
    return Number(this.varint());
  }

  bytes(): Uint8Array {
    const n = this.small();
    if (n > this.end - this.pos) throw new Error('truncated bytes');
    const out = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  double(): number {
    if (this.end - this.pos < 8) throw new Error('truncated double');
    const v = Buffer.from(this.b.buffer, this.b.byteOffset + this.pos, 8).readDoubleLE(0);
    this.pos += 8;
    return v;
  }

  skip(wireType: number): void {
    if (wireType === 0) this.varint();
    else if (wireType === 2) this.bytes();
    else if (wireType === 1 || wireType === 5) {
      const n = wireType === 1 ? 8 : 4;
      if (this.end - this.pos < n) throw new Error('truncated fixed value');
      this.pos += n;
    } else throw new Error(`cannot skip wire type ${wireType}`);
  }
}

const int32 = (v: bigint) => Number(BigInt.asIntN(32, v));

export function goView(b: Uint8Array): GoMessage {
  const m: GoMessage = {
    uuid: undefined,
    timestamp: undefined,
    type: undefined,
    logger: undefined,
    severity: undefined,
    payload: undefined,
    envVersion: undefined,
    pid: undefined,
    hostname: undefined,
    fields: [],
  };
  const r = new Reader(b, 0, b.length);
  while (r.pos < r.end) {
    const tag = r.small();
    const wt = tag & 7;
    switch (tag >>> 3) {
      case 1:
        m.uuid = r.bytes();
        break;
      case 2:
        m.timestamp = BigInt.asIntN(64, r.varint());
        break;
      case 3:
        m.type = r.bytes();
        break;
      case 4:
        m.logger = r.bytes();
        break;
      case 5:
        m.severity = int32(r.varint());
        break;
      case 6:
        m.payload = r.bytes();
        break;
      case 7:
        m.envVersion = r.bytes();
        break;
      case 8:
        m.pid = int32(r.varint());
        break;
      case 9:
        m.hostname = r.bytes();
        break;
      case 10: {
        const len = r.small();
        m.fields.push(readField(b, r.pos, r.pos + len));
        r.pos += len;
        break;
      }
      default:
        r.skip(wt);
    }
  }
  return m;
}

function readField(b: Uint8Array, start: number, end: number): GoField {
  const f: GoField = {
    name: undefined,
    valueType: undefined,
    representation: undefined,
    strings: [],
    bytes: [],
    integers: [],
    doubles: [],
    bools: [],
    unknown: [],
  };
  const r = new Reader(b, start, end);
  while (r.pos < end) {
    const at = r.pos;
    const tag = r.small();
    const wt = tag & 7;
    const field = tag >>> 3;
    if (field === 1) f.name = r.bytes();
    else if (field === 2) f.valueType = int32(r.varint());
    else if (field === 3) f.representation = r.bytes();
    else if (field === 4) f.strings.push(r.bytes());
    else if (field === 5) f.bytes.push(r.bytes());
    else if (field >= 6 && field <= 8) readNumbers(r, f, field, wt);
    else {
      r.skip(wt);
      f.unknown.push(b.subarray(at, r.pos));
    }
  }
  return f;
}

/** value_integer / value_double / value_bool, packed or not. */
function readNumbers(r: Reader, f: GoField, field: number, wt: number): void {
  const one = () => {
    if (field === 6) f.integers.push(BigInt.asIntN(64, r.varint()));
    else if (field === 7) f.doubles.push(r.double());
    else f.bools.push(r.varint() !== 0n);
  };
  if (wt !== 2) {
    one();
    return;
  }
  const len = r.small();
  const stop = r.pos + len;
  const outer = r.end;
  r.end = stop;
  while (r.pos < stop) one();
  r.end = outer;
}
