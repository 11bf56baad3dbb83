import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: {
    message_signer: 'ops',
    working_directory: join(mkdtempSync(join(tmpdir(), 'sbmgr-conformance-')), 'sbxmgrs'),
    max_filters: 10,
  },
});
