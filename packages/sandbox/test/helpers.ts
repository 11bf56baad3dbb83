/** Test helpers: a sandbox from Lua source written to a real temporary file, with its injections kept. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMessage, type Message } from '@heka/core';
import type { InjectResult, SandboxKind } from '../src/index.js';
import { LuaSandbox, type SandboxOptions } from '../src/index.js';

export interface Injected {
  payload: Uint8Array;
  type: string;
  name: string;
  text: string;
  message?: Message;
}

export const dir = mkdtempSync(join(tmpdir(), 'heka-sandbox-test-'));
let n = 0;

/** Writes a script to a file of its own; returns the path. */
export function script(source: string, name = `s${++n}.lua`): string {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

export interface Made {
  sb: LuaSandbox;
  injected: Injected[];
  path: string;
}

export async function make(
  kind: SandboxKind,
  source: string,
  options: Partial<SandboxOptions> & { answer?: (i: Injected) => InjectResult } = {},
): Promise<Made> {
  const path = options.filename ?? script(source);
  const injected: Injected[] = [];
  const sb = await LuaSandbox.create({
    kind,
    name: 'test',
    filename: path,
    moduleDirectories: [],
    memoryLimit: 8 * 1024 * 1024,
    instructionLimit: 1_000_000,
    outputLimit: 63 * 1024,
    config: {},
    inject: (payload, type, name) => {
      const i: Injected = { payload, type, name, text: Buffer.from(payload).toString('latin1') };
      if (type === '') {
        try {
          i.message = decodeMessage(payload);
        } catch {
          // left undefined: the test looks at the bytes
        }
      }
      injected.push(i);
      return options.answer ? options.answer(i) : 0;
    },
    ...options,
  });
  return { sb, injected, path };
}

/** Runs process_message on `message`; returns [status, lastError]. */
export function run(sb: LuaSandbox, message?: Message): [number, string] {
  sb.setMessage(message);
  const r = sb.processMessage();
  sb.setMessage(undefined);
  return [r, sb.lastError];
}

/** Evaluates Lua `expr` inside process_message and returns what add_to_payload wrote. */
export async function evaluate(kind: SandboxKind, body: string, message?: Message): Promise<string> {
  const m = await make(kind, `function process_message() ${body} return 0 end`);
  const [r, err] = run(m.sb, message);
  if (r !== 0) throw new Error(`status ${r}: ${err}`);
  const out = m.injected.map((i) => i.text).join('');
  m.sb.close();
  return out;
}
