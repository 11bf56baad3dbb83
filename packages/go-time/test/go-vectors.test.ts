// What Go's time package does with the same layouts, values, instants and locations (fixtures/go-vectors.json,
// written by fixtures/gen/main.go from Go's own time package). Intl supplies the tz database here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GoTime, loadLocation, parseInLocation } from '../src/index.js';

interface ParseCase {
  layout: string;
  value: string;
  location: string;
  ok: boolean;
  nanos?: string;
  offset: number;
  zone?: string;
  error?: string;
}
interface FormatCase {
  nanos: string;
  location: string;
  layout: string;
  out: string;
}
interface DateCase {
  args: [number, number, number, number, number, number, number];
  location: string;
  nanos: string;
}

const vectors = JSON.parse(readFileSync(new URL('./fixtures/go-vectors.json', import.meta.url), 'utf8')) as {
  parse: ParseCase[];
  format: FormatCase[];
  date: DateCase[];
};

/**
 * The generator ran Go 1.19; this package follows today's format.go, which changed four things since
 * (each has its own test in parse.test.ts): a parse error quotes the value where the element began, a
 * ".999" fraction takes more than nine digits, offsets past 24 hours are refused, and "Z" is accepted by
 * the seconds forms of Z07:00:00 too.
 */
function changedSinceGo119(c: ParseCase): boolean {
  return (
    c.value.includes('+2500') ||
    c.value.includes('.1234567891') ||
    (c.value.endsWith(' Z') && (c.layout.endsWith('Z070000') || c.layout.endsWith('Z07:00:00')))
  );
}

/** The error text without the quoted remainder (see changedSinceGo119). */
const errorShape = (e: string): string => e.replace(/cannot parse ".*" as/, 'cannot parse … as');

describe('parsing agrees with Go', () => {
  const cases = vectors.parse.filter((c) => !changedSinceGo119(c));
  it(`${cases.length} layout/value/location cases`, () => {
    const mismatches: string[] = [];
    for (const c of cases) {
      const where = `${JSON.stringify(c.layout)} ${JSON.stringify(c.value)} in ${c.location}`;
      try {
        const t = parseInLocation(c.layout, c.value, loadLocation(c.location));
        if (!c.ok) mismatches.push(`${where}: accepted, Go said ${c.error}`);
        else if (t.unixNano().toString() !== c.nanos) mismatches.push(`${where}: ${t.unixNano()} != ${c.nanos}`);
        else if (t.zone().offset !== c.offset || t.zone().name !== (c.zone ?? '')) {
          mismatches.push(`${where}: zone ${JSON.stringify(t.zone())} != ${c.zone} ${c.offset}`);
        }
      } catch (e) {
        if (c.ok) mismatches.push(`${where}: ${(e as Error).message}`);
        else if (errorShape((e as Error).message) !== errorShape(c.error ?? '')) {
          mismatches.push(`${where}: ${(e as Error).message} != ${c.error}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(cases.filter((c) => c.ok).length).toBeGreaterThan(500);
    expect(cases.filter((c) => !c.ok).length).toBeGreaterThan(500);
  });
});

describe('formatting agrees with Go', () => {
  it(`${vectors.format.length} instant/layout/location cases`, () => {
    const mismatches: string[] = [];
    for (const c of vectors.format) {
      const out = GoTime.fromUnixNano(BigInt(c.nanos), loadLocation(c.location)).format(c.layout);
      if (out !== c.out) mismatches.push(`${c.nanos} ${c.location} ${JSON.stringify(c.layout)}: ${out} != ${c.out}`);
    }
    expect(mismatches).toEqual([]);
  });
});

describe('time.Date agrees with Go (normalisation, daylight saving gaps and overlaps)', () => {
  it(`${vectors.date.length} cases`, () => {
    const mismatches: string[] = [];
    for (const c of vectors.date) {
      const t = GoTime.date(...c.args, loadLocation(c.location));
      if (t.unixNano().toString() !== c.nanos)
        mismatches.push(`${c.args} ${c.location}: ${t.unixNano()} != ${c.nanos}`);
    }
    expect(mismatches).toEqual([]);
  });
});
