import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';
import { nullSplitter } from './helpers.js';

const file = join(mkdtempSync(join(tmpdir(), 'file-polling-')), 'polled.txt');
writeFileSync(file, 'polled content\n');

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { file_path: file, ticker_interval: 1 },
  sections: { NullSplitter: { definition: nullSplitter } },
});
