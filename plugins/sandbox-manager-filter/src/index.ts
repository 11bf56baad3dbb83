/**
 * SandboxManagerFilter: loads and unloads SandboxFilters while hekad runs, on (signed)
 * heka.control.sandbox messages such as heka-sbmgr sends. Each managed filter runs as
 * `<manager>-<section>` with the manager's limits; its files stay in the working directory and the
 * filters found there are started again when the manager starts.
 */
import { definePlugin } from '@heka/core';
import { SandboxManager } from './manager.js';
import { DEFAULT_MATCHER, type ManagerConfig, managerSchema } from './options.js';

export default definePlugin<'filter', ManagerConfig>({
  type: 'SandboxManagerFilter',
  kind: 'filter',
  description: 'Loads and unloads SandboxFilters at run time on signed heka.control.sandbox messages (heka-sbmgr).',
  configSchema: managerSchema,
  commonDefaults: { message_matcher: DEFAULT_MATCHER },
  create: (config, ctx) => SandboxManager.create(config, ctx),
});
