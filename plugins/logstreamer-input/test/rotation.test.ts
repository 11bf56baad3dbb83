// Rotation by rename and by copy-truncate, appends and new files: every line exactly once, in order.
import { copyFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { append, type Run, range, runInput, sleep, tempDir } from './helpers.js';

const rotating = { file_match: 'app\\.log(\\.(?P<Seq>\\d+))?', priority: ['^Seq'] };
let run: Run | undefined;
afterEach(async () => {
  await run?.stop();
  run = undefined;
});

describe('rotation by rename', () => {
  it('reads lines written just before the rename, then the new file', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 100));
    run = await runInput({ log_directory: dir, ...rotating });
    await run.waitLines(100);
    // Written after the last read, then rotated before the input looks again (all synchronous).
    append(log, range('a', 100, 150));
    renameSync(log, `${log}.1`);
    append(log, range('b', 0, 50));
    expect(await run.waitLines(200)).toEqual([...range('a', 0, 150), ...range('b', 0, 50)]);
    await sleep(200);
    expect(run.payloads()).toHaveLength(200);
  });

  it('keeps reading the renamed file until the new one gets data', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 10));
    run = await runInput({ log_directory: dir, ...rotating });
    await run.waitLines(10);
    renameSync(log, `${log}.1`);
    writeFileSync(log, '');
    await sleep(150); // the input sees an empty new file
    append(`${log}.1`, range('a', 10, 20)); // the writer has not reopened yet
    await run.waitLines(20);
    append(log, range('b', 0, 10));
    expect(await run.waitLines(30)).toEqual([...range('a', 0, 20), ...range('b', 0, 10)]);
  });

  it('loses and repeats nothing through many rotations under a steady writer', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, []);
    run = await runInput({ log_directory: dir, ...rotating });
    let n = 0;
    for (let rotation = 0; rotation < 8; rotation++) {
      for (let burst = 0; burst < 5; burst++) {
        append(log, range('l', n, n + 37));
        n += 37;
        await sleep(7);
      }
      // Every rotated file is kept: a reader that lags behind must still find each one.
      for (let i = rotation; i >= 1; i--) renameSync(`${log}.${i}`, `${log}.${i + 1}`);
      renameSync(log, `${log}.1`);
      append(log, range('l', n, n + 3));
      n += 3;
    }
    await run.waitLines(n, 5_000).catch(() => undefined);
    const got = new Set(run.payloads());
    expect(
      range('l', 0, n).filter((l) => !got.has(l)),
      run.p.logs.join('\n'),
    ).toEqual([]);
    expect(run.payloads()).toEqual(range('l', 0, n));
    await sleep(200);
    expect(run.payloads()).toHaveLength(n);
  });
  it('reads a rotated file that was deleted at once to its end, then the new file', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 10));
    run = await runInput({ log_directory: dir, ...rotating });
    await run.waitLines(10);
    append(log, range('a', 10, 20));
    renameSync(log, `${log}.1`);
    rmSync(`${log}.1`); // rotate = 0: the old file is gone, but the input still holds it open
    append(log, range('b', 0, 5));
    expect(await run.waitLines(25)).toEqual([...range('a', 0, 20), ...range('b', 0, 5)]);
  });
});

describe('rotation by copy-truncate', () => {
  it('reads the unread rest from the copy, then the truncated file from its start', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 100));
    run = await runInput({ log_directory: dir, ...rotating });
    await run.waitLines(100);
    append(log, range('a', 100, 150));
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    append(log, range('b', 0, 5));
    expect(await run.waitLines(155)).toEqual([...range('a', 0, 150), ...range('b', 0, 5)]);
  });

  it('notices the truncation even when the file grew past the old position before the next check', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 20));
    run = await runInput({ log_directory: dir, ...rotating });
    await run.waitLines(20);
    append(log, range('a', 20, 30));
    copyFileSync(log, `${log}.1`);
    truncateSync(log, 0);
    append(log, range('b-a-much-longer-line-', 0, 60));
    expect(await run.waitLines(90)).toEqual([...range('a', 0, 30), ...range('b-a-much-longer-line-', 0, 60)]);
  });

  it('reads a file truncated without a copy again from its start', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, range('a', 0, 20));
    run = await runInput({ log_directory: dir, ...rotating });
    await run.waitLines(20);
    truncateSync(log, 0);
    append(log, range('b', 0, 3));
    expect(await run.waitLines(23)).toEqual([...range('a', 0, 20), ...range('b', 0, 3)]);
    await run.p.waitForLog(/app\.log was truncated or replaced at offset \d+ and no rotated copy/);
  });
});

describe('noticing new data', () => {
  it('notices appends within check_data_interval', async () => {
    const dir = tempDir();
    const log = join(dir, 'app.log');
    append(log, ['first']);
    // No rescan during the test: only the data check can find the appends. The bound leaves room for a
    // loaded machine; the default (250ms) check would still be within it, a missed check would not.
    run = await runInput({ log_directory: dir, ...rotating, check_data_interval: '50ms', rescan_interval: '1h' });
    await run.waitLines(1);
    for (let i = 0; i < 5; i++) {
      await sleep(37);
      const t0 = Date.now();
      append(log, [`line ${i}`]);
      await run.waitLines(2 + i);
      expect(Date.now() - t0).toBeLessThan(50 + 700);
    }
  });

  it('notices a new logstream within rescan_interval', async () => {
    const dir = tempDir();
    append(join(dir, 'one.log'), ['one']);
    run = await runInput({
      log_directory: dir,
      file_match: '(.*/)?(?P<Name>\\w+)\\.log',
      differentiator: ['svc-', 'Name'],
      rescan_interval: '300ms',
      check_data_interval: '1h',
    });
    await run.waitLines(1);
    const t0 = Date.now();
    append(join(dir, 'sub', 'dir', 'two.log'), ['two']);
    expect(await run.waitLines(2)).toEqual(['one', 'two']);
    expect(Date.now() - t0).toBeLessThan(300 + 1200);
    expect(run.p.messages.map((m) => m.logger)).toEqual(['svc-one', 'svc-two']);
  });

  it('moves on to a new dated file of the same logstream found by a rescan', async () => {
    const dir = tempDir();
    append(join(dir, 'app-20240101.log'), ['d1']);
    run = await runInput({
      log_directory: dir,
      file_match: 'app-(?P<Date>\\d+)\\.log',
      priority: ['Date'],
      rescan_interval: '150ms',
    });
    await run.waitLines(1);
    append(join(dir, 'app-20240101.log'), ['d1 late']);
    append(join(dir, 'app-20240102.log'), ['d2']);
    expect(await run.waitLines(3)).toEqual(['d1', 'd1 late', 'd2']);
  });

  it('notices a new empty file once it gets data', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.log'), '');
    run = await runInput({ log_directory: dir, file_match: 'empty\\.log' });
    await sleep(300);
    expect(run.payloads()).toEqual([]);
    append(join(dir, 'empty.log'), ['at last']);
    expect(await run.waitLines(1)).toEqual(['at last']);
  });
});
