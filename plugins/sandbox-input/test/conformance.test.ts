import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { filename: new URL('./lua/poll.lua', import.meta.url).pathname, ticker_interval: 1 },
});
