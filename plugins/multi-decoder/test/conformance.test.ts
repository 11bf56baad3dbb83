import { conformance } from '@heka/testkit';
import plugin from '../src/index.js';
import { digitsDecoder } from './subs.js';

// The README's subs are provided as test sections: the harness's context makes them on demand.
conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  sections: {
    LineDecoder: { definition: digitsDecoder },
    ProtobufDecoder: { definition: digitsDecoder },
  },
});
