/** ProcessInput's options (Heka's ProcessInputConfig and cmdConfig) and their translation to commands. */
import { type ConfigSchema, type JsonSchema, PluginConfigError } from '@heka/core';
import type { CommandSpec } from './chain.js';

export interface CommandConfig {
  bin: string;
  args: string[];
  env?: string[];
  directory: string;
}

export type ProcessInputConfig = {
  command: Record<string, CommandConfig>;
  immediate_start: boolean;
  stdout: boolean;
  stderr: boolean;
  timeout: number;
};

/** Commands are keyed "0", "1", ... without gaps, up to this many (a longer chain is refused). */
const MAX_COMMANDS = 32;

const commandSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['bin'],
  properties: {
    bin: {
      type: 'string',
      minLength: 1,
      description: "The program: a path, or a name looked up in hekad's PATH.",
    },
    args: { type: 'array', items: { type: 'string' }, default: [], description: 'Its arguments.' },
    env: {
      type: 'array',
      items: { type: 'string', pattern: '^[^=]+=' },
      description: 'Its whole environment as "NAME=value" strings; when absent it inherits hekad\'s.',
    },
    directory: { type: 'string', default: '', description: "Its working directory; empty is hekad's." },
  },
};

const needs = (key: string): JsonSchema => ({ type: 'object', properties: { [key]: {} }, required: [key] });

/** Keys "0", "1", ..., and command i needs command i - 1 ("command.0: missing required key '0'"). */
const commandKeys: Record<string, JsonSchema> = {};
const noGaps: JsonSchema[] = [];
for (let i = 0; i < MAX_COMMANDS; i++) {
  commandKeys[String(i)] = commandSchema;
  // biome-ignore lint/suspicious/noThenProperty: the JSON Schema keyword
  if (i > 0) noGaps.push({ if: needs(String(i)), then: needs(String(i - 1)) });
}

export const configSchema: ConfigSchema = {
  type: 'object',
  required: ['command'],
  properties: {
    command: {
      type: 'object',
      description: 'The commands, keyed "0", "1", ... in chain order: stdout of each is stdin of the next.',
      minProperties: 1,
      properties: commandKeys,
      additionalProperties: false,
      allOf: noGaps,
    },
    immediate_start: {
      type: 'boolean',
      default: false,
      description: 'Run the chain at start instead of one ticker_interval later.',
    },
    stdout: { type: 'boolean', default: true, description: "Make messages from the last command's stdout." },
    stderr: { type: 'boolean', default: false, description: "Make messages from the last command's stderr." },
    timeout: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Seconds after which a command still running is killed; 0 never kills.',
    },
  },
};

/** The chain in order; a gap in the keys is refused as Heka did (the schema already catches it). */
export function toSpecs(config: ProcessInputConfig): CommandSpec[] {
  const n = Object.keys(config.command).length;
  const specs: CommandSpec[] = [];
  for (let i = 0; i < n; i++) {
    const c = config.command[String(i)];
    if (!c) throw new PluginConfigError(`command: expected to find a command at index ${i}`);
    let env: Record<string, string> | undefined;
    if (c.env) {
      env = Object.create(null) as Record<string, string>;
      for (const entry of c.env) {
        const eq = entry.indexOf('=');
        env[entry.slice(0, eq)] = entry.slice(eq + 1);
      }
    }
    specs.push({ bin: c.bin, args: c.args, env, directory: c.directory });
  }
  return specs;
}
