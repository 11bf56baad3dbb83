/**
 * SandboxFilter: a filter written in Lua (Heka's sandboxed filters). process_message runs for each
 * matched message, timer_event every ticker_interval; the script injects messages with inject_payload
 * and inject_message. A script that fails fatally is terminated with a heka.sandbox-terminated message
 * and the filter exits while hekad keeps running (can_exit defaults to true, no restarts).
 */
import { definePlugin } from '@heka/core';
import { type SandboxConfig, SandboxFilterInstance, sandboxSchema } from '@heka/sandbox';

export default definePlugin<'filter', SandboxConfig>({
  type: 'SandboxFilter',
  kind: 'filter',
  description: 'Runs a Lua filter script (process_message, timer_event) in a sandbox with memory and time limits.',
  configSchema: sandboxSchema('filter'),
  commonDefaults: { can_exit: true, retries: { max_retries: 0 } },
  create: (config, ctx) => SandboxFilterInstance.create(config, ctx),
});
