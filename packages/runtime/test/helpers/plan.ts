// Builds pipeline plans from in-process plugin definitions, for pipeline tests that need no files.
import { COMMON_KEYS, type JsonSchema, type PluginDefinition, type PluginKind } from '@heka/core';
import type { Globals } from '../../src/config/types.js';
import { createLogger, type LogSink } from '../../src/logger.js';
import type { PipelinePlan, PlannedPlugin } from '../../src/pipeline/plan.js';

export function testGlobals(overrides: Partial<Globals> = {}): Globals {
  return {
    maxprocs: 1,
    poolsize: 100,
    pluginChansize: 30,
    maxMessageLoops: 4,
    maxProcessInject: 1,
    maxTimerInject: 10,
    maxProcessDuration: 100_000,
    maxPackIdle: 120_000,
    baseDir: '/tmp/hekad-test',
    shareDir: '/tmp/hekad-test-share',
    sampleDenominator: 1000,
    pidFile: '',
    hostname: 'test-host',
    maxMessageSize: 65536,
    logFlags: 0,
    fullBufferMaxRetries: 10,
    cpuprof: '',
    memprof: '',
    pluginDirs: [],
    ...overrides,
  };
}

/** Defaults of the common keys of a kind, as config validation would apply them. */
function commonDefaults(kind: PluginKind): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(COMMON_KEYS[kind]) as [string, JsonSchema][]) {
    if (schema.default !== undefined) out[key] = schema.default;
    else if (schema.type === 'object' && schema.properties) {
      const sub: Record<string, unknown> = {};
      for (const [k, s] of Object.entries(schema.properties)) if (s.default !== undefined) sub[k] = s.default;
      out[key] = sub;
    }
  }
  return out;
}

export interface TestPlugin {
  name: string;
  definition: PluginDefinition;
  common?: Record<string, unknown>;
  own?: Record<string, unknown>;
}

export function testPlan(plugins: TestPlugin[], globals: Partial<Globals> = {}): PipelinePlan {
  const map = new Map<string, PlannedPlugin>();
  for (const p of plugins) {
    const kind = p.definition.kind;
    map.set(p.name, {
      definition: p.definition,
      section: {
        name: p.name,
        type: p.definition.type,
        kind,
        file: 'test.toml',
        line: undefined,
        common: { ...commonDefaults(kind), ...(p.definition.commonDefaults ?? {}), ...(p.common ?? {}) },
        own: p.own ?? {},
      },
    });
  }
  return { globals: testGlobals(globals), plugins: map };
}

/** A logger whose lines are kept for assertions. */
export function captureLogger(): { logger: ReturnType<typeof createLogger>; lines: string[] } {
  const lines: string[] = [];
  const sink: LogSink = (line) => lines.push(line);
  return { logger: createLogger({ flags: 0, sink }), lines };
}

export function until(predicate: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const check = (): void => {
      if (predicate()) resolve();
      else if (Date.now() - start > timeoutMs) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(check, 5);
    };
    check();
  });
}
