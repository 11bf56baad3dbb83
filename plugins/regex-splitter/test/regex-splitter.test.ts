import type { SplitterInstance } from '@heka/core';
import { configProblems, pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { bytes, hexDecoder, randomSizes, type StreamFeed, split, text } from './support.js';

async function instance(config: Record<string, unknown> = {}): Promise<SplitterInstance> {
  return (await plugin.create(resolveSection(plugin, 'probe', config).own as never, pluginContext(plugin))) as never;
}

/** Every record findRecord returns for data that is all in the buffer, with what each consumed. */
function drain(s: SplitterInstance, data: string): { records: [number, string][]; rest: string } {
  let buf = bytes(data);
  const records: [number, string][] = [];
  for (let r = s.findRecord(buf); r.record; r = s.findRecord(buf)) {
    records.push([r.consumed, text(r.record)]);
    buf = buf.subarray(r.consumed);
  }
  return { records, rest: text(buf) };
}

const LINES = 'test1\ntest12\ntest123\npartial';
const AWKWARD: readonly (number | number[])[] = [1, 2, 3, 4, 7, [1, 5, 2], randomSizes(11, 60, 8), 100_000];
const awkward = (data: string | Uint8Array): StreamFeed[] => AWKWARD.map((chunks) => ({ data, chunks }));
const each = <T>(per: readonly T[]): T[] => AWKWARD.flatMap(() => per);

describe('RegexSplitter findRecord (Heka test vectors)', () => {
  it('without a capture group removes the delimiter', async () => {
    expect(drain(await instance(), LINES)).toEqual({
      records: [
        [6, 'test1'],
        [7, 'test12'],
        [8, 'test123'],
      ],
      rest: 'partial',
    });
  });

  it('with a capture group and delimiter_eol = true ends the record with the capture', async () => {
    expect(drain(await instance({ delimiter: '(\n)' }), LINES)).toEqual({
      records: [
        [6, 'test1\n'],
        [7, 'test12\n'],
        [8, 'test123\n'],
      ],
      rest: 'partial',
    });
  });

  it('with a capture group and delimiter_eol = false starts the next record with the capture', async () => {
    expect(drain(await instance({ delimiter: '(\n)', delimiter_eol: false }), LINES)).toEqual({
      records: [
        [5, 'test1'],
        [7, '\ntest12'],
        [8, '\ntest123'],
      ],
      rest: '\npartial',
    });
  });

  it('with the capture at the very start (delimiter_eol = false) waits for the next delimiter', async () => {
    const s = await instance({ delimiter: '(\n)', delimiter_eol: false });
    expect(s.findRecord(bytes('\ntest'))).toEqual({ consumed: 0 });
    expect(s.findRecord(bytes('\ntest'))).toEqual({ consumed: 0 });
    const r = s.findRecord(bytes('\ntest\nmore'));
    expect([r.consumed, text(r.record as Uint8Array)]).toEqual([5, '\ntest']);
  });

  it('without a capture, a leading delimiter gives an empty record and moves past it', async () => {
    const s = await instance({ delimiter_eol: false });
    const r = s.findRecord(bytes('\ntest'));
    expect(r.consumed).toBe(1);
    expect(r.record?.length).toBe(0);
    expect(s.findRecord(bytes('test'))).toEqual({ consumed: 0 });
  });

  it('keeps the part of the delimiter before the capture with delimiter_eol = true', async () => {
    expect(drain(await instance({ delimiter: '\n(#)' }), 'a\n#b\n#c')).toEqual({
      records: [
        [3, 'a\n#'],
        [3, 'b\n#'],
      ],
      rest: 'c',
    });
  });

  it('leaves the part of the delimiter after the capture in the next record with delimiter_eol = false', async () => {
    // Heka consumes up to the capture and searches again after it: what follows the capture stays.
    expect(drain(await instance({ delimiter: '(#)\n', delimiter_eol: false }), 'a#\nb#\nc')).toEqual({
      records: [
        [1, 'a'],
        [3, '#\nb'],
      ],
      rest: '#\nc',
    });
  });
});

describe('RegexSplitter in a pipeline', () => {
  it('splits the same way whatever the write sizes', async () => {
    const run = await split({
      splitter: plugin,
      config: { delimiter: '\r?\n' },
      streams: awkward('a\r\nbb\nccc\r\n\r\nd'),
    });
    // The empty record between the two CRLFs is consumed but not delivered.
    expect(run.payloads).toEqual(each(['a', 'bb', 'ccc']));
  });

  it('delivers what is left at the end with deliver_incomplete_final', async () => {
    const run = await split({
      splitter: plugin,
      config: { delimiter: '(\n)', delimiter_eol: false, deliver_incomplete_final: true },
      streams: awkward(LINES),
    });
    expect(run.payloads).toEqual(each(['test1', '\ntest12', '\ntest123', '\npartial']));
  });

  it('splits a MySQL slow query log on its "# User@Host:" lines (Heka documentation example)', async () => {
    const log =
      '# Time: 160524  9:00:00\n# User@Host: app[app] @ db1 []\n# Query_time: 1.5\nSELECT 1;\n' +
      '# User@Host: app[app] @ db2 []\n# Query_time: 2.5\nSELECT 2;\n# User@Host: last';
    const run = await split({
      splitter: plugin,
      config: { delimiter: '\n(# User@Host:)', delimiter_eol: false },
      streams: awkward(log),
    });
    expect(run.payloads).toEqual(
      each([
        '# Time: 160524  9:00:00',
        '# User@Host: app[app] @ db1 []\n# Query_time: 1.5\nSELECT 1;',
        '# User@Host: app[app] @ db2 []\n# Query_time: 2.5\nSELECT 2;',
      ]),
    );
  });

  it('appends the capture to the record with delimiter_eol = true and drops the rest of the delimiter', async () => {
    const run = await split({ splitter: plugin, config: { delimiter: '(;)\n' }, streams: awkward('a;\nb;\n\nc;\nd;') });
    expect(run.payloads).toEqual(each(['a;', 'b;', '\nc;']));
  });

  it('matches characters, not bytes: "." is one UTF-8 character and an invalid byte reads as U+FFFD', async () => {
    const data = new Uint8Array([...bytes('a|éb c|dd |'), 0xff, ...bytes('x|z')]);
    const run = await split({
      splitter: plugin,
      config: { delimiter: '\\|(..)', use_message_bytes: true },
      decoder: { definition: hexDecoder },
      streams: awkward(data),
    });
    const hex = (b: Uint8Array | number[]) =>
      Buffer.from(b instanceof Uint8Array ? b : Uint8Array.from(b)).toString('hex');
    expect(run.payloads).toEqual(each([hex(bytes('a|éb')), hex(bytes(' c|dd')), hex([0x20, 0x7c, 0xff, 0x78])]));
  });

  it('can match the first bytes of a character cut by the end of the buffer, as Go does', async () => {
    // Go reads a truncated sequence as one U+FFFD per byte, which "." matches: Heka behaves the same.
    const s = await instance({ delimiter: '\\|(..)' });
    const emoji = bytes('|🎉');
    const r = s.findRecord(emoji.subarray(0, 3));
    expect([r.consumed, Array.from(r.record as Uint8Array)]).toEqual([3, [0x7c, 0xf0, 0x9f]]);
    expect(s.findRecord(emoji.subarray(0, 2))).toEqual({ consumed: 0 });
  });

  it('finds a non-ASCII delimiter split across writes', async () => {
    const run = await split({
      splitter: plugin,
      config: { delimiter: '\\x{2028}' },
      streams: awkward('één\u2028twee\u2028drie'),
    });
    expect(run.payloads).toEqual(each(['één', 'twee']));
  });

  it('forgets a capture that a new datagram does not start with (Heka would keep skipping its length)', async () => {
    const run = await split({
      splitter: plugin,
      config: { delimiter: '\n(#)', delimiter_eol: false, deliver_incomplete_final: true },
      streams: [{ data: 'x\n#y\n#a\n#b', chunks: [4, 6], datagrams: true }],
    });
    expect(run.payloads).toEqual(['x', '#y', '#a', '#b']);
  });
});

describe('RegexSplitter edge cases', () => {
  const maxMessageSize = 2048;
  const maxRecord = 3 + 255 + maxMessageSize;

  it('delivers a record that fills the buffer with its delimiter, and drops or truncates a longer one', async () => {
    const fits = `${'a'.repeat(maxRecord - 1)}\n`;
    const long = `${'b'.repeat(maxRecord + 5)}\nok\n`;
    const dropped = await split({ splitter: plugin, maxMessageSize, streams: [{ data: fits + long, chunks: 500 }] });
    expect(dropped.payloads.map((p) => p.length)).toEqual([maxRecord - 1, 5, 2]);
    expect(dropped.logs.some((l) => /exceeds the maximum record size.*dropped/.test(l))).toBe(true);
    const kept = await split({
      splitter: plugin,
      maxMessageSize,
      config: { keep_truncated: true },
      streams: [{ data: long, chunks: 500 }],
    });
    expect(kept.payloads).toEqual(['b'.repeat(maxRecord), 'bbbbb', 'ok']);
  });

  it('warns once when the delimiter matches the empty string where no record can be cut', async () => {
    const run = await split({
      splitter: plugin,
      config: { delimiter: 'x*', deliver_incomplete_final: true },
      streams: [{ data: 'abc\ndef\n', chunks: 3 }],
    });
    expect(run.payloads).toEqual(['abc\ndef\n']);
    expect(run.logs.filter((l) => /without consuming anything/.test(l))).toHaveLength(1);
  });

  it('also warns when an empty capture at the start leaves nothing to consume (delimiter_eol = false)', async () => {
    const run = await split({
      splitter: plugin,
      config: { delimiter: '()\n', delimiter_eol: false, deliver_incomplete_final: true },
      streams: [{ data: '\nabc\n' }],
    });
    expect(run.payloads).toEqual(['\nabc\n']);
    expect(run.logs.filter((l) => /without consuming anything/.test(l))).toHaveLength(1);
  });

  it('treats a capture group that took no part in the match as no capture (Heka would crash)', async () => {
    for (const delimiter_eol of [true, false]) {
      const s = await instance({ delimiter: '\n(#)?', delimiter_eol });
      expect(drain(s, 'a\nb\n#c\nd')).toEqual({
        records: delimiter_eol
          ? [
              [2, 'a'],
              [3, 'b\n#'],
              [2, 'c'],
            ]
          : [
              [2, 'a'],
              [2, 'b'],
              [3, '#c'],
            ],
        rest: 'd',
      });
    }
  });
});

describe('RegexSplitter configuration', () => {
  const start = (config: Record<string, unknown>) =>
    startTestPipeline({ sections: { under: { definition: plugin, config } }, capture: null });

  it('refuses an invalid regular expression with RE2 wording, naming the key', async () => {
    await expect(start({ delimiter: '\\y' })).rejects.toThrow(
      '[under] (RegexSplitter) cannot start: delimiter: error parsing regexp: invalid escape sequence: `\\y`',
    );
    await expect(start({ delimiter: '(?<=a)b' })).rejects.toThrow(/delimiter: error parsing regexp/);
  });

  it('refuses more than one capture group; named groups count, non-capturing groups do not', async () => {
    await expect(start({ delimiter: '(\\r)(\\n)' })).rejects.toThrow(
      /delimiter: regex must not contain more than one capture group: \(\\r\)\(\\n\)/,
    );
    await expect(start({ delimiter: '(?P<cr>\\r)(\\n)' })).rejects.toThrow(/more than one capture group/);
    expect(drain(await instance({ delimiter: '(?:\\r)?(?P<nl>\\n)' }), 'a\r\nb')).toEqual({
      records: [[3, 'a\r\n']],
      rest: 'b',
    });
  });

  it('checks option types', () => {
    expect(configProblems(plugin, { delimiter: 1 })).toEqual([expect.stringMatching(/^delimiter: /)]);
    expect(configProblems(plugin, { delimiter_eol: 'no' })).toEqual([expect.stringMatching(/^delimiter_eol: /)]);
  });
});

describe('RegexSplitter on random text', () => {
  /** Random text of ASCII, 2-, 3- and 4-byte characters and delimiters. */
  function randomText(seed: number, length: number): string {
    const pool = ['a', 'b', ' ', 'é', 'ß', '日', '本', '🎉', '\u2028', ';', '\n', ';', '\n'];
    const sizes = randomSizes(seed, length, pool.length);
    return sizes.map((n) => pool[n - 1]).join('');
  }

  it('matches a reference split for every write pattern, with and without a capture', async () => {
    const streams: StreamFeed[] = [];
    const plain: string[] = [];
    const captured: string[] = [];
    for (let seed = 1; seed <= 30; seed++) {
      const data = randomText(seed, 200 + seed * 7);
      streams.push({ data, chunks: randomSizes(seed * 31, 100, 1 + (seed % 17)) });
      const pieces = data.split(/[;\n]/);
      pieces.pop(); // no delimiter after it: never delivered
      plain.push(...pieces.filter((p) => p.length > 0));
      // delimiter_eol = false: each record starts with the previous delimiter.
      const parts = data.split(/(?=[;\n])/);
      parts.pop();
      captured.push(...parts.filter((p) => p.length > 0));
    }
    const a = await split({ splitter: plugin, config: { delimiter: '[;\\n]' }, streams });
    expect(a.payloads).toEqual(plain);
    const b = await split({ splitter: plugin, config: { delimiter: '([;\\n])', delimiter_eol: false }, streams });
    expect(b.payloads).toEqual(captured);
  });
});
