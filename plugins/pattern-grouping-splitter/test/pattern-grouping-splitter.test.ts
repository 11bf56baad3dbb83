import type { SplitterInstance } from '@heka/core';
import { configProblems, pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { bytes, randomSizes, type StreamFeed, split, text } from './support.js';

async function instance(config: Record<string, unknown> = {}): Promise<SplitterInstance> {
  return (await plugin.create(resolveSection(plugin, 'probe', config).own as never, pluginContext(plugin))) as never;
}

/** The records findRecord returns when all the data is in the buffer at once. */
function drain(s: SplitterInstance, data: string | Uint8Array): { records: string[]; rest: string } {
  let buf = typeof data === 'string' ? bytes(data) : data;
  const records: string[] = [];
  for (let r = s.findRecord(buf); r.record; r = s.findRecord(buf)) {
    expect(r.consumed).toBe(r.record.length); // delimiters are always kept: nothing is consumed unseen
    records.push(text(r.record));
    buf = buf.subarray(r.consumed);
  }
  return { records, rest: text(buf) };
}

const JAVA = {
  grouping: '(^[\\w.$]+(Exception|Error)\\b)|(^\\s+at \\S+\\(\\S*\\))|(^\\s+\\.\\.\\. \\d+ more)|(^Caused by: )',
};
const TRACE =
  'java.lang.IllegalStateException: queue closed\n' +
  '\tat com.example.Queue.put(Queue.java:41)\n' +
  '\tat com.example.Worker.run(Worker.java:12)\n' +
  'Caused by: java.io.IOException: broken pipe\n' +
  '\tat com.example.Net.write(Net.java:88)\n' +
  '\t... 3 more\n';
const LOG = `2016-05-24 10:00:00 INFO starting\n${TRACE}2016-05-24 10:00:01 INFO retrying\n2016-05-24 10:00:02 INFO`;

describe('PatternGroupingSplitter findRecord', () => {
  it('keeps a stack trace together and every other line apart, delimiters included', async () => {
    expect(drain(await instance(JAVA), LOG)).toEqual({
      records: ['2016-05-24 10:00:00 INFO starting\n', TRACE, '2016-05-24 10:00:01 INFO retrying\n'],
      rest: '2016-05-24 10:00:02 INFO',
    });
  });

  it('returns empty lines one by one', async () => {
    expect(drain(await instance(JAVA), '\n\n')).toEqual({ records: ['\n', '\n'], rest: '' });
  });

  it('emits a grouping line by itself when it is the only complete line buffered (as Heka does)', async () => {
    const s = await instance(JAVA);
    const r = s.findRecord(bytes('java.lang.Error: x\n\tat a.b(C.java:1)'));
    expect(text(r.record as Uint8Array)).toBe('java.lang.Error: x\n');
  });

  it("tests the second line together with the first, as Heka's loop does", async () => {
    // The first test of the loop covers lines 1 and 2 at once: line 2 joins whatever it is.
    expect(drain(await instance(JAVA), 'java.lang.Error: x\nunrelated\nunrelated too\nend\n')).toEqual({
      records: ['java.lang.Error: x\nunrelated\n', 'unrelated too\n', 'end\n'],
      rest: '',
    });
  });

  it('joins at most max_lines lines; the default grouping "" joins every line', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}\n`);
    expect(drain(await instance({ max_lines: 3 }), lines.join('')).records).toEqual([
      lines.slice(0, 3).join(''),
      lines.slice(3, 6).join(''),
      lines.slice(6, 9).join(''),
      lines[9],
    ]);
    const many = Array.from({ length: 150 }, (_, i) => `l${i}\n`);
    expect(drain(await instance(), many.join('')).records).toEqual([
      many.slice(0, 99).join(''),
      many.slice(99).join(''),
    ]);
    expect(drain(await instance({ max_lines: -1 }), many.join('')).records).toEqual([many.join('')]);
  });

  it('keeps a multi-character delimiter and reads text as UTF-8 characters', async () => {
    const s = await instance({ delimiter: '\r\n', grouping: '^\\s' });
    expect(drain(s, 'héllo\r\n 日本\r\n 🎉\r\nnext\r\n')).toEqual({
      records: ['héllo\r\n', ' 日本\r\n 🎉\r\n', 'next\r\n'],
      rest: '',
    });
  });

  it('skips an empty delimiter match right after a match, as Go does', async () => {
    // In "xab", "x*" matches "x", then "" right after it (skipped), then "" at 2 and at 3. Keeping the
    // skipped match would end the record after "x" instead of after "xa".
    const s = await instance({ delimiter: 'x*', grouping: '^x' });
    const r = s.findRecord(bytes('xab'));
    expect([r.consumed, text(r.record as Uint8Array)]).toEqual([2, 'xa']);
  });
});

describe('PatternGroupingSplitter in a pipeline', () => {
  it('groups traces in data that arrives in one piece', async () => {
    const run = await split({ splitter: plugin, config: JAVA, streams: [{ data: LOG }] });
    expect(run.payloads).toEqual(['2016-05-24 10:00:00 INFO starting\n', TRACE, '2016-05-24 10:00:01 INFO retrying\n']);
  });

  it('loses nothing and cuts only after a delimiter, whatever the write sizes', async () => {
    const sizes: (number | number[])[] = [1, 2, 3, 7, 64, randomSizes(5, 80, 40), randomSizes(9, 80, 200)];
    const streams: StreamFeed[] = sizes.map((chunks) => ({ data: LOG.repeat(5), chunks }));
    const run = await split({
      splitter: plugin,
      config: { ...JAVA, max_lines: 4, deliver_incomplete_final: true },
      streams,
    });
    let at = 0;
    for (const chunks of sizes) {
      const records: string[] = [];
      let joined = '';
      while (joined.length < LOG.length * 5) {
        const r = run.payloads[at++] as string;
        records.push(r);
        joined += r;
      }
      expect(joined, `writes of ${JSON.stringify(chunks)}`).toBe(LOG.repeat(5));
      for (const r of records.slice(0, -1)) {
        expect(r.endsWith('\n')).toBe(true);
        expect(r.split('\n').length - 1).toBeLessThanOrEqual(4);
      }
    }
    expect(at).toBe(run.payloads.length);
  });

  it('sees one line at a time when lines arrive one byte at a time (Heka groups only what one read holds)', async () => {
    const run = await split({ splitter: plugin, config: JAVA, streams: [{ data: TRACE, chunks: 1 }] });
    expect(run.payloads).toEqual(TRACE.split(/(?<=\n)/));
  });

  it('delivers the trailing partial line only with deliver_incomplete_final', async () => {
    const plain = await split({ splitter: plugin, config: JAVA, streams: [{ data: LOG, chunks: 9 }] });
    expect(plain.payloads.at(-1)).toBe('2016-05-24 10:00:01 INFO retrying\n');
    const final = await split({
      splitter: plugin,
      config: { ...JAVA, deliver_incomplete_final: true },
      streams: [{ data: LOG, chunks: 9 }],
    });
    expect(final.payloads.at(-1)).toBe('2016-05-24 10:00:02 INFO');
  });

  it('cannot cut a group longer than the maximum record size: dropped, or truncated with keep_truncated', async () => {
    const maxMessageSize = 2048;
    const maxRecord = 3 + 255 + maxMessageSize;
    const line = `${'x'.repeat(99)}\n`;
    const data = `${line.repeat(30)}tail\n`; // 3000 bytes of grouping lines, then more
    const config = { grouping: '^x', max_lines: -1 };
    const dropped = await split({ splitter: plugin, maxMessageSize, config, streams: [{ data }] });
    expect(dropped.logs.some((l) => /exceeds the maximum record size/.test(l))).toBe(false);
    // All 30 lines fit the buffer only partly, so each pass emits what it holds: nothing is lost.
    expect(dropped.payloads.join('')).toBe(data);
    expect(Math.max(...dropped.payloads.map((p) => p.length))).toBeLessThanOrEqual(maxRecord);
    const exact = `${'e'.repeat(maxRecord - 1)}\n`;
    const fits = await split({
      splitter: plugin,
      maxMessageSize,
      config: JAVA,
      streams: [{ data: `${exact}ok\n`, chunks: 999 }],
    });
    expect(fits.payloads).toEqual([exact, 'ok\n']);
    const long = `${'y'.repeat(maxRecord + 5)}\nok\n`;
    const truncated = await split({
      splitter: plugin,
      maxMessageSize,
      config: { keep_truncated: true },
      streams: [{ data: long, chunks: 700 }],
    });
    // The default grouping "" matches every line: the rest of the long line and "ok" form one record.
    expect(truncated.payloads).toEqual(['y'.repeat(maxRecord), 'yyyyy\nok\n']);
  });

  it("warns once and waits when Heka's algorithm can never cut the data", async () => {
    const run = await split({
      splitter: plugin,
      config: { grouping: '!\\n$', deliver_incomplete_final: true },
      streams: [{ data: 'a!\nb\nc\n' }],
    });
    expect(run.payloads).toEqual(['a!\nb\nc\n']);
    expect(run.logs.filter((l) => /matches the first line but not the first two lines/.test(l))).toHaveLength(1);
  });
});

describe('PatternGroupingSplitter configuration', () => {
  const start = (config: Record<string, unknown>) =>
    startTestPipeline({ sections: { under: { definition: plugin, config } }, capture: null });

  it('refuses invalid expressions and max_lines = 0, naming the key', async () => {
    await expect(start({ delimiter: '(' })).rejects.toThrow(
      '[under] (PatternGroupingSplitter) cannot start: delimiter: error parsing regexp: missing closing ): `(`',
    );
    await expect(start({ grouping: 'a**' })).rejects.toThrow(
      /grouping: error parsing regexp: invalid nested repetition/,
    );
    await expect(start({ max_lines: 0 })).rejects.toThrow(/max_lines: must not be 0/);
  });

  it('checks option types', () => {
    expect(configProblems(plugin, { max_lines: 2.5 })).toEqual([expect.stringMatching(/^max_lines: /)]);
    expect(configProblems(plugin, { grouping: true })).toEqual([expect.stringMatching(/^grouping: /)]);
  });
});
