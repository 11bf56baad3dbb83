/**
 * The common sandbox options (reference §3.6, Heka's SandboxConfig) as a JSON Schema per plugin type,
 * and what they resolve to: paths under share_dir, the preservation file under base_dir, the limits.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { ConfigSchema, JsonSchema, PluginContext } from '@heka/core';
import { resolveShared } from '@heka/lua-share';
import type { SandboxKind } from '../env.js';
import { checkTimeZone } from '../time.js';

export type SandboxConfig = {
  filename: string;
  script_type: 'lua';
  preserve_data: boolean;
  memory_limit: number;
  instruction_limit: number;
  output_limit: number;
  module_directory: string;
  config: Record<string, unknown>;
  profile: boolean;
  timer_event_on_shutdown?: boolean;
  can_exit?: boolean;
};

const COMMON: Readonly<Record<string, JsonSchema>> = {
  filename: {
    type: 'string',
    minLength: 1,
    description: 'The Lua script; a relative path is resolved under share_dir (e.g. "lua_filters/x.lua").',
    'x-heka-doc-type': 'path',
  },
  script_type: { enum: ['lua'], default: 'lua', description: 'Script language; only "lua" exists.' },
  preserve_data: {
    type: 'boolean',
    default: false,
    description: 'Save the global variables on stop and restore them on start (sandbox_preservation under base_dir).',
  },
  memory_limit: {
    type: 'integer',
    minimum: 0,
    default: 8 * 1024 * 1024,
    description: 'Bytes of Lua memory the script may hold; exceeding it terminates the sandbox (0: no limit).',
  },
  instruction_limit: {
    type: 'integer',
    minimum: 0,
    default: 1_000_000,
    description: 'Lua instructions per process_message / timer_event call (0: no limit).',
  },
  output_limit: {
    type: 'integer',
    minimum: 0,
    default: 63 * 1024,
    description: 'Bytes of the output buffer (add_to_payload, inject_payload, inject_message, cjson.encode).',
  },
  module_directory: {
    type: 'string',
    default: 'lua_modules',
    description: '";"-separated directories searched by require for <name>.lua; relative ones are under share_dir.',
  },
  config: {
    type: 'object',
    default: {},
    additionalProperties: true,
    description: 'Values the script reads with read_config (strings, numbers, booleans).',
  },
  profile: { type: 'boolean', default: false, description: 'Accepted for compatibility; timing is always sampled.' },
};

const TIMER_ON_SHUTDOWN: JsonSchema = {
  type: 'boolean',
  default: false,
  description: 'Call timer_event once more when the plugin stops cleanly.',
};

/** The schema of a sandbox plugin type's own keys. */
export function sandboxSchema(kind: SandboxKind): ConfigSchema {
  const properties: Record<string, JsonSchema> = { ...COMMON };
  if (kind === 'input') {
    properties.instruction_limit = { ...COMMON.instruction_limit, description: 'Accepted; inputs run without one.' };
  }
  if (kind === 'output') {
    properties.instruction_limit = { ...COMMON.instruction_limit, description: 'Accepted; outputs run without one.' };
  }
  if (kind === 'filter' || kind === 'output') properties.timer_event_on_shutdown = TIMER_ON_SHUTDOWN;
  if (kind === 'decoder' || kind === 'input') {
    properties.timer_event_on_shutdown = { ...TIMER_ON_SHUTDOWN, description: 'Accepted; this kind has no timer.' };
  }
  if (kind === 'decoder') {
    properties.can_exit = { type: 'boolean', default: true, description: 'Accepted; a decoder cannot exit alone.' };
  }
  return { type: 'object', properties, required: ['filename'], additionalProperties: false };
}

/** What a sandbox plugin's configuration resolves to. */
export interface Resolved {
  filename: string;
  moduleDirectories: string[];
  memoryLimit: number;
  instructionLimit: number;
  outputLimit: number;
  config: Record<string, unknown>;
  preserve: boolean;
  /** <base_dir>/sandbox_preservation/<name>.data */
  preservationFile: string;
  /** config.tz for decoders and inputs ("UTC" when unset). */
  tz: string;
}

/**
 * The preservation file of a plugin. Filters, inputs and outputs use their section name with non-word
 * characters replaced by "_" (Heka gave every SandboxInput and SandboxOutput the same ".data" file: here
 * each has its own); decoders and encoders the runtime's `<input>-<decoder>` / `<output>-<encoder>` name.
 */
export function preservationName(kind: SandboxKind, name: string): string {
  return kind === 'decoder' || kind === 'encoder' ? name.replace(/[^\w.-]/g, '_') : name.replace(/\W/g, '_');
}

export function resolveOptions(kind: SandboxKind, c: SandboxConfig, ctx: PluginContext): Resolved {
  const config = c.config ?? {};
  let tz = 'UTC';
  if ((kind === 'decoder' || kind === 'input' || kind === 'encoder') && config.tz !== undefined) {
    if (typeof config.tz !== 'string') throw new Error(`config.tz must be a time zone name, got ${String(config.tz)}`);
    checkTimeZone(config.tz);
    tz = config.tz;
  }
  return {
    filename: ctx.resolvePath('share', c.filename),
    moduleDirectories: (c.module_directory ?? 'lua_modules')
      .split(';')
      .filter((d) => d !== '')
      .map((d) => ctx.resolvePath('share', d)),
    memoryLimit: c.memory_limit ?? 8 * 1024 * 1024,
    instructionLimit: kind === 'input' || kind === 'output' ? 0 : (c.instruction_limit ?? 1_000_000),
    outputLimit: c.output_limit ?? 63 * 1024,
    config,
    preserve: c.preserve_data === true,
    preservationFile: join(ctx.resolvePath('base', 'sandbox_preservation'), `${preservationName(kind, ctx.name)}.data`),
    tz,
  };
}

/**
 * The script: relative to share_dir (Heka's rule); a relative name that is not there is looked up in
 * @heka/lua-share (Heka's lua_decoders/ and lua_modules/), so `filename = "lua_decoders/nginx_access.lua"`
 * works without Heka's share directory.
 */
export function locateScript(r: Resolved, filename: string): string {
  if (isAbsolute(filename) || existsSync(r.filename)) return r.filename;
  return resolveShared(filename) ?? r.filename;
}

/** The preserved globals to restore, when preserve_data is set and a file exists. */
export async function readPreserved(r: Resolved): Promise<Uint8Array | undefined> {
  if (!r.preserve) return undefined; // a script that keeps nothing leaves base_dir alone
  await mkdir(join(r.preservationFile, '..'), { recursive: true, mode: 0o700 });
  if (!existsSync(r.preservationFile)) return undefined;
  return new Uint8Array(await readFile(r.preservationFile));
}
