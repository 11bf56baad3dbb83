import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestPipeline } from '@heka/testkit';
import { afterEach } from 'vitest';
import plugin from '../src/index.js';
import { controlledInput, lineEncoder, protobufEncoder } from './helpers.js';

const dirs: string[] = [];
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'file-output-'));
  dirs.push(d);
  return d;
}
/** Removes the temporary directories of a test file's tests (call once per file). */
export function cleanTempDirs(): void {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await sleep(10);
  }
}

export async function pipeline(config: Record<string, unknown>) {
  const feed = controlledInput();
  const p = await startTestPipeline({
    sections: {
      feed: { definition: feed.definition },
      lines: { definition: lineEncoder },
      ProtobufEncoder: { definition: protobufEncoder },
      file: { definition: plugin, config: { message_matcher: "Type == 'test'", encoder: 'lines', ...config } },
    },
    capture: null,
  });
  return { p, send: feed.send };
}
