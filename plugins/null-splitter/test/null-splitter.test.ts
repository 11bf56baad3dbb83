import { createSocket } from 'node:dgram';
import {
  decodeMessage,
  definePlugin,
  encodeMessage,
  type InputContext,
  Message,
  NO_OPTIONS,
  type SplitterInstance,
} from '@heka/core';
import { pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { bytes, chunksOf, randomSizes, split, text } from './support.js';

async function instance(): Promise<SplitterInstance> {
  return (await plugin.create(resolveSection(plugin, 'probe', {}).own as never, pluginContext(plugin))) as never;
}

const protobufDecoder = definePlugin({
  type: 'TestProtobufDecoder',
  kind: 'decoder',
  description: 'decodes message bytes (test)',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode(pack) {
      if (!pack.bytes) throw new Error('no message bytes');
      return decodeMessage(pack.bytes);
    },
  }),
});

describe('NullSplitter findRecord', () => {
  it('returns the whole buffer as the record and consumes all of it, as Heka does', async () => {
    const s = await instance();
    const buf = bytes('no\ndelimiters\u0000matter\u001e\u0002');
    const r = s.findRecord(buf);
    expect(r.consumed).toBe(buf.length);
    expect(r.record).toBe(buf);
    expect(s.findRecord(new Uint8Array(0))).toEqual({ consumed: 0 });
  });

  it('defaults min_buffer_size to 64 KiB and leaves the other common keys at their defaults', () => {
    const { common, own } = resolveSection(plugin, 'n', {});
    expect(common).toMatchObject({
      min_buffer_size: 65536,
      use_message_bytes: false,
      keep_truncated: false,
      deliver_incomplete_final: false,
    });
    expect(own).toEqual({});
    expect(resolveSection(plugin, 'n', { min_buffer_size: 1024 }).common.min_buffer_size).toBe(1024);
  });
});

describe('NullSplitter in a pipeline', () => {
  it('makes each write of a stream one record, whatever its size', async () => {
    const data = bytes('line one\nline two\npart of line three');
    for (const sizes of [1, 5, [3, 11, 2], randomSizes(3, 20, 12)]) {
      const run = await split({ splitter: plugin, streams: [{ data, chunks: sizes }] });
      expect(run.payloads).toEqual(chunksOf(data, sizes).map(text));
    }
  });

  it('makes each datagram one record; deliver_incomplete_final and keep_truncated change nothing', async () => {
    const data = 'first\nsecond datagram\n\n third';
    for (const config of [{}, { deliver_incomplete_final: true, keep_truncated: true }]) {
      const run = await split({
        splitter: plugin,
        config,
        streams: [{ data, chunks: [6, 16, 1, 7], datagrams: true }],
      });
      expect(run.payloads).toEqual(['first\n', 'second datagram\n', '\n', ' third']);
    }
  });

  it('cuts a write larger than the buffer into buffer-sized records, never past the maximum record size', async () => {
    const small = await split({
      splitter: plugin,
      config: { min_buffer_size: 1000 },
      streams: [{ data: 'a'.repeat(2500) }],
    });
    expect(small.payloads.map((p) => p.length)).toEqual([1000, 1000, 500]);

    // A buffer asked bigger than the maximum record size (3 + 255 + max_message_size) is capped to it.
    const maxRecord = 3 + 255 + 2048;
    const capped = await split({
      splitter: plugin,
      maxMessageSize: 2048,
      config: { min_buffer_size: 1 << 20 },
      streams: [{ data: 'b'.repeat(maxRecord * 2 + 7) }],
    });
    expect(capped.payloads.map((p) => p.length)).toEqual([maxRecord, maxRecord, 7]);
    expect(capped.logs.filter((l) => /maximum record size/.test(l))).toEqual([]);
  });

  it('hands protobuf datagrams to the decoder with use_message_bytes', async () => {
    const sent = [1, 2, 3].map((i) => new Message({ type: 'dgram', payload: `message ${i}`, severity: i }));
    const encoded = sent.map((m) => encodeMessage(m));
    const data = new Uint8Array(encoded.reduce((n, e) => n + e.length, 0));
    let at = 0;
    for (const e of encoded) {
      data.set(e, at);
      at += e.length;
    }
    const run = await split({
      splitter: plugin,
      config: { use_message_bytes: true },
      decoder: { definition: protobufDecoder },
      streams: [{ data, chunks: encoded.map((e) => e.length), datagrams: true }],
    });
    expect(run.messages.map((m) => [m.type, m.payload, m.severity])).toEqual([
      ['dgram', 'message 1', 1],
      ['dgram', 'message 2', 2],
      ['dgram', 'message 3', 3],
    ]);
  });

  it('turns real UDP datagrams into one message each', async () => {
    let port: (n: number) => void = () => undefined;
    const bound = new Promise<number>((r) => {
      port = r;
    });
    const udpInput = definePlugin({
      type: 'TestUdpInput',
      kind: 'input',
      description: 'one stream of datagrams from a UDP socket (test)',
      configSchema: NO_OPTIONS,
      create: () => ({
        async run(ctx: InputContext) {
          const socket = createSocket('udp4');
          const stream = ctx.openStream({ name: 'udp', datagrams: true });
          let chain: Promise<void> = Promise.resolve();
          socket.on('message', (msg) => {
            chain = chain.then(() => stream.write(new Uint8Array(msg)));
          });
          await new Promise<void>((r) => socket.bind(0, '127.0.0.1', r));
          port(socket.address().port);
          await new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true }));
          await new Promise<void>((r) => socket.close(() => r()));
          await chain;
          await stream.end();
        },
      }),
    });
    const p = await startTestPipeline({
      sections: { udp: { definition: udpInput, config: { splitter: 'nul' } }, nul: { definition: plugin } },
    });
    try {
      const client = createSocket('udp4');
      const target = await bound;
      const lines = ['one line\nand another', 'x', 'a'.repeat(60_000)];
      for (const l of lines) await new Promise<void>((r) => client.send(l, target, '127.0.0.1', () => r()));
      client.close();
      const got = await p.waitFor(3);
      expect(got.map((m) => m.payload).sort()).toEqual([...lines].sort());
    } finally {
      await p.stop();
    }
  });
});
