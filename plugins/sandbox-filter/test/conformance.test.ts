import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { filename: new URL('./lua/counter.lua', import.meta.url).pathname, message_matcher: 'TRUE' },
});
