/**
 * SandboxManagerFilter's own options (Heka's SandboxManagerFilterConfig): where the managed filters'
 * files live, how many may run, and the limits every managed sandbox gets (the sandbox defaults).
 */
import type { ConfigSchema } from '@heka/core';

export type ManagerConfig = {
  working_directory: string;
  module_directory: string;
  max_filters: number;
  memory_limit: number;
  instruction_limit: number;
  output_limit: number;
};

export const DEFAULT_MATCHER = "Type == 'heka.control.sandbox'";

export const managerSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    working_directory: {
      type: 'string',
      minLength: 1,
      default: 'sbxmgrs',
      description:
        'Directory for the managed filters’ configurations, scripts and preserved data; relative paths are under base_dir. May be shared between managers.',
    },
    module_directory: {
      type: 'string',
      default: 'lua_modules',
      description:
        '";"-separated directories where managed filters’ require looks for <name>.lua; relative ones are under share_dir.',
    },
    max_filters: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'How many filters this manager may run at once (0, the default, as in Heka: none).',
    },
    memory_limit: {
      type: 'integer',
      minimum: 0,
      default: 8 * 1024 * 1024,
      description: 'Bytes of Lua memory each managed sandbox may hold (replaces the section’s value).',
    },
    instruction_limit: {
      type: 'integer',
      minimum: 0,
      default: 1_000_000,
      description: 'Lua instructions per process_message / timer_event call of each managed sandbox.',
    },
    output_limit: {
      type: 'integer',
      minimum: 0,
      default: 63 * 1024,
      description: 'Bytes of each managed sandbox’s output buffer.',
    },
  },
};
