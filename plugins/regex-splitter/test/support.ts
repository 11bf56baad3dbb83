/**
 * Test support: the splitter harness from @heka/testkit (an input writing byte streams in chosen chunk
 * sizes through the real runtime, and a runner that collects what comes out), plus this package's helpers.
 */
import { definePlugin, NO_OPTIONS } from '@heka/core';

export {
  chunksOf,
  randomSizes,
  type SplitOptions,
  type SplitRun,
  type StreamFeed,
  splitStreams as split,
} from '@heka/testkit';

export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A decoder that puts the record's exact bytes, in hex, in the payload (use with use_message_bytes). */
export const hexDecoder = definePlugin({
  type: 'TestHexDecoder',
  kind: 'decoder',
  description: 'payload = hex of the record bytes (test)',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode(pack) {
      pack.message.payload = Buffer.from(pack.bytes ?? new Uint8Array(0)).toString('hex');
      return pack.message;
    },
  }),
});
