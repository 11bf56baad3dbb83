/**
 * Splitter tests: an input that writes byte streams in chosen chunk sizes through the real runtime (one
 * stream, hence one splitter instance, per feed), and a runner that collects what comes out.
 */
import { definePlugin, type InputContext, type Message, NO_OPTIONS, type PluginDefinition } from '@heka/core';
import { startTestPipeline, type TestSection } from './test-pipeline.js';

export interface StreamFeed {
  data: Uint8Array | string;
  /** Sizes of the successive writes, cycled (default: the whole data in one write). */
  chunks?: number | readonly number[];
  /** Each write is a datagram (UDP-like streams). */
  datagrams?: boolean;
}

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Cuts data into writes of the given sizes (cycled). */
export function chunksOf(data: Uint8Array, sizes: number | readonly number[] = data.length): Uint8Array[] {
  const list = typeof sizes === 'number' ? [sizes] : sizes;
  const out: Uint8Array[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.max(1, list[i % list.length] as number);
    out.push(data.subarray(at, at + n));
    at += n;
  }
  return out;
}

/** A deterministic pseudo-random sequence of chunk sizes in [1, max]. */
export function randomSizes(seed: number, count: number, max: number): number[] {
  let x = seed || 1;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(1 + ((x >>> 0) % max));
  }
  return out;
}

function feeder(streams: readonly StreamFeed[], done: (error?: unknown) => void): PluginDefinition {
  return definePlugin({
    type: 'TestFeedInput',
    kind: 'input',
    description: 'writes test streams in chosen chunk sizes',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        try {
          for (const [i, feed] of streams.entries()) {
            const stream = ctx.openStream({ name: `feed-${i}`, datagrams: feed.datagrams === true });
            const data = typeof feed.data === 'string' ? bytes(feed.data) : feed.data;
            for (const chunk of chunksOf(data, feed.chunks)) {
              const r = stream.write(chunk);
              if (r) await r;
            }
            await stream.end();
          }
          done();
        } catch (e) {
          done(e);
        }
        if (!ctx.signal.aborted) await new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true }));
      },
    }),
  });
}

export interface SplitRun {
  messages: Message[];
  logs: string[];
  payloads: string[];
}

export interface SplitOptions {
  splitter: PluginDefinition;
  /** The splitter section's keys (own and common). */
  config?: Record<string, unknown>;
  streams: readonly StreamFeed[];
  /** A decoder section for the input. */
  decoder?: TestSection;
  /** More sections (outputs with message_signer, ...). */
  sections?: Record<string, TestSection>;
  maxMessageSize?: number;
}

/** Runs the feeds through a real pipeline: input → splitter under test → (decoder) → capture output. */
export async function splitStreams(o: SplitOptions): Promise<SplitRun> {
  let finished: (error?: unknown) => void = () => undefined;
  const fed = new Promise<void>((resolve, reject) => {
    finished = (e) => (e === undefined ? resolve() : reject(e));
  });
  const input: Record<string, unknown> = { splitter: 'under' };
  const sections: Record<string, TestSection> = {
    under: { definition: o.splitter, config: o.config ?? {} },
    feed: { definition: feeder(o.streams, finished), config: input },
    ...o.sections,
  };
  if (o.decoder) {
    sections.dec = o.decoder;
    input.decoder = 'dec';
  }
  const p = await startTestPipeline({
    sections,
    globals: o.maxMessageSize ? { maxMessageSize: o.maxMessageSize } : undefined,
  });
  try {
    await fed;
  } finally {
    await p.stop();
  }
  return { messages: p.messages, logs: p.logs, payloads: p.messages.map((m) => m.payload) };
}
