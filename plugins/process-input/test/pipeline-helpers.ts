import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Message } from '@heka/core';
import { startTestPipeline, type TestSection } from '@heka/testkit';
import { afterEach } from 'vitest';
import plugin from '../src/index.js';
import { lineSplitter, nullSplitter, upperDecoder } from './helpers.js';

const node = process.execPath;
const dirs: string[] = [];
export function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'process-input-'));
  dirs.push(d);
  return d;
}
/** Removes the temporary directories of a test file's tests (call once per file). */
export function cleanTempDirs(): void {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
}

const helpers: Record<string, TestSection> = {
  NullSplitter: { definition: nullSplitter },
  lines: { definition: lineSplitter },
  lines_final: { definition: lineSplitter, config: { deliver_incomplete_final: true } },
  upper: { definition: upperDecoder },
};

export type Cmd = { bin: string; args?: string[]; env?: string[]; directory?: string };
export const commands = (...list: Cmd[]) => Object.fromEntries(list.map((c, i) => [String(i), c]));
export const sh = (script: string): Cmd => ({ bin: '/bin/sh', args: ['-c', script] });
export const nodeScript = (script: string): Cmd => ({ bin: node, args: ['-e', script] });

/** One run at start (immediate_start), then none for a minute, unless the config says otherwise. */
export function pipeline(config: Record<string, unknown>) {
  return startTestPipeline({
    sections: {
      ...helpers,
      proc: { definition: plugin, config: { ticker_interval: 60, immediate_start: true, ...config } },
    },
    capture: "Type == 'ProcessInput'",
  });
}

export const fields = (m: Message | undefined) =>
  Object.fromEntries(
    (m?.fields ?? []).map((f) => [f.name, f.valueType === 'integer' ? Number(f.value[0]) : f.value[0]]),
  );
