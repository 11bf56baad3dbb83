// Thousands of files in deep directories: every line read, with a bounded number of open files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MAX_OPEN_FILES } from '../src/index.js';
import { openFilesUnder, runInput, sleep, tempDir } from './helpers.js';

it('reads 3000 logstreams in deep directories without holding thousands of files open', async () => {
  const dir = tempDir();
  const streams = 3000;
  const subdir = (i: number) => join(dir, `d${i % 10}`, `e${i % 7}`, `f${i % 13}`, `g${i}`);
  for (let i = 0; i < streams; i++) {
    const sub = subdir(i);
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'app.log'), `s${i} first\ns${i} second\n`);
  }
  const r = await runInput({
    log_directory: dir,
    file_match: '(.*/)?g(?P<N>\\d+)/app\\.log',
    differentiator: ['s', 'N'],
  });
  let peak = 0;
  const sampler = setInterval(() => {
    peak = Math.max(peak, openFilesUnder(dir));
  }, 5);
  try {
    await r.waitLines(streams * 2, 60_000);
    await sleep(100);
    peak = Math.max(peak, openFilesUnder(dir));
    expect(new Set(r.payloads()).size).toBe(streams * 2);
    expect(peak).toBeLessThanOrEqual(MAX_OPEN_FILES + 2); // + the directory the scanner has open
    // Appends to any of them are still noticed.
    writeFileSync(join(subdir(2017), 'app.log'), 's2017 third\n', { flag: 'a' });
    await r.waitLines(streams * 2 + 1);
    expect(r.payloads().at(-1)).toBe('s2017 third');
  } finally {
    clearInterval(sampler);
    await r.stop();
  }
  expect(openFilesUnder(dir)).toBe(0);
}, 90_000);
