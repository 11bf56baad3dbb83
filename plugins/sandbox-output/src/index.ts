/**
 * SandboxOutput: an output written in Lua. process_message delivers each matched message itself
 * (with io and most of os); timer_event runs every ticker_interval. A fatal error stops the output.
 */
import { definePlugin } from '@heka/core';
import { type SandboxConfig, SandboxOutputInstance, sandboxSchema } from '@heka/sandbox';

export default definePlugin<'output', SandboxConfig>({
  type: 'SandboxOutput',
  kind: 'output',
  description: 'Delivers messages with a Lua script (process_message, timer_event) that may use io.',
  configSchema: sandboxSchema('output'),
  commonDefaults: { retries: { max_retries: 0 } },
  create: (config, ctx) => SandboxOutputInstance.create(config, ctx),
});
