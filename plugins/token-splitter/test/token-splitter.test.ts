import type { SplitterInstance } from '@heka/core';
import { configProblems, pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { bytes, randomSizes, type StreamFeed, split, text } from './support.js';

async function instance(config: Record<string, unknown> = {}): Promise<SplitterInstance> {
  return (await plugin.create(resolveSection(plugin, 'probe', config).own as never, pluginContext(plugin))) as never;
}

const LINES = 'test1\ntest12\ntest123\npartial';
/** The same data written in many awkward ways, one stream (and splitter instance) each. */
const AWKWARD: readonly (number | number[])[] = [1, 2, 3, 5, 7, 13, [1, 6, 2], randomSizes(7, 50, 9), 10_000];
const awkward = (data: string | Uint8Array): StreamFeed[] => AWKWARD.map((chunks) => ({ data, chunks }));

describe('TokenSplitter findRecord', () => {
  it('returns each line with its delimiter and consumes exactly that much (Heka test vectors)', async () => {
    const s = await instance();
    let buf = bytes(LINES);
    const seen: [number, string][] = [];
    for (let r = s.findRecord(buf); r.record; r = s.findRecord(buf)) {
      seen.push([r.consumed, text(r.record)]);
      buf = buf.subarray(r.consumed);
    }
    expect(seen).toEqual([
      [6, 'test1\n'],
      [7, 'test12\n'],
      [8, 'test123\n'],
    ]);
    expect(s.findRecord(buf)).toEqual({ consumed: 0 });
    expect(text(buf)).toBe('partial');
  });

  it('with count = 4 returns four lines at a time and waits while fewer delimiters are buffered', async () => {
    const s = await instance({ count: 4 });
    const one = `${LINES}\n`;
    let buf = bytes(one.repeat(10).slice(0, -1)); // 40 lines, 39 newlines
    for (let i = 0; i < 9; i++) {
      const r = s.findRecord(buf);
      expect(r.consumed).toBe(one.length);
      expect(text(r.record as Uint8Array)).toBe(one);
      buf = buf.subarray(r.consumed);
    }
    expect(s.findRecord(buf)).toEqual({ consumed: 0 });
  });
});

describe('TokenSplitter in a pipeline', () => {
  it('splits lines the same way whatever the write sizes, dropping the trailing partial line', async () => {
    const run = await split({ splitter: plugin, streams: awkward(LINES) });
    expect(run.payloads).toEqual(AWKWARD.flatMap(() => ['test1\n', 'test12\n', 'test123\n']));
    expect(run.messages[0]?.logger).toBe('feed');
  });

  it('delivers the trailing partial line with deliver_incomplete_final', async () => {
    const run = await split({ splitter: plugin, config: { deliver_incomplete_final: true }, streams: awkward(LINES) });
    expect(run.payloads).toEqual(AWKWARD.flatMap(() => ['test1\n', 'test12\n', 'test123\n', 'partial']));
  });

  it('splits on another byte (tab, NUL, DEL) and keeps it', async () => {
    for (const [delimiter, data, want] of [
      ['\t', 'test1\ttest2\tx', ['test1\t', 'test2\t']],
      ['\u0000', 'a\u0000bc\u0000\u0000d', ['a\u0000', 'bc\u0000', '\u0000']],
      ['\u007f', 'one\u007ftwo\u007f', ['one\u007f', 'two\u007f']],
    ] as const) {
      const run = await split({ splitter: plugin, config: { delimiter }, streams: awkward(data) });
      expect(run.payloads).toEqual(AWKWARD.flatMap(() => want));
    }
  });

  it('groups count delimiters per record; the rest of the stream comes with deliver_incomplete_final', async () => {
    const data = Array.from({ length: 10 }, (_, i) => `line ${i}\n`).join('');
    const run = await split({
      splitter: plugin,
      config: { count: 4, deliver_incomplete_final: true },
      streams: awkward(data),
    });
    const want = ['line 0\nline 1\nline 2\nline 3\n', 'line 4\nline 5\nline 6\nline 7\n', 'line 8\nline 9\n'];
    expect(run.payloads).toEqual(AWKWARD.flatMap(() => want));
  });

  it('treats count = 0 as 1', async () => {
    const run = await split({ splitter: plugin, config: { count: 0 }, streams: awkward('a\nb\nc') });
    expect(run.payloads).toEqual(AWKWARD.flatMap(() => ['a\n', 'b\n']));
  });

  it('delivers a record made of the delimiter alone (an empty line)', async () => {
    const run = await split({ splitter: plugin, streams: awkward('\n\nx\n\n') });
    expect(run.payloads).toEqual(AWKWARD.flatMap(() => ['\n', '\n', 'x\n', '\n']));
  });

  it('keeps UTF-8 text intact when a multi-byte character is split across writes', async () => {
    const run = await split({ splitter: plugin, streams: awkward('héllo wörld\n日本語\n🎉\n') });
    expect(run.payloads).toEqual(AWKWARD.flatMap(() => ['héllo wörld\n', '日本語\n', '🎉\n']));
  });

  it('gives every stream its own splitter: a partial record never joins the next stream', async () => {
    const run = await split({ splitter: plugin, streams: [{ data: 'abc' }, { data: 'def\n' }] });
    expect(run.payloads).toEqual(['def\n']);
  });

  it('splits each datagram on its own; what follows the last token is dropped or, if asked, delivered', async () => {
    const streams: StreamFeed[] = [{ data: 'a\nb\nrest1c\nrest2', chunks: [9, 7], datagrams: true }];
    const plain = await split({ splitter: plugin, streams });
    expect(plain.payloads).toEqual(['a\n', 'b\n', 'c\n']);
    const incomplete = await split({ splitter: plugin, config: { deliver_incomplete_final: true }, streams });
    expect(incomplete.payloads).toEqual(['a\n', 'b\n', 'rest1', 'c\n', 'rest2']);
  });
});

describe('TokenSplitter and the maximum record size', () => {
  const maxMessageSize = 2048;
  const maxRecord = 3 + 255 + maxMessageSize;

  it('delivers a record of exactly the maximum record size', async () => {
    const line = `${'x'.repeat(maxRecord - 1)}\n`;
    const run = await split({ splitter: plugin, maxMessageSize, streams: [{ data: `${line}ok\n`, chunks: 777 }] });
    expect(run.payloads.map((p) => p.length)).toEqual([maxRecord, 3]);
    expect(run.logs.filter((l) => /maximum record size/.test(l))).toEqual([]);
  });

  it('drops a longer record with an error line and carries on with the rest of the stream', async () => {
    const data = `${'y'.repeat(maxRecord + 10)}\nnext\n`;
    const run = await split({ splitter: plugin, maxMessageSize, streams: [{ data, chunks: 333 }] });
    // As in Heka: the first maxRecord bytes are dropped, the tail of the long line is a record of its own.
    expect(run.payloads).toEqual([`${'y'.repeat(10)}\n`, 'next\n']);
    expect(run.logs.some((l) => /exceeds the maximum record size.*dropped/.test(l))).toBe(true);
  });

  it('delivers the first maximum-record-size bytes with keep_truncated', async () => {
    const data = `${'z'.repeat(maxRecord + 10)}\nnext\n`;
    const run = await split({
      splitter: plugin,
      maxMessageSize,
      config: { keep_truncated: true },
      streams: [{ data }],
    });
    expect(run.payloads).toEqual(['z'.repeat(maxRecord), `${'z'.repeat(10)}\n`, 'next\n']);
  });
});

describe('TokenSplitter configuration', () => {
  it('refuses a delimiter that is not exactly one byte, naming the key', async () => {
    for (const delimiter of ['', '\r\n', 'é', '🎉']) {
      await expect(
        startTestPipeline({
          sections: {
            under: { definition: plugin, config: { delimiter } },
          },
          capture: null,
        }),
      ).rejects.toThrow(/\[under\] \(TokenSplitter\) cannot start: delimiter must be exactly one byte/);
    }
  });

  it('refuses a negative or fractional count and a non-string delimiter', () => {
    expect(configProblems(plugin, { count: -1 })).toEqual([expect.stringMatching(/^count: /)]);
    expect(configProblems(plugin, { count: 1.5 })).toEqual([expect.stringMatching(/^count: /)]);
    expect(configProblems(plugin, { delimiter: 10 })).toEqual([expect.stringMatching(/^delimiter: /)]);
  });
});
