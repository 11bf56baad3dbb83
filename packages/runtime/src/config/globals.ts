/**
 * The `[hekad]` section, decoded strictly like hekad's own HekadConfig: unknown keys and wrong types are
 * errors. Defaults are the hekad binary's (not pipeline.DefaultGlobals(), which only embedders see).
 */
import os from 'node:os';
import path from 'node:path';
import { parseDuration } from './duration.js';
import type { ConfigProblem } from './errors.js';
import type { Globals } from './types.js';
import { describeValue, unknownKeyMessage } from './values.js';

export const DEFAULT_MAX_MESSAGE_SIZE = 64 * 1024;
const UINT32_MAX = 0xffff_ffff;

/**
 * Heka's default is 100 packs, each a preallocated max_message_size buffer (6.4 MiB per pool). Here a
 * pack is a message object of a few hundred bytes, and poolsize is what a batching output can write at
 * once: 1000 doubles TcpOutput's throughput (pnpm bench:e2e) for a few MB of RSS.
 */
export const DEFAULT_POOLSIZE = 1000;

export function defaultGlobals(): Globals {
  return {
    maxprocs: 1,
    poolsize: DEFAULT_POOLSIZE,
    pluginChansize: 30,
    maxMessageLoops: 4,
    maxProcessInject: 1,
    maxTimerInject: 10,
    maxProcessDuration: 100_000,
    maxPackIdle: 120_000,
    baseDir: path.resolve('/var/cache/hekad'),
    shareDir: path.resolve('/usr/share/heka'),
    sampleDenominator: 1000,
    pidFile: '',
    hostname: os.hostname(),
    maxMessageSize: DEFAULT_MAX_MESSAGE_SIZE,
    logFlags: 3,
    fullBufferMaxRetries: 10,
    cpuprof: '',
    memprof: '',
    pluginDirs: [],
  };
}

/** Where the `[hekad]` table came from, for error messages and relative paths. */
export interface GlobalsSource {
  file: string | undefined;
  /** Line of the `[hekad]` header. */
  line?: number | undefined;
  /** Line of one key inside the section, when known. */
  keyLine?: (key: string) => number | undefined;
  /** Base for relative base_dir, share_dir, pid_file, cpuprof, memprof (Go resolves them against the cwd). */
  cwd: string;
}

/** A value that does not fit its key; the message becomes the problem's. */
class Invalid extends Error {}
function fail(message: string): never {
  throw new Invalid(message);
}

/** Returns the converted value, or throws Invalid. */
type Convert = (value: unknown, source: GlobalsSource) => unknown;

function integer(min: number, max = Number.MAX_SAFE_INTEGER, rule?: string): Convert {
  return (v) => {
    if (typeof v === 'bigint') fail(`must be an integer between ${min} and ${max}, got ${describeValue(v)}`);
    if (typeof v !== 'number' || !Number.isInteger(v)) fail(`must be an integer, got ${describeValue(v)}`);
    if (v < min || v > max) fail(rule ?? `must be an integer between ${min} and ${max}, got ${v}`);
    return v;
  };
}

const string: Convert = (v) => {
  if (typeof v !== 'string') fail(`must be a string, got ${describeValue(v)}`);
  return v;
};

/** A path Go would open relative to the process's working directory; "" stays "" (unset). */
function cwdPath(required: boolean): Convert {
  return (v, source) => {
    const s = string(v, source) as string;
    if (s === '' && required) fail('must not be empty');
    return s === '' ? '' : path.resolve(source.cwd, s);
  };
}

const duration: Convert = (v, source) => {
  const s = string(v, source) as string;
  let ns: number;
  try {
    ns = parseDuration(s);
  } catch (err) {
    fail(`must be a duration like "2m" or "90s": ${(err as Error).message}`);
  }
  if (ns < 0) fail(`must not be negative, got ${JSON.stringify(s)}`);
  return ns / 1_000_000;
};

const pluginDirs: Convert = (v, source) => {
  if (!Array.isArray(v) || v.some((d) => typeof d !== 'string' || d === '')) {
    fail(`must be an array of non-empty strings (directories), got ${describeValue(v)}`);
  }
  // Our extension: relative to the file that names them, so a config directory can carry its plugins.
  const base = source.file ? path.dirname(source.file) : source.cwd;
  return (v as string[]).map((d) => path.resolve(base, d));
};

const KEYS: Readonly<Record<string, readonly [keyof Globals, Convert]>> = {
  maxprocs: ['maxprocs', integer(0)],
  poolsize: ['poolsize', integer(1)],
  plugin_chansize: ['pluginChansize', integer(1)],
  max_message_loops: ['maxMessageLoops', (v, s) => (integer(0, UINT32_MAX)(v, s) as number) || 1],
  max_process_inject: ['maxProcessInject', integer(0, UINT32_MAX)],
  max_timer_inject: ['maxTimerInject', integer(0, UINT32_MAX)],
  max_process_duration: ['maxProcessDuration', integer(0)],
  max_pack_idle: ['maxPackIdle', duration],
  base_dir: ['baseDir', cwdPath(true)],
  share_dir: ['shareDir', cwdPath(true)],
  sample_denominator: ['sampleDenominator', integer(1, Number.MAX_SAFE_INTEGER, 'must be greater than 0')],
  pid_file: ['pidFile', cwdPath(false)],
  hostname: ['hostname', string],
  max_message_size: [
    'maxMessageSize',
    (v, s) => {
      const n = integer(0, UINT32_MAX)(v, s) as number;
      if (n === 0) return DEFAULT_MAX_MESSAGE_SIZE;
      if (n <= 1024) fail(`must be greater than 1024 (or 0 for the default ${DEFAULT_MAX_MESSAGE_SIZE}), got ${n}`);
      return n;
    },
  ],
  log_flags: ['logFlags', integer(0)],
  full_buffer_max_retries: ['fullBufferMaxRetries', integer(0, UINT32_MAX)],
  cpuprof: ['cpuprof', cwdPath(false)],
  memprof: ['memprof', cwdPath(false)],
  plugin_dirs: ['pluginDirs', pluginDirs],
};

/** Every `[hekad]` key and the Globals property it sets (documentation tables are checked against it). */
export const GLOBAL_KEYS: Readonly<Record<string, keyof Globals>> = Object.fromEntries(
  Object.entries(KEYS).map(([key, [prop]]) => [key, prop]),
);

/** Keys Heka's documentation once had and hekad now rejects; say so rather than just "unknown". */
const REMOVED: Readonly<Record<string, string>> = {
  decoder_poolsize: 'decoder_poolsize no longer exists (Heka removed it; poolsize sets both pools)',
};

/** Validates a `[hekad]` table (undefined: none given) and applies the defaults. */
export function resolveGlobals(
  table: Readonly<Record<string, unknown>> | undefined,
  source: GlobalsSource,
): { globals: Globals; problems: ConfigProblem[] } {
  const globals = defaultGlobals() as unknown as Record<string, unknown>;
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(table ?? {})) {
    const problem = (message: string): void => {
      const line = source.keyLine?.(key) ?? source.line;
      problems.push({ file: source.file, section: 'hekad', key, line, message });
    };
    const spec = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (!spec) {
      const removed = Object.hasOwn(REMOVED, key) ? REMOVED[key] : undefined;
      problem(removed ?? unknownKeyMessage(key, 'in [hekad]', Object.keys(KEYS)));
      continue;
    }
    try {
      globals[spec[0]] = spec[1](value, source);
    } catch (err) {
      if (!(err instanceof Invalid)) throw err;
      problem(err.message);
    }
  }
  return { globals: globals as unknown as Globals, problems };
}
