import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';
import { lineEncoder } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'file-output-conformance-'));

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { path: join(dir, 'out.log'), message_matcher: 'TRUE', encoder: 'lines' },
  sections: { lines: { definition: lineEncoder } },
});
