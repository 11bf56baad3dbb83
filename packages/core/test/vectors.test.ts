import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileMatcher, decodeMessage, encodeMessage, MatcherSyntaxError, Message } from '../src/index.js';

interface VectorField {
  name: string;
  value_type: 'STRING' | 'BYTES' | 'INTEGER' | 'DOUBLE' | 'BOOL';
  representation: string;
  value: (string | number | boolean)[];
  value_base64?: string[];
}
interface Vectors {
  message: {
    uuid: string;
    timestamp: number;
    type: string;
    logger: string;
    severity: number;
    payload: string;
    env_version: string;
    pid: number;
    hostname: string;
    fields: VectorField[];
  };
  cases: { expr: string; match: boolean }[];
  invalid: string[];
}

const vectors = JSON.parse(
  readFileSync(new URL('./fixtures/heka-matcher-vectors.json', import.meta.url), 'utf8'),
) as Vectors;

/** The vectors' test message, built exactly as the JSON describes it. */
export function vectorMessage(): Message {
  const j = vectors.message;
  return new Message({
    uuid: j.uuid,
    timestamp: BigInt(j.timestamp),
    type: j.type,
    logger: j.logger,
    severity: j.severity,
    payload: j.payload,
    envVersion: j.env_version,
    pid: j.pid,
    hostname: j.hostname,
    fields: j.fields.map((f) => ({
      name: f.name,
      valueType: f.value_type.toLowerCase() as 'string',
      representation: f.representation,
      value: f.value_type === 'BYTES' ? (f.value_base64 as string[]) : f.value,
    })),
  });
}

describe("Heka's matcher test vectors", () => {
  const built = vectorMessage();
  const decoded = decodeMessage(encodeMessage(built));
  it('has the cases the fixture promises', () => {
    expect(vectors.cases).toHaveLength(84);
    expect(vectors.invalid).toHaveLength(24);
  });
  for (const [label, msg] of [
    ['built', built],
    ['decoded', decoded],
  ] as const) {
    describe(`on the ${label} message`, () => {
      for (const c of vectors.cases) {
        it(`${c.expr} → ${c.match}`, () => {
          expect(compileMatcher(c.expr).match(msg)).toBe(c.match);
        });
      }
    });
  }
  for (const expr of vectors.invalid) {
    it(`rejects ${JSON.stringify(expr)}`, () => {
      expect(() => compileMatcher(expr)).toThrow(MatcherSyntaxError);
    });
  }
});
