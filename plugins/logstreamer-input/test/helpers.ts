// Shared by the behaviour tests: a line splitter (the default TokenSplitter is another package), temp
// directories, a pipeline around one LogstreamerInput, and line bookkeeping.
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { definePlugin, type Message } from '@heka/core';
import { startTestPipeline, type TestPipeline } from '@heka/testkit';
import plugin from '../src/index.js';

export const lineSplitter = definePlugin({
  type: 'LinesSplitter',
  kind: 'splitter',
  description: 'test: newline-terminated records (the newline is kept), like TokenSplitter',
  configSchema: { type: 'object', properties: {} },
  create: () => ({
    findRecord(buf: Uint8Array) {
      const i = buf.indexOf(10);
      return i < 0 ? { consumed: 0 } : { consumed: i + 1, record: buf.subarray(0, i + 1) };
    },
  }),
});

export function tempDir(prefix = 'logstreamer-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Appends lines (each gets a "\n") to a file, creating directories. */
export function append(file: string, lines: readonly string[]): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, lines.map((l) => `${l}\n`).join(''));
}

export const range = (prefix: string, from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

export interface Run {
  p: TestPipeline;
  base: string;
  payloads(): string[];
  waitLines(n: number, timeoutMs?: number): Promise<string[]>;
  stop(): Promise<void>;
}

/** A pipeline with one LogstreamerInput named `name` (journals under `base`). */
export async function runInput(
  config: Record<string, unknown>,
  options: { name?: string; base?: string; splitter?: Record<string, unknown>; capture?: string } = {},
): Promise<Run> {
  const name = options.name ?? 'logs';
  const base = options.base ?? tempDir('logstreamer-base-');
  const p = await startTestPipeline({
    sections: {
      [name]: {
        definition: plugin,
        config: { splitter: 'LinesSplitter', check_data_interval: '20ms', rescan_interval: '100ms', ...config },
      },
      LinesSplitter: { definition: lineSplitter, config: options.splitter ?? {} },
    },
    capture: options.capture ?? 'TRUE',
    globals: { baseDir: base },
  });
  const payloads = () => p.messages.map((m: Message) => m.payload.replace(/\n$/, ''));
  return {
    p,
    base,
    payloads,
    waitLines: async (n, timeoutMs = 10_000) => {
      await p.waitFor(n, timeoutMs);
      return payloads();
    },
    stop: () => p.stop(),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until a condition holds (or fails with `what`). */
export async function until(pred: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!pred()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Open descriptors of this process that are regular files under `dir`. */
export function openFilesUnder(dir: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`).startsWith(dir)) n++;
    } catch {
      // closed meanwhile
    }
  }
  return n;
}
