import { definePlugin, type PluginContext } from '@heka/core';
import { conformance } from '@heka/testkit';
import plugin, { type MultiDecoderConfig } from '../src/index.js';
import { digitsDecoder } from './subs.js';

// The harness's plugin context cannot make sub-decoders (its createDecoder always rejects), and a
// MultiDecoder makes its subs when it is created. This definition is the plugin with a context that
// makes the README's subs from a test decoder; everything else (schema, README, manifest) is the
// plugin's own. In pipelines the harness starts, the subs come from `sections`.
const withSubs = definePlugin({
  ...plugin,
  create: (config, ctx: PluginContext) =>
    plugin.create(config as MultiDecoderConfig, {
      ...ctx,
      createDecoder: async () => digitsDecoder.create({}, ctx) as never,
    }),
});

conformance(withSubs, {
  packageDir: new URL('..', import.meta.url),
  sections: {
    LineDecoder: { definition: digitsDecoder },
    ProtobufDecoder: { definition: digitsDecoder },
  },
});
