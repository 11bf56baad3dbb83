import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanTempDirs, pipeline, read, sleep, tempDir, until } from './pipeline-helpers.js';

cleanTempDirs();

describe('FileOutput flush rules', () => {
  it('AND (default): waits for flush_count messages and for flush_interval to have passed', async () => {
    const path = join(tempDir(), 'and.log');
    const { p, send } = await pipeline({ path, flush_count: 3, flush_interval: 1000 });
    try {
      send('1', '2');
      await sleep(1300); // the interval passed, but only 2 of 3 messages
      expect(read(path)).toBe('');
      send('3'); // count reached after the interval: written at once, not at the next tick (+700 ms)
      await until(() => read(path) === '1\n2\n3\n', 500);
      send('4', '5', '6'); // count reached, but the interval restarted with the last write
      await sleep(300);
      expect(read(path)).toBe('1\n2\n3\n');
      await until(() => read(path) === '1\n2\n3\n4\n5\n6\n', 2000); // the timer writes them
    } finally {
      await p.stop();
    }
  });

  it('OR: writes when flush_count messages are buffered, or when flush_interval passes', async () => {
    const path = join(tempDir(), 'or.log');
    const { p, send } = await pipeline({ path, flush_count: 3, flush_interval: 1000, flush_operator: 'OR' });
    try {
      send('1', '2', '3');
      await until(() => read(path) === '1\n2\n3\n', 600); // by count, before the interval
      send('4');
      await sleep(300);
      expect(read(path)).toBe('1\n2\n3\n');
      await until(() => read(path) === '1\n2\n3\n4\n', 2000); // by the interval
    } finally {
      await p.stop();
    }
  });

  it('flush_interval = 0 turns the timer off: only flush_count writes', async () => {
    const path = join(tempDir(), 'count.log');
    const { p, send } = await pipeline({ path, flush_count: 2, flush_interval: 0 });
    try {
      send('1');
      await sleep(300);
      expect(read(path)).toBe('');
      send('2');
      await until(() => read(path) === '1\n2\n');
    } finally {
      await p.stop();
    }
  });

  it('default (flush_count 1, AND, 1000 ms): at most one write per second, nothing lost', async () => {
    const path = join(tempDir(), 'default.log');
    const { p, send } = await pipeline({ path });
    try {
      send('a');
      await sleep(300);
      expect(read(path)).toBe(''); // one message, but the first interval has not passed
      await until(() => read(path) === 'a\n', 1500);
      send('b'); // the interval restarted: the timer writes it
      await until(() => read(path) === 'a\nb\n', 1500);
    } finally {
      await p.stop();
    }
  });

  it('keeps many messages in order', async () => {
    const path = join(tempDir(), 'many.log');
    const { p, send } = await pipeline({ path, flush_count: 100, flush_operator: 'OR', flush_interval: 50 });
    const all = Array.from({ length: 5000 }, (_, i) => `message ${i}`);
    send(...all);
    await until(() => read(path).split('\n').length === 5001, 5000);
    await p.stop();
    expect(read(path)).toBe(`${all.join('\n')}\n`);
  });
});
