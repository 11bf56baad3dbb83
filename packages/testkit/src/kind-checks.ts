/** Behaviour every plugin of a kind must have, whatever it does. */
import {
  type DecoderInstance,
  type EncoderInstance,
  type Message,
  Message as Msg,
  type PluginDefinition,
  type SplitterInstance,
} from '@heka/core';
import { expect, it } from 'vitest';
import { resolveSection } from './resolve.js';
import { lifecycleSections, pluginContext } from './samples.js';
import { startTestPipeline, type TestSection } from './test-pipeline.js';

interface KindCheckOptions {
  config: () => Record<string, unknown>;
  message: () => Message;
  sections: Record<string, TestSection> | undefined;
  setup: (() => unknown) | undefined;
}

/** A small deterministic generator, so failures reproduce. */
function randomBytes(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function instance<T>(
  definition: PluginDefinition,
  config: Record<string, unknown>,
  sections?: Record<string, TestSection>,
): Promise<T> {
  const section = resolveSection(definition, 'probe', config);
  return (await definition.create(section.own, pluginContext(definition, 'probe', sections))) as T;
}

export function kindChecks(definition: PluginDefinition, o: KindCheckOptions): void {
  switch (definition.kind) {
    case 'splitter':
      it('finds nothing in an empty buffer, and stays within the buffer on arbitrary bytes', async () => {
        const s = await instance<SplitterInstance>(definition, o.config(), o.sections);
        const empty = s.findRecord(new Uint8Array(0));
        expect(empty.consumed).toBe(0);
        expect(empty.record).toBeUndefined();
        for (let seed = 1; seed <= 200; seed++) {
          const buf = randomBytes(seed, 1 + (seed % 97) * 3);
          const r = s.findRecord(buf);
          expect(r.consumed).toBeGreaterThanOrEqual(0);
          expect(r.consumed).toBeLessThanOrEqual(buf.length);
          if (r.record) {
            expect(r.consumed, 'a record must consume input').toBeGreaterThan(0);
            expect(r.record.length).toBeLessThanOrEqual(buf.length);
          }
        }
        await s.stop?.();
      });
      it('agrees with findRecord in recordEnd, its fast path (when it has one)', async () => {
        const s = await instance<SplitterInstance>(definition, o.config(), o.sections);
        const fast = s.recordEnd?.bind(s);
        if (fast === undefined) {
          expect(s.recordEnd).toBeUndefined();
          return;
        }
        for (let seed = 1; seed <= 300; seed++) {
          const buf = randomBytes(seed, 1 + (seed % 97) * 3);
          const from = seed % Math.max(1, buf.length >> 1);
          const to = buf.length - (seed % 3);
          const found = s.findRecord(buf.subarray(from, Math.max(from, to)));
          const expected = found.record ? from + found.consumed : -1;
          if (found.record)
            expect(found.record.length, 'a recordEnd splitter consumes just the record').toBe(found.consumed);
          expect(fast(buf, from, Math.max(from, to))).toBe(expected);
        }
        await s.stop?.();
      });
      break;
    case 'decoder':
      it('turns arbitrary records into messages, nothing, or an Error', async () => {
        const d = await instance<DecoderInstance>(definition, o.config(), o.sections);
        const ctx = (await import('./samples.js')).pluginContext(definition, 'probe', o.sections);
        for (let seed = 1; seed <= 100; seed++) {
          const bytes = randomBytes(seed, seed % 64);
          const message = new Msg({ payload: new TextDecoder().decode(bytes) });
          try {
            const r = await d.decode({ message, bytes: seed % 2 ? bytes : undefined, signer: undefined }, ctx);
            const list = r === null || r === undefined ? [] : Array.isArray(r) ? r : [r];
            for (const m of list) expect(m).toBeInstanceOf(Msg);
          } catch (e) {
            expect(e, 'decoders fail by throwing an Error').toBeInstanceOf(Error);
          }
        }
        await d.stop?.();
      });
      break;
    case 'encoder':
      it('encodes a message to bytes, text or nothing', async () => {
        const e = await instance<EncoderInstance>(definition, o.config(), o.sections);
        const r = e.encode(o.message(), pluginContext(definition, 'probe', o.sections));
        expect(r === null || r === undefined || typeof r === 'string' || r instanceof Uint8Array).toBe(true);
        await e.stop?.();
      });
      break;
    default:
      it(`runs in a pipeline and stops promptly when asked (${definition.kind})`, async () => {
        const cleanup = (await o.setup?.()) as (() => unknown) | undefined;
        try {
          const p = await startTestPipeline({
            sections: lifecycleSections(definition, o.config(), o.sections, o.message),
            capture: null,
          });
          await new Promise((r) => setTimeout(r, 50));
          const started = Date.now();
          await p.stop();
          expect(Date.now() - started).toBeLessThan(3000);
          expect(p.fatal, p.logs.join('\n')).toBeUndefined();
        } finally {
          await cleanup?.();
        }
      });
  }
}
