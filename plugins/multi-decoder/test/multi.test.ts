import { encodeMessage, Message, type PluginDefinition } from '@heka/core';
import { recordInput, startTestPipeline, type TestSection, wholeSplitter } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import multi, { ALL_FAILED } from '../src/index.js';
import {
  asyncDecoder,
  braceDecoder,
  bytesDecoder,
  digitsDecoder,
  lifecycle,
  splitDecoder,
  swallowDecoder,
  typeDecoder,
} from './subs.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

const SUBS: Record<string, PluginDefinition> = {
  brace: braceDecoder,
  digits: digitsDecoder,
  async: asyncDecoder,
  split: splitDecoder,
  swallow: swallowDecoder,
  bytes: bytesDecoder,
  type: typeDecoder,
};

async function start(
  config: Record<string, unknown>,
  records: (string | Uint8Array)[],
  options: {
    input?: Record<string, unknown>;
    splitter?: Record<string, unknown>;
    extra?: Record<string, TestSection>;
  } = {},
) {
  const sections: Record<string, TestSection> = {
    feeder: { definition: recordInput(records), config: { splitter: 'whole', decoder: 'multi', ...options.input } },
    whole: { definition: wholeSplitter, config: options.splitter ?? {} },
    multi: { definition: multi, config },
    ...options.extra,
  };
  for (const [name, definition] of Object.entries(SUBS)) sections[name] ??= { definition };
  const p = await startTestPipeline({ sections });
  stop = () => p.stop();
  return p;
}

const by = (m: Message | undefined) => (m?.fields ?? []).filter((f) => f.name === 'by').map((f) => f.value[0]);

describe('MultiDecoder, cascade_strategy = "first-wins" (default)', () => {
  it('uses the first sub that succeeds for each record, in order', async () => {
    const p = await start({ subs: ['brace', 'digits', 'async'] }, ['{"a":1}', '42', 'words']);
    const got = await p.waitFor(3);
    expect(got.map((m) => [m.payload, by(m)])).toEqual([
      ['{"a":1}', ['brace']],
      ['42', ['digits']],
      ['words', ['async']], // brace threw, digits returned nothing, async (a promise) succeeded
    ]);
  });

  it('fails the record when every sub fails: counted, logged "All subdecoders failed.", the next goes on', async () => {
    const p = await start({ subs: ['brace', 'digits'] }, ['words', '7']);
    const [m] = await p.waitFor(1);
    expect(m?.payload).toBe('7');
    await p.waitForLog(new RegExp(`decode failed: ${ALL_FAILED.replace('.', '\\.')}`));
    expect(p.pipeline.decoderStats.get('feeder-multi')?.failures).toBe(1);
    // log_sub_errors is false: the subs' own errors are not logged
    expect(p.logs.some((l) => l.includes('Subdecoder'))).toBe(false);
  });

  it('with log_sub_errors logs each sub error (not "nothing" answers), even when a later sub succeeds', async () => {
    const p = await start({ subs: ['brace', 'digits', 'async'], log_sub_errors: true }, ['words', 'reject me']);
    await p.waitFor(1);
    await p.waitForLog(/Subdecoder 'brace' decode error: not JSON: words/);
    await p.waitForLog(/Subdecoder 'async' decode error: rejected asynchronously/);
    await p.waitForLog(/decode failed: All subdecoders failed\./);
    expect(p.logs.some((l) => l.includes("Subdecoder 'digits'"))).toBe(false);
  });

  it('counts a sub that succeeds with no messages as a success', async () => {
    const p = await start({ subs: ['swallow', 'async'] }, ['gone', '{"after":1}'], {});
    await new Promise((r) => setTimeout(r, 50));
    expect(p.messages).toHaveLength(0);
    expect(p.pipeline.decoderStats.get('feeder-multi')?.failures).toBe(0);
  });
});

describe('MultiDecoder, cascade_strategy = "all"', () => {
  it('runs every sub over what the previous ones made: protobuf bytes, then a scribble', async () => {
    const original = new Message({ type: 'orig', payload: 'shipped', fields: [{ name: 'n', value: 1n }] });
    const bytes = encodeMessage(original);
    const p = await start({ subs: ['bytes', 'type'], cascade_strategy: 'all' }, [bytes], {
      splitter: { use_message_bytes: true },
    });
    const [m] = await p.waitFor(1);
    expect(m?.type).toBe('scribbled');
    expect(m?.payload).toBe('shipped');
    expect(m?.getFieldValue('n')).toBe(1);
    // changed after decoding: the wire bytes are not reused
    expect(encodeMessage(m as Message)).not.toEqual(bytes);
  });

  it('passes on unchanged what a sub fails on, and applies later subs to every message', async () => {
    const p = await start({ subs: ['split', 'digits', 'async'], cascade_strategy: 'all' }, ['1,x,2', 'solo']);
    const got = await p.waitFor(4);
    expect(got.map((m) => [m.payload, by(m)])).toEqual([
      ['1', ['digits', 'async']],
      ['x', ['async']],
      ['2', ['digits', 'async']],
      ['solo', ['async']], // split failed on it: the record went on as it was
    ]);
  });

  it('fails only when no sub succeeds on anything', async () => {
    const p = await start(
      { subs: ['brace', 'digits'], cascade_strategy: 'all', log_sub_errors: true },
      ['words', '{}'],
      { input: { send_decode_failures: true } },
    );
    const got = await p.waitFor(2);
    const failed = got.find((m) => m.payload === 'words');
    expect(failed?.getFieldValue('decode_failure')).toBe(true);
    expect(failed?.getFieldValue('decode_error')).toBe(ALL_FAILED);
    expect(by(got.find((m) => m.payload === '{}'))).toEqual(['brace']);
    await p.waitForLog(/Subdecoder 'brace' decode error: not JSON: words/);
    expect(p.pipeline.decoderStats.get('feeder-multi')?.failures).toBe(1);
  });

  it('waits for asynchronous subs, and treats a rejection as that sub failing', async () => {
    const p = await start({ subs: ['async', 'digits', 'async'], cascade_strategy: 'all' }, ['3', 'reject']);
    const got = await p.waitFor(1);
    expect(got.map((m) => [m.payload, by(m)])).toEqual([['3', ['async', 'digits', 'async']]]);
    await p.waitForLog(/decode failed: All subdecoders failed\./); // "reject": every sub failed
    expect(p.pipeline.decoderStats.get('feeder-multi')?.failures).toBe(1);
  });
});

describe('MultiDecoder configuration', () => {
  it('nests: a MultiDecoder can be a sub of another', async () => {
    const p = await start({ subs: ['inner', 'async'], cascade_strategy: 'all' }, ['5'], {
      extra: { inner: { definition: multi, config: { subs: ['brace', 'digits'] } } },
    });
    const [m] = await p.waitFor(1);
    expect(by(m)).toEqual(['digits', 'async']);
  });

  it('stops the subs it made', async () => {
    const before = { ...lifecycle };
    const p = await start({ subs: ['digits', 'brace'] }, ['1']);
    await p.waitFor(1);
    await p.stop();
    stop = undefined;
    expect(lifecycle.created - before.created).toBeGreaterThan(0);
    expect(lifecycle.stopped - before.stopped).toBe(lifecycle.created - before.created);
  });

  it('refuses unknown subs, cycles, an empty list and unknown strategies when it starts', async () => {
    await expect(start({ subs: ['digits', 'nope'] }, [])).rejects.toThrow(
      /subs: cannot make subdecoder 'nope': .*no decoder named 'nope'/,
    );
    await expect(
      start({ subs: ['loop'] }, [], { extra: { loop: { definition: multi, config: { subs: ['multi'] } } } }),
    ).rejects.toThrow(/decoder cycle/);
    await expect(start({ subs: ['multi'] }, [])).rejects.toThrow(/decoder cycle/);
    await expect(start({ subs: [] }, [])).rejects.toThrow(/subs/);
    await expect(start({ subs: ['digits'], cascade_strategy: 'last-wins' }, [])).rejects.toThrow(/cascade_strategy/);
    await expect(start({}, [])).rejects.toThrow(/subs/);
  });
});
