import { definePlugin, NO_OPTIONS } from '@heka/core';
import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';

/** Renders nothing, so the conformance runs keep the test output clean (writing is tested in log.test.ts). */
const silentEncoder = definePlugin({
  type: 'SilentEncoder',
  kind: 'encoder',
  description: 'renders nothing (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({ encode: () => null }),
});

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { message_matcher: 'TRUE', encoder: 'silent' },
  sections: { silent: { definition: silentEncoder } },
});
