import type { Logger, SplitResult, SplitterInstance } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { SplitStream, type StreamSettings } from '../src/pipeline/stream.js';
import { captureLogger } from './helpers/plan.js';

const enc = new TextEncoder();
const dec = new TextDecoder();

/** Lines through findRecord only (a result object per record). */
const slowLines: SplitterInstance = {
  findRecord(buf: Uint8Array): SplitResult {
    const at = buf.indexOf(10);
    return at < 0 ? { consumed: 0 } : { consumed: at + 1, record: buf.subarray(0, at + 1) };
  },
};

/** The same lines with the recordEnd fast path. */
const fastLines: SplitterInstance = {
  ...slowLines,
  recordEnd(buf: Uint8Array, from: number, to: number): number {
    const at = buf.indexOf(10, from);
    return at < 0 || at >= to ? -1 : at + 1;
  },
};

type Got = { record: Uint8Array; end: number; receivedNs: number };

function stream(splitter: SplitterInstance, settings: Partial<StreamSettings>, logger: Logger) {
  const got: Got[] = [];
  const s = new SplitStream(
    splitter,
    { minBufferSize: 64, maxRecordSize: 256, keepTruncated: false, deliverIncompleteFinal: false, ...settings },
    (record, end, receivedNs) => {
      got.push({ record, end, receivedNs }); // kept as the view it is: no copy
    },
    logger,
  );
  return { s, got };
}

/** Writes `text` in pieces of the given sizes, cycling. */
function writeInPieces(s: SplitStream, text: string, sizes: number[]): void {
  const bytes = enc.encode(text);
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = sizes[i % sizes.length] as number;
    expect(s.write(bytes.slice(at, at + n))).toBeUndefined();
    at += n;
  }
}

describe('SplitStream', () => {
  for (const [name, splitter] of [
    ['findRecord', slowLines],
    ['recordEnd', fastLines],
  ] as const) {
    it(`hands out records (${name}) whose bytes later writes never change`, () => {
      const { logger } = captureLogger();
      const { s, got } = stream(splitter, {}, logger);
      const lines = Array.from({ length: 500 }, (_, i) => `line ${i} ${'x'.repeat(i % 90)}\n`);
      const before = Date.now() * 1e6;
      writeInPieces(s, lines.join(''), [1, 7, 64, 3, 200, 31]);
      const after = (Date.now() + 1) * 1e6;
      expect(got.map((g) => dec.decode(g.record))).toEqual(lines);
      let offset = 0;
      for (const [i, g] of got.entries()) {
        offset += enc.encode(lines[i]).length;
        expect(g.end).toBe(offset);
        expect(g.receivedNs).toBeGreaterThanOrEqual(before - 1e6);
        expect(g.receivedNs).toBeLessThanOrEqual(after);
      }
    });
  }

  it('keeps datagram records intact across datagrams and drops what a datagram leaves', () => {
    const { logger } = captureLogger();
    const { s, got } = stream(fastLines, { datagrams: true }, logger);
    for (let i = 0; i < 100; i++) s.write(enc.encode(`a${i}\nb${i}\npartial${i}`));
    expect(got.map((g) => dec.decode(g.record))).toEqual(
      Array.from({ length: 100 }, (_, i) => [`a${i}\n`, `b${i}\n`]).flat(),
    );
  });

  it('delivers a truncated oversize record with keep_truncated, intact after more writes', () => {
    const { logger, lines } = captureLogger();
    const { s, got } = stream(fastLines, { keepTruncated: true, maxRecordSize: 128 }, logger);
    writeInPieces(s, `${'z'.repeat(300)}\nafter\n`, [50]);
    const texts = got.map((g) => dec.decode(g.record));
    expect(texts[0]).toBe('z'.repeat(128));
    expect(texts.at(-1)).toBe('after\n');
    expect(lines.some((l) => l.includes('delivered truncated'))).toBe(true);
  });
});
