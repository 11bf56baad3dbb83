/**
 * Real pipelines for plugin tests: the runtime's own Pipeline, configured from definitions and plain
 * config tables, plus a capture output that keeps what it receives. Nothing is mocked.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, type Message, NO_OPTIONS, type PluginDefinition } from '@heka/core';
import { createLogger, type Globals, Pipeline, type PipelinePlan, type PlannedPlugin } from '@heka/runtime';
import { defaultGlobals } from '@heka/runtime/config';
import { resolveSection } from './resolve.js';

export interface TestSection {
  definition: PluginDefinition;
  /** The section's keys as they would be written in TOML (own keys and common keys). */
  config?: Record<string, unknown>;
}

export interface TestPipelineOptions {
  /** By section name. */
  sections: Record<string, TestSection>;
  /** Adds a capture output with this message_matcher (default "TRUE"); null for none. */
  capture?: string | null;
  globals?: Partial<Globals>;
}

export interface TestPipeline {
  pipeline: Pipeline;
  /** Messages the capture output received, in order. */
  readonly messages: Message[];
  /** Log lines hekad and the plugins wrote. */
  readonly logs: string[];
  /** Resolves once `count` messages were captured (rejects after the timeout, with the logs). */
  waitFor(count: number, timeoutMs?: number): Promise<Message[]>;
  /** Resolves once a log line matches. */
  waitForLog(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Graceful shutdown (every accepted message is processed first). */
  stop(): Promise<void>;
  /** The exit code and reason when the pipeline decided to shut down by itself. */
  readonly fatal: { code: number; reason: string } | undefined;
}

function captureOutput(into: Message[]): PluginDefinition {
  return definePlugin({
    type: 'TestkitCaptureOutput',
    kind: 'output',
    description: 'keeps every message it receives (testkit)',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message) {
        into.push(m);
      },
    }),
  });
}

function poll<T>(get: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      const v = get();
      if (v !== undefined) resolve(v);
      else if (Date.now() - start > timeoutMs) reject(new Error(what()));
      else setTimeout(check, 5);
    };
    check();
  });
}

/** Builds and starts a pipeline; throws the config errors hekad would report. */
export async function startTestPipeline(options: TestPipelineOptions): Promise<TestPipeline> {
  const messages: Message[] = [];
  const logs: string[] = [];
  const sections: Record<string, TestSection> = { ...options.sections };
  if (options.capture !== null) {
    sections.capture = { definition: captureOutput(messages), config: { message_matcher: options.capture ?? 'TRUE' } };
  }
  const plugins = new Map<string, PlannedPlugin>();
  for (const [name, s] of Object.entries(sections)) {
    plugins.set(name, { definition: s.definition, section: resolveSection(s.definition, name, s.config ?? {}) });
  }
  const base = mkdtempSync(join(tmpdir(), 'heka-testkit-'));
  const plan: PipelinePlan = {
    globals: { ...defaultGlobals(), baseDir: base, shareDir: base, hostname: 'testkit', ...options.globals },
    plugins,
  };
  let fatal: { code: number; reason: string } | undefined;
  const logger = createLogger({ flags: 0, sink: (line) => logs.push(line) });
  const pipeline = new Pipeline(plan, { logger, onFatal: (code, reason) => (fatal = { code, reason }) });
  await pipeline.start();
  const logText = (): string => (logs.length ? `\nlogs:\n${logs.join('\n')}` : ' (no log lines)');
  return {
    pipeline,
    messages,
    logs,
    get fatal() {
      return fatal;
    },
    waitFor: (count, timeoutMs = 5000) =>
      poll(
        () => (messages.length >= count ? messages : undefined),
        timeoutMs,
        () => `timed out waiting for ${count} messages (got ${messages.length})${logText()}`,
      ),
    waitForLog: (pattern, timeoutMs = 5000) =>
      poll(
        () => logs.find((l) => pattern.test(l)),
        timeoutMs,
        () => `timed out waiting for a log line matching ${pattern}${logText()}`,
      ),
    stop: () => pipeline.stop(),
  };
}
