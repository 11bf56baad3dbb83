/** A pipeline with a manager fed by a test input that delivers control and data messages on demand. */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type InputContext, Message, NO_OPTIONS } from '@heka/core';
import { startTestPipeline, type TestPipeline } from '@heka/testkit';
import plugin from '../src/index.js';

export const COUNTER_LUA = `
count = 0
function process_message()
  count = count + 1
  inject_payload("txt", "count", count)
  return 0
end
function timer_event(ns)
end
`;

export const counterToml = (section = 'Counter', extra = ''): string =>
  `[${section}]\ntype = "SandboxFilter"\nmessage_matcher = "Type == 'data'"\n${extra}\n`;

export function tempDir(prefix = 'sbmgr-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function loadMessage(config: string | undefined, lua: string, timestamp?: bigint): Message {
  const m = new Message({ type: 'heka.control.sandbox', logger: 'hekad', payload: lua, timestamp });
  if (config !== undefined) m.addField({ name: 'config', value: config, representation: 'toml' });
  m.addField({ name: 'action', value: 'load' });
  return m;
}

export function unloadMessage(name: string): Message {
  return new Message({
    type: 'heka.control.sandbox',
    logger: 'hekad',
    fields: [
      { name: 'name', value: name },
      { name: 'action', value: 'unload' },
    ],
  });
}

export const data = (n = 1): Message[] => Array.from({ length: n }, () => new Message({ type: 'data' }));

export interface ManagedPipeline extends TestPipeline {
  /** Delivers messages through the test input, in order. */
  send(...messages: Message[]): Promise<void>;
  /** Files in the working directory, sorted. */
  files(): string[];
  dir: string;
  /** Waits until these managed filters run. */
  running(...names: string[]): Promise<void>;
  /** Waits until a captured message satisfies the predicate. */
  waitUntil(pick: (m: Message) => boolean, what: string, timeoutMs?: number): Promise<Message>;
}

const running: TestPipeline[] = [];

export async function stopAll(): Promise<void> {
  await Promise.all(running.splice(0).map((p) => p.stop()));
}

/** Starts input `ctl` and manager `mgr` (own keys and common keys in `config`; max_filters 5 unless given). */
export async function startManager(config: Record<string, unknown>, dir = tempDir()): Promise<ManagedPipeline> {
  let ctx: InputContext | undefined;
  let ready: () => void = () => undefined;
  const started = new Promise<void>((r) => {
    ready = r;
  });
  const input = definePlugin({
    type: 'ControlInput',
    kind: 'input',
    description: 'test: delivers what the test sends',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(c: InputContext) {
        ctx = c;
        ready();
        await new Promise<void>((r) => c.signal.addEventListener('abort', () => r(), { once: true }));
      },
    }),
  });
  // A key given as undefined is left out (its default applies).
  const table = Object.fromEntries(
    Object.entries({ working_directory: dir, max_filters: 5, ...config }).filter(([, v]) => v !== undefined),
  );
  const p = await startTestPipeline({
    sections: {
      ctl: { definition: input },
      mgr: { definition: plugin, config: table },
    },
    capture: "Type =~ /^heka\\./ && Type != 'heka.control.sandbox'",
  });
  running.push(p);
  await started;
  return Object.assign(p, {
    dir,
    async send(...messages: Message[]) {
      for (const m of messages) {
        const r = (ctx as InputContext).deliver(m);
        if (r) await r;
      }
    },
    running: async (...names: string[]) => {
      const start = Date.now();
      while (!names.every((n) => p.pipeline.dynamicFilters.has(n))) {
        if (Date.now() - start > 5000)
          throw new Error(`timed out waiting for ${names.join(', ')}\n${p.logs.join('\n')}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    files: () => (existsSync(dir) ? readdirSync(dir).sort() : []),
    waitUntil: async (pick: (m: Message) => boolean, what: string, timeoutMs = 5000) => {
      const start = Date.now();
      for (;;) {
        const found = p.messages.find(pick);
        if (found) return found;
        if (Date.now() - start > timeoutMs) {
          throw new Error(
            `timed out waiting for ${what}; got ${p.messages.map((m) => `${m.type}: ${m.payload}`).join(' | ')}\n${p.logs.join('\n')}`,
          );
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },
  });
}

export const outputs = (p: TestPipeline, logger: string): string[] =>
  p.messages.filter((m) => m.type === 'heka.sandbox-output' && m.logger === logger).map((m) => m.payload);

export const terminations = (p: TestPipeline): Message[] =>
  p.messages.filter((m) => m.type === 'heka.sandbox-terminated');
