import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems, readmeExample, startTestPipeline, type TestSection } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { lineSplitter, nullSplitter, upperDecoder } from './helpers.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'file-polling-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const helpers: Record<string, TestSection> = {
  NullSplitter: { definition: nullSplitter },
  lines: { definition: lineSplitter },
  upper: { definition: upperDecoder },
};

function pipeline(config: Record<string, unknown>) {
  return startTestPipeline({
    sections: { ...helpers, poll: { definition: plugin, config: { ticker_interval: 1, ...config } } },
    capture: "Type == 'heka.file.polling'",
  });
}

describe('FilePollingInput', () => {
  it('reads the whole file on every tick into one message with its fields', async () => {
    const file = join(tempDir(), 'stats.txt');
    writeFileSync(file, 'MemTotal: 1 kB\nMemFree: 2 kB\n');
    const started = Date.now();
    const p = await pipeline({ file_path: file });
    try {
      const [m] = await p.waitFor(1, 3000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900); // the first read is one interval after start
      expect(m?.payload).toBe('MemTotal: 1 kB\nMemFree: 2 kB\n');
      expect(m?.type).toBe('heka.file.polling');
      expect(m?.logger).toBe('poll');
      expect(m?.hostname).toBe('testkit');
      expect(m?.fields.map((f) => [f.name, f.valueType, f.representation, f.value])).toEqual([
        ['TickerInterval', 'integer', '', [1]],
        ['FilePath', 'string', '', [file]],
      ]);
      writeFileSync(file, 'changed\n');
      const [, second] = await p.waitFor(2, 3000);
      expect(second?.payload).toBe('changed\n');
    } finally {
      await p.stop();
    }
  });

  it('logs a missing file, keeps polling and reads it once it exists', async () => {
    const file = join(tempDir(), 'later.txt');
    const p = await pipeline({ file_path: file });
    try {
      const line = await p.waitForLog(/Error opening file/, 3000);
      expect(line).toContain(`Error opening file: open ${file}: no such file or directory`);
      expect(p.messages).toHaveLength(0);
      writeFileSync(file, 'here now');
      const [m] = await p.waitFor(1, 3000);
      expect(m?.payload).toBe('here now');
      expect(p.fatal).toBeUndefined();
    } finally {
      await p.stop();
    }
  });

  it('logs a read error for a directory and goes on', async () => {
    const dir = join(tempDir(), 'a-directory');
    mkdirSync(dir);
    const p = await pipeline({ file_path: dir });
    try {
      const line = await p.waitForLog(/Error reading file/, 3000);
      expect(line).toContain(`Error reading file: read ${dir}: is a directory`);
      expect(p.fatal).toBeUndefined();
    } finally {
      await p.stop();
    }
  });

  it('sends no message for an empty file', async () => {
    const file = join(tempDir(), 'empty.txt');
    writeFileSync(file, '');
    const p = await pipeline({ file_path: file });
    try {
      await new Promise((r) => setTimeout(r, 1500));
      expect(p.messages).toHaveLength(0);
      expect(p.logs.filter((l) => /ERROR/.test(l))).toEqual([]);
    } finally {
      await p.stop();
    }
  });

  it("uses the input's splitter: a line splitter makes one message per line, across reads", async () => {
    const file = join(tempDir(), 'big.txt');
    // 3000 lines of 30 bytes: 90 000 bytes, more than one 64 KiB read.
    const lines = Array.from({ length: 3000 }, (_, i) => `line ${String(i).padStart(23, '0')}\n`);
    writeFileSync(file, lines.join(''));
    const p = await pipeline({ file_path: file, splitter: 'lines' });
    try {
      const got = await p.waitFor(3000, 5000);
      expect(got.slice(0, 3000).map((m) => m.payload)).toEqual(lines);
      expect(got[0]?.getFieldValue('FilePath')).toBe(file);
    } finally {
      await p.stop();
    }
  });

  it('passes records through its decoder; a record that fails is logged and counted, the rest go on', async () => {
    const file = join(tempDir(), 'mixed.txt');
    writeFileSync(file, 'good one\nbad one\nanother good\n');
    const p = await pipeline({ file_path: file, splitter: 'lines', decoder: 'upper' });
    try {
      const got = await p.waitFor(2, 3000);
      expect(got.slice(0, 2).map((m) => m.payload)).toEqual(['GOOD ONE\n', 'ANOTHER GOOD\n']);
      expect(p.logs.some((l) => l.includes('decode failed: cannot decode "bad one\\n"'))).toBe(true);
      expect(p.pipeline.decoderStats.get('poll-upper')?.failures).toBeGreaterThanOrEqual(1);
    } finally {
      await p.stop();
    }
  });

  it('never reads with ticker_interval = 0, says so, and stops promptly', async () => {
    const file = join(tempDir(), 'never.txt');
    writeFileSync(file, 'x');
    const p = await pipeline({ file_path: file, ticker_interval: 0 });
    try {
      await p.waitForLog(/ticker_interval is 0: the file is never read/, 2000);
      await new Promise((r) => setTimeout(r, 300));
      expect(p.messages).toHaveLength(0);
    } finally {
      const t0 = Date.now();
      await p.stop();
      expect(Date.now() - t0).toBeLessThan(1000);
    }
  });

  it('requires file_path, naming the key', () => {
    expect(configProblems(plugin, {})).toEqual([
      "file_path: missing required key 'file_path' (The file read on every tick.)",
    ]);
    expect(configProblems(plugin, { file_path: '' })[0]).toMatch(/^file_path: /);
    expect(configProblems(plugin, { file_path: 5 })[0]).toMatch(/^file_path: must be a string/);
    expect(configProblems(plugin, { file_path: '/x', ticker_interval: -1 })[0]).toMatch(/^ticker_interval: /);
    expect(configProblems(plugin, { file_path: '/x' })).toEqual([]);
  });

  it('has a README example that configures it validly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const { type: _type, ...config } = readmeExample(readme).sections.MemStats as Record<string, unknown>;
    expect(configProblems(plugin, config)).toEqual([]);
  });

  it('defaults ticker_interval to 5 seconds', () => {
    expect(plugin.commonDefaults).toEqual({ ticker_interval: 5 });
  });
});
