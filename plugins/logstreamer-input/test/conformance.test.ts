import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';
import { append, lineSplitter, tempDir } from './helpers.js';

const dir = tempDir();
append(`${dir}/system.log`, ['hello']);

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { log_directory: dir, file_match: 'system\\.log', splitter: 'LinesSplitter' },
  sections: { LinesSplitter: { definition: lineSplitter } },
});
