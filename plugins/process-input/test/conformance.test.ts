import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';
import { nullSplitter } from './helpers.js';

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  sections: { NullSplitter: { definition: nullSplitter } },
});
