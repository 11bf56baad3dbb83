/**
 * Property tests of the wire format: any message survives encode → decode → encode byte for byte, and
 * decodes to the values it was built from. The only normalisations: lone surrogates become U+FFFD,
 * integers come back as numbers when safe (bigints otherwise), and -0 integers as 0.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  type Field,
  type FieldInit,
  type FieldValue,
  Message,
  type MessageInit,
} from '../src/index.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** What a string becomes on the wire: UTF-8, with each lone surrogate as U+FFFD. */
const utf8Decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const wellFormed = (s: string) => utf8Decoder.decode(new TextEncoder().encode(s));

/** Single UTF-16 units and whole characters, weighted towards the awkward ones. */
const unit = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.constantFrom('a', 'é', '€', '😀', '\u0000', '\ufeff', '\u{10ffff}', '\ufffd'), weight: 2 },
);
const text = fc.oneof(
  fc.constant(''),
  fc.string({ unit, maxLength: 30 }),
  fc.string({ unit, minLength: 100, maxLength: 200 }),
);
/** Strings that survive UTF-8 unchanged. */
const wellFormedText = text.map(wellFormed);

const int64 = fc.oneof(
  fc.bigInt({ min: INT64_MIN, max: INT64_MAX }),
  fc.constantFrom(INT64_MIN, INT64_MAX, 0n, -1n, 2n ** 53n, -(2n ** 53n), 2n ** 53n - 1n, 2n ** 32n, -(2n ** 31n)),
  fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  fc.maxSafeInteger(),
  fc.constant(-0),
);
const int32 = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(-1, 7, 0, -(2 ** 31)));
const bytes = fc.uint8Array({ maxLength: 24 });

function fieldArb(str: fc.Arbitrary<string>): fc.Arbitrary<FieldInit> {
  const values = <T>(v: fc.Arbitrary<T>) => fc.array(v, { maxLength: 6 });
  // A few fixed names so that repeats are common.
  const name = fc.oneof(fc.constantFrom('a', 'dup', '', 'Fields'), str);
  const common = { name, representation: fc.option(str, { nil: undefined }) };
  return fc.oneof(
    fc.record({ ...common, valueType: fc.constant('string' as const), value: values(str) }),
    fc.record({ ...common, valueType: fc.constant('bytes' as const), value: values(bytes) }),
    fc.record({ ...common, valueType: fc.constant('integer' as const), value: values(int64) }),
    fc.record({ ...common, valueType: fc.constant('double' as const), value: values(fc.double()) }),
    fc.record({ ...common, valueType: fc.constant('bool' as const), value: values(fc.boolean()) }),
  );
}

function messageArb(str: fc.Arbitrary<string>): fc.Arbitrary<MessageInit> {
  return fc.record(
    {
      uuid: fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), bytes),
      timestamp: int64,
      type: str,
      logger: str,
      severity: int32,
      payload: str,
      envVersion: str,
      pid: int32,
      hostname: str,
      fields: fc.array(fieldArb(str), { maxLength: 8 }),
    },
    { requiredKeys: [] },
  );
}

/** The value an int64 decodes to: a number when safe, else a bigint. */
function int64Back(v: number | bigint): number | bigint {
  const b = BigInt(v);
  return b >= -(2n ** 53n) + 1n && b <= 2n ** 53n - 1n ? Number(b) : b;
}

function expectedValue(type: Field['valueType'], v: FieldValue): FieldValue {
  if (type === 'string') return wellFormed(v as string);
  if (type === 'integer') return int64Back(v as number | bigint);
  if (type === 'bytes') return Uint8Array.from(v as Uint8Array);
  return v;
}

/** Compares with Object.is for numbers (NaN, -0) and by content for bytes. */
function sameValue(a: FieldValue | undefined, b: FieldValue): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return Buffer.from(a).equals(Buffer.from(b));
  return Object.is(a, b);
}

/** Every string inside a JSON value, normalised as the wire would. */
function wellFormedDeep(v: unknown): unknown {
  if (typeof v === 'string') return wellFormed(v);
  if (Array.isArray(v)) return v.map(wellFormedDeep);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wellFormedDeep(x)]));
  return v;
}

const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));

describe('wire round trip properties', () => {
  it('encode → decode → encode gives identical bytes, unchanged and after any change', () => {
    fc.assert(
      fc.property(messageArb(text), (init) => {
        const bytes = encodeMessage(new Message(init)).slice();
        const decoded = decodeMessage(bytes);
        expect(encodeMessage(decoded)).toBe(bytes);
        expect(same(encodeMessage(decoded.clone()), bytes)).toBe(true);
        const touched = decodeMessage(bytes.slice());
        const ts = touched.timestamp;
        touched.timestamp = ts; // a change (though to the same value) drops the wire bytes
        expect(same(encodeMessage(touched), bytes)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('decodes to the values the message was built from', () => {
    fc.assert(
      fc.property(messageArb(text), (init) => {
        const m = new Message(init);
        const d = decodeMessage(encodeMessage(m).slice());
        expect(same(d.uuid, m.uuid)).toBe(true);
        expect(d.timestamp).toBe(m.timestamp);
        for (const h of ['type', 'logger', 'payload', 'envVersion', 'hostname'] as const) {
          expect(d[h]).toBe(wellFormed(m[h]));
          expect(d.has(h)).toBe(init[h] !== undefined);
        }
        expect([d.severity, d.pid]).toEqual([init.severity ?? 7, init.pid ?? 0]);
        expect(d.fields.length).toBe(m.fields.length);
        m.fields.forEach((f, i) => {
          const g = d.fields[i] as Field;
          expect([g.name, g.valueType, g.representation]).toEqual([
            wellFormed(f.name),
            f.valueType,
            wellFormed(f.representation),
          ]);
          expect(g.value.length).toBe(f.value.length);
          f.value.forEach((v, j) => {
            expect(sameValue(g.value[j], expectedValue(f.valueType, v))).toBe(true);
          });
        });
      }),
      { numRuns: 400 },
    );
  });

  it('decode(encode(x)).toJSON() equals x.toJSON() (strings normalised as the wire does)', () => {
    fc.assert(
      fc.property(messageArb(text), (init) => {
        const m = new Message(init);
        expect(decodeMessage(encodeMessage(m)).toJSON()).toEqual(wellFormedDeep(m.toJSON()));
      }),
      { numRuns: 300 },
    );
  });

  it('with well-formed strings, toJSON is exact and JSON text rebuilds the same bytes', () => {
    fc.assert(
      fc.property(messageArb(wellFormedText), (init) => {
        const m = new Message(init);
        const bytes = encodeMessage(m).slice();
        expect(decodeMessage(bytes).toJSON()).toEqual(m.toJSON());
        const fromJson = new Message(JSON.parse(JSON.stringify(m)));
        expect(same(encodeMessage(fromJson), bytes)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('unknown fields survive: kept in place while unchanged, moved to the end on re-encode', () => {
    const tagged = (field: number, wireType: number) => {
      const out: number[] = [];
      for (let v = field * 8 + wireType; ; v = Math.floor(v / 128)) {
        if (v < 128) return [...out, v];
        out.push((v % 128) | 0x80);
      }
    };
    const unknownField = fc.oneof(
      fc
        .tuple(fc.integer({ min: 11, max: 2 ** 29 - 1 }), fc.integer({ min: 0, max: 127 }))
        .map(([f, v]) => [...tagged(f, 0), v]),
      fc
        .tuple(fc.integer({ min: 11, max: 5000 }), fc.uint8Array({ minLength: 8, maxLength: 8 }))
        .map(([f, b]) => [...tagged(f, 1), ...b]),
      fc
        .tuple(fc.integer({ min: 11, max: 5000 }), fc.uint8Array({ maxLength: 20 }))
        .map(([f, b]) => [...tagged(f, 2), b.length, ...b]),
      fc
        .tuple(fc.integer({ min: 11, max: 5000 }), fc.uint8Array({ minLength: 4, maxLength: 4 }))
        .map(([f, b]) => [...tagged(f, 5), ...b]),
      fc.integer({ min: 11, max: 5000 }).map((f) => [...tagged(f, 3), 0x08, 0x01, ...tagged(f, 4)]),
    );
    fc.assert(
      fc.property(messageArb(wellFormedText), fc.array(unknownField, { maxLength: 5 }), (init, unknowns) => {
        const known = encodeMessage(new Message(init)).slice();
        const extra = Uint8Array.from(unknowns.flat());
        const input = Buffer.concat([extra, known]);
        const d = decodeMessage(input);
        expect(encodeMessage(d)).toBe(input);
        expect(d.toJSON()).toEqual(decodeMessage(known).toJSON());
        expect(same(encodeMessage(d.clone()), Buffer.concat([known, extra]))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
