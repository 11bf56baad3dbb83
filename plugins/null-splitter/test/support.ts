/**
 * Test support: the splitter harness from @heka/testkit (an input writing byte streams in chosen chunk
 * sizes through the real runtime, and a runner that collects what comes out), plus this package's helpers.
 */
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
