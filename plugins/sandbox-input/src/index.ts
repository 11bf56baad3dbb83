/**
 * SandboxInput: an input written in Lua. process_message makes messages with inject_message; it runs
 * once, or every ticker_interval seconds when it returns 0 (polling). It has io and most of os.
 */
import { definePlugin } from '@heka/core';
import { type SandboxConfig, SandboxInputInstance, sandboxSchema } from '@heka/sandbox';

export default definePlugin<'input', SandboxConfig>({
  type: 'SandboxInput',
  kind: 'input',
  description: 'Runs a Lua input script whose process_message injects messages, once or every ticker_interval.',
  configSchema: sandboxSchema('input'),
  create: (config, ctx) => SandboxInputInstance.create(config, ctx),
});
