/**
 * Test support: the splitter harness from @heka/testkit (an input writing byte streams in chosen chunk
 * sizes through the real runtime, and a runner that collects what comes out), plus this package's helpers.
 */
import { decodeMessage, definePlugin, type Message, NO_OPTIONS, type PluginDefinition } from '@heka/core';

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

/** Decodes message bytes as the ProtobufDecoder would (throws on garbage: a counted decode failure). */
export const protobufDecoder = definePlugin({
  type: 'TestProtobufDecoder',
  kind: 'decoder',
  description: 'decodes protobuf message bytes (test)',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode(pack) {
      if (!pack.bytes) throw new Error('no message bytes');
      return decodeMessage(pack.bytes);
    },
  }),
});

/** An output that keeps what it receives (give it message_signer to test routing by signer). */
export function keepOutput(into: Message[]): PluginDefinition {
  return definePlugin({
    type: 'TestKeepOutput',
    kind: 'output',
    description: 'keeps messages (test)',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message) {
        into.push(m);
      },
    }),
  });
}

/** Concatenates byte arrays. */
export function concat(...parts: (Uint8Array | string)[]): Uint8Array {
  const list = parts.map((p) => (typeof p === 'string' ? bytes(p) : p));
  const out = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of list) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
