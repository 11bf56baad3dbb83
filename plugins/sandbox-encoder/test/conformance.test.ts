import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { filename: new URL('./lua/text.lua', import.meta.url).pathname },
});
