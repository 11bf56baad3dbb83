// Journals: resume after a clean stop without repeats, checkpoints only what was delivered, Heka's format,
// replaced and rotated files while stopped.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { definePlugin, type Message } from '@heka/core';
import { startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { append, lineSplitter, range, runInput, sleep, tempDir, until } from './helpers.js';

const rotating = { file_match: 'app\\.log(\\.(?P<Seq>\\d+))?', priority: ['^Seq'] };
const journalOf = (base: string, name: string) => join(base, 'logstreamer', name);
const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

describe('journals', () => {
  it('resume after a clean stop with nothing repeated and nothing lost', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 50));
    const first = await runInput({ log_directory: dir, ...rotating });
    await first.waitLines(50);
    await first.stop();
    append(log, range('a', 50, 60));
    const second = await runInput({ log_directory: dir, ...rotating }, { base: first.base });
    expect(await second.waitLines(10)).toEqual(range('a', 50, 60));
    await sleep(150);
    expect(second.payloads()).toHaveLength(10);
    await second.stop();
  });

  it("hold Heka's format: file, offset and the SHA-1 of the 500 bytes before it", async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a fairly long line number ', 0, 40));
    const r = await runInput({ log_directory: dir, ...rotating }, { name: 'web' });
    await r.waitLines(40);
    const content = readFileSync(log);
    const expected = `{"seek":${content.length},"file_name":${JSON.stringify(log)},"last_hash":"${sha1(content.subarray(content.length - 500))}"}`;
    await until(
      () => existsSync(journalOf(r.base, 'web')) && readFileSync(journalOf(r.base, 'web'), 'utf8') === expected,
      'the journal',
    );
    await r.stop();
  });

  it('record only positions whose records every output finished with', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('line ', 0, 10));
    let release: () => void = () => undefined;
    const gate = new Promise<void>((res) => (release = res));
    const seen: string[] = [];
    const slowOutput = definePlugin({
      type: 'GateOutput',
      kind: 'output',
      description: 'test: holds every message until released',
      configSchema: { type: 'object', properties: {} },
      create: () => ({
        async process(m: Message) {
          seen.push(m.payload);
          await gate;
        },
      }),
    });
    const base = tempDir();
    const p = await startTestPipeline({
      sections: {
        logs: {
          definition: plugin,
          config: { log_directory: dir, ...rotating, splitter: 'Lines', check_data_interval: '20ms' },
        },
        Lines: { definition: lineSplitter },
        gate: { definition: slowOutput, config: { message_matcher: 'TRUE' } },
      },
      capture: null,
      globals: { baseDir: base },
    });
    await until(() => seen.length === 1, 'the first message at the output');
    await sleep(300);
    expect(existsSync(journalOf(base, 'logs'))).toBe(false);
    release();
    await until(() => existsSync(journalOf(base, 'logs')), 'the journal');
    await until(
      () => JSON.parse(readFileSync(journalOf(base, 'logs'), 'utf8')).seek === readFileSync(log).length,
      'the last offset',
    );
    await p.stop();
  });

  it('detect a file replaced while stopped (same name, other content) and read it from the start', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('old ', 0, 30));
    const first = await runInput({ log_directory: dir, ...rotating });
    await first.waitLines(30);
    await first.stop();
    writeFileSync(
      log,
      range('new ', 0, 40)
        .map((l) => `${l}\n`)
        .join(''),
    );
    const second = await runInput({ log_directory: dir, ...rotating }, { base: first.base });
    expect(await second.waitLines(40)).toEqual(range('new ', 0, 40));
    await second.p.waitForLog(
      /no file has the content of journal position .*app\.log:\d+; reading .*app\.log \(replaced\) from the start/,
    );
    await second.stop();
  });

  it('follow files that rotations renamed while stopped', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 30));
    const first = await runInput({
      log_directory: dir,
      file_match: 'app\\.log(\\.(?P<Seq>\\d+))?(\\.gz)?',
      priority: ['^Seq'],
    });
    await first.waitLines(30);
    await first.stop();
    append(log, range('a', 30, 40));
    renameSync(log, `${log}.1`);
    append(log, range('b', 0, 5));
    const second = await runInput(
      { log_directory: dir, file_match: 'app\\.log(\\.(?P<Seq>\\d+))?(\\.gz)?', priority: ['^Seq'] },
      { base: first.base },
    );
    expect(await second.waitLines(15)).toEqual([...range('a', 30, 40), ...range('b', 0, 5)]);
    await second.stop();
    // Rotated again while stopped: the journaled file is now app.log.1.
    append(log, range('b', 5, 8));
    const plain = readFileSync(`${log}.1`);
    renameSync(log, `${log}.2.tmp`);
    writeFileSync(`${log}.2.gz`, gzipSync(plain));
    renameSync(`${log}.1`, `${log}.1.old`);
    renameSync(`${log}.2.tmp`, `${log}.1`);
    append(log, range('c', 0, 2));
    const third = await runInput(
      { log_directory: dir, file_match: 'app\\.log(\\.(?P<Seq>\\d+))?(\\.gz)?', priority: ['^Seq'] },
      { base: first.base },
    );
    expect(await third.waitLines(5)).toEqual([...range('b', 5, 8), ...range('c', 0, 2)]);
    await third.stop();
  });

  it('resume inside a gzip file by decompressing up to the position', async () => {
    const dir = tempDir();
    const lines = range('gz line ', 0, 200);
    const text = Buffer.from(lines.map((l) => `${l}\n`).join(''));
    writeFileSync(join(dir, 'app.log.1.gz'), gzipSync(text));
    append(join(dir, 'app.log'), ['current']);
    const base = tempDir();
    const seek = text.indexOf('gz line 150\n');
    mkdirSync(join(base, 'logstreamer'));
    writeFileSync(
      journalOf(base, 'logs'),
      JSON.stringify({ seek, file_name: join(dir, 'app.log.1.gz'), last_hash: sha1(text.subarray(seek - 500, seek)) }),
    );
    const r = await runInput(
      { log_directory: dir, file_match: 'app\\.log(\\.(?P<Seq>\\d+)\\.gz)?', priority: ['^Seq'] },
      { base },
    );
    expect(await r.waitLines(51)).toEqual([...lines.slice(150), 'current']);
    await r.stop();
  });

  it('start from the oldest file with a corrupt journal, saying so', async () => {
    const dir = tempDir();
    append(join(dir, 'app.log'), ['x', 'y']);
    const base = tempDir();
    mkdirSync(join(base, 'logstreamer'));
    writeFileSync(journalOf(base, 'logs'), '{"seek": 12, "file_na');
    const r = await runInput({ log_directory: dir, ...rotating }, { base });
    expect(await r.waitLines(2)).toEqual(['x', 'y']);
    await r.p.waitForLog(/journal .* is not valid: .*; starting without it/);
    await r.stop();
  });
});
