// What LogstreamerInput reads and how its messages look, option by option.
import { existsSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type DecoderPack, definePlugin } from '@heka/core';
import { configProblems, pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { append, lineSplitter, range, runInput, sleep, tempDir, until } from './helpers.js';

describe('messages', () => {
  it('have Type logfile, Logger = the logstream name from the differentiator, and the hostname option', async () => {
    const dir = tempDir();
    append(join(dir, 'example.com', 'access.log'), ['GET /a']);
    append(join(dir, 'example.org', 'access.log'), ['GET /b']);
    const r = await runInput({
      log_directory: dir,
      file_match: '(?P<Domain>[^/]+)/access\\.log',
      differentiator: ['nginx.', 'Domain', '.access'],
      hostname: 'web-7',
    });
    await r.waitLines(2);
    const got = r.p.messages.map((m) => [m.type, m.logger, m.hostname, m.payload]).sort();
    expect(got).toEqual([
      ['logfile', 'nginx.example.com.access', 'web-7', 'GET /a\n'],
      ['logfile', 'nginx.example.org.access', 'web-7', 'GET /b\n'],
    ]);
    await r.stop();
  });

  it("use hekad's hostname and the section name by default", async () => {
    const dir = tempDir();
    append(join(dir, 'one.log'), ['x']);
    const r = await runInput({ log_directory: dir, file_match: 'one\\.log' }, { name: 'syslog' });
    await r.waitLines(1);
    expect([r.p.messages[0]?.logger, r.p.messages[0]?.hostname]).toEqual(['syslog', 'testkit']);
    await r.stop();
  });
});

describe('order', () => {
  it('reads rotated files oldest to newest by priority (^ descending), across directories', async () => {
    const dir = tempDir();
    for (const [ym, n] of [
      ['2013/08', 2],
      ['2010/05', 3],
    ] as const) {
      append(join(dir, ym, 'access.log'), [`${ym} current`]);
      for (let i = 1; i <= n; i++) append(join(dir, ym, `access.log.${i}`), [`${ym} rotated ${i}`]);
    }
    const r = await runInput({
      log_directory: dir,
      file_match: '(?P<Year>\\d+)/(?P<Month>\\d+)/access\\.log(\\.(?P<Seq>\\d+))?',
      priority: ['Year', 'Month', '^Seq'],
    });
    expect(await r.waitLines(7)).toEqual([
      '2010/05 rotated 3',
      '2010/05 rotated 2',
      '2010/05 rotated 1',
      '2010/05 current',
      '2013/08 rotated 2',
      '2013/08 rotated 1',
      '2013/08 current',
    ]);
    await r.stop();
  });

  it('translates month names and custom values, and "missing"', async () => {
    const dir = tempDir();
    append(join(dir, 'Feb', 'app.log'), ['feb']);
    append(join(dir, 'january', 'app.log'), ['jan']);
    append(join(dir, 'March', 'app.log'), ['mar']);
    append(join(dir, 'March', 'app-x.log'), ['mar x']);
    const r = await runInput({
      log_directory: dir,
      file_match: '(?P<MonthName>[A-Za-z]+)/app(-(?P<Tag>\\w+))?\\.log',
      priority: ['MonthName', 'Tag'],
      translation: { Tag: { missing: 99 } },
    });
    expect(await r.waitLines(4)).toEqual(['jan', 'feb', 'mar x', 'mar']);
    await r.stop();
  });

  it('ignores files older than oldest_duration', async () => {
    const dir = tempDir();
    append(join(dir, 'app.log.1'), ['old']);
    append(join(dir, 'app.log'), ['new']);
    const old = new Date(Date.now() - 2 * 3600_000);
    utimesSync(join(dir, 'app.log.1'), old, old);
    const r = await runInput({
      log_directory: dir,
      file_match: 'app\\.log(\\.(?P<Seq>\\d+))?',
      priority: ['^Seq'],
      oldest_duration: '1h',
    });
    expect(await r.waitLines(1)).toEqual(['new']);
    await sleep(150);
    expect(r.payloads()).toEqual(['new']);
    await r.stop();
  });

  it('reads gzip files transparently', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'app.log.2.gz'),
      gzipSync(
        Buffer.from(
          range('two ', 0, 1000)
            .map((l) => `${l}\n`)
            .join(''),
        ),
      ),
    );
    append(join(dir, 'app.log.1'), ['one']);
    append(join(dir, 'app.log'), ['zero']);
    const r = await runInput({
      log_directory: dir,
      file_match: 'app\\.log(\\.(?P<Seq>\\d+)(\\.gz)?)?',
      priority: ['^Seq'],
    });
    expect(await r.waitLines(1002)).toEqual([...range('two ', 0, 1000), 'one', 'zero']);
    await r.stop();
  });
});

describe('initial_tail', () => {
  it('starts a logstream without journal at the end of its newest file; later logstreams from their start', async () => {
    const dir = tempDir();
    append(join(dir, 'a.log.1'), ['a old']);
    append(join(dir, 'a.log'), ['a before']);
    const r = await runInput({
      log_directory: dir,
      file_match: '(?P<N>\\w)\\.log(\\.(?P<Seq>\\d+))?',
      differentiator: ['N'],
      priority: ['^Seq'],
      initial_tail: true,
    });
    await sleep(150);
    append(join(dir, 'a.log'), ['a after']);
    append(join(dir, 'b.log'), ['b first']);
    await r.waitLines(2);
    expect(r.payloads().sort()).toEqual(['a after', 'b first']);
    await r.stop();
  });
});

describe('partial lines', () => {
  it('holds a partial last line until its newline arrives', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    writeFileSync(log, 'complete\nhalf a li');
    const r = await runInput({ log_directory: dir, file_match: 'app\\.log' });
    await r.waitLines(1);
    await sleep(150);
    expect(r.payloads()).toEqual(['complete']);
    writeFileSync(log, 'ne\n', { flag: 'a' });
    expect(await r.waitLines(2)).toEqual(['complete', 'half a line']);
    await r.stop();
  });

  it('does not journal past a partial line, so a restart reads it whole', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    writeFileSync(log, 'one\ntw');
    const first = await runInput({ log_directory: dir, file_match: 'app\\.log' });
    await first.waitLines(1);
    await first.stop();
    writeFileSync(log, 'o\n', { flag: 'a' });
    const second = await runInput({ log_directory: dir, file_match: 'app\\.log' }, { base: first.base });
    expect(await second.waitLines(1)).toEqual(['two']);
    await second.stop();
  });

  it('delivers the partial line when the stream ends with deliver_incomplete_final', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'app.log'), 'whole\npartial');
    const r = await runInput(
      { log_directory: dir, file_match: 'app\\.log' },
      { splitter: { deliver_incomplete_final: true } },
    );
    await r.waitLines(1);
    await r.stop();
    expect(r.payloads()).toEqual(['whole', 'partial']);
  });
});

describe('decoding', () => {
  it('counts and logs a record that fails to decode, and loses nothing else', async () => {
    const dir = tempDir();
    append(join(dir, 'app.log'), ['good 1', 'BAD', 'good 2']);
    const picky = definePlugin({
      type: 'PickyDecoder',
      kind: 'decoder',
      description: 'test: refuses payloads starting with BAD',
      configSchema: { type: 'object', properties: {} },
      create: () => ({
        decode(pack: DecoderPack) {
          if (pack.message.payload.startsWith('BAD')) throw new Error('refused a BAD line');
          return pack.message;
        },
      }),
    });
    const base = tempDir();
    const p = await startTestPipeline({
      sections: {
        logs: {
          definition: plugin,
          config: {
            log_directory: dir,
            file_match: 'app\\.log',
            splitter: 'L',
            decoder: 'P',
            check_data_interval: '20ms',
          },
        },
        L: { definition: lineSplitter },
        P: { definition: picky },
      },
      globals: { baseDir: base },
    });
    await p.waitFor(2);
    expect(p.messages.map((m) => m.payload)).toEqual(['good 1\n', 'good 2\n']);
    await p.waitForLog(/decode failed: refused a BAD line/);
    expect(p.pipeline.decoderStats.get('logs-P')?.failures).toBe(1);
    await until(() => existsSync(join(base, 'logstreamer', 'logs')), 'the journal');
    await p.stop();
  });
});

/**
 * The error a config gives at start: hekad fails start-up when an input cannot be created (as Heka's Init),
 * or, in a runtime that retries instead, logs it.
 */
async function startFailure(config: Record<string, unknown>): Promise<string> {
  let p: Awaited<ReturnType<typeof startTestPipeline>>;
  try {
    p = await startTestPipeline({
      sections: { logs: { definition: plugin, config: { ...config, splitter: 'L' } }, L: { definition: lineSplitter } },
    });
  } catch (e) {
    return (e as Error).message;
  }
  try {
    return await p.waitForLog(/logs/);
  } finally {
    await p.stop();
  }
}

describe('configuration', () => {
  it('rejects bad values with a message naming the key', () => {
    expect(configProblems(plugin, { file_match: 'x', rescan_interval: 'often' })[0]).toMatch(/^rescan_interval: /);
    expect(configProblems(plugin, { file_match: 'x', priority: 'Seq' })[0]).toMatch(/^priority: /);
    expect(configProblems(plugin, { file_match: 'x', translation: { Seq: { a: 'one' } } })[0]).toMatch(/^translation/);
    expect(configProblems(plugin, {})[0]).toMatch(/file_match/);
  });

  it('refuses at creation what the schema cannot see, naming the key', async () => {
    const dir = tempDir();
    const create = (table: Record<string, unknown>) =>
      plugin.create(resolveSection(plugin, 'probe', { log_directory: dir, ...table }).own, pluginContext(plugin));
    await expect(create({ file_match: '(?P<Seq' })).rejects.toThrow(/^file_match: /);
    await expect(create({ file_match: '(?P<Seq>\\d)', priority: ['Sequence'] })).rejects.toThrow(
      /^priority: "Sequence" is not a named capture/,
    );
    await expect(create({ file_match: 'x', check_data_interval: '0' })).rejects.toThrow(
      /^check_data_interval: must be greater than zero/,
    );
  });

  it('keeps journals in journal_directory', async () => {
    const dir = tempDir();
    const journals = join(tempDir(), 'my-journals');
    append(join(dir, 'app.log'), ['x']);
    const r = await runInput({ log_directory: dir, file_match: 'app\\.log', journal_directory: journals });
    await r.waitLines(1);
    await until(() => existsSync(join(journals, 'logs')), 'the journal in journal_directory');
    await r.stop();
  });

  it('reports a missing log_directory clearly, naming the key', async () => {
    const dir = join(tempDir(), 'not-there');
    const message = await startFailure({ log_directory: dir, file_match: 'x' });
    expect(message).toContain(`log_directory: "${dir}" does not exist: it must be an existing directory`);
  });

  it('reports several files without a priority', async () => {
    const dir = tempDir();
    append(join(dir, 'a.log'), ['a']);
    append(join(dir, 'a.log.1'), ['b']);
    const message = await startFailure({ log_directory: dir, file_match: 'a\\.log.*' });
    expect(message).toMatch(/Found multiple logfiles without Priority to sort on for name: logs/);
  });
});
