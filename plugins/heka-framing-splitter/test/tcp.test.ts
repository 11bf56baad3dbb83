import { connect, createServer, type Socket } from 'node:net';
import {
  definePlugin,
  encodeFrame,
  encodeMessage,
  type InputContext,
  Message,
  type MessageSigner,
  NO_OPTIONS,
} from '@heka/core';
import { startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { chunksOf, keepOutput, protobufDecoder, randomSizes } from './support.js';

/** A small TCP input (one stream, hence one splitter, per connection), as TcpInput works. */
function tcpInput(listening: (port: number) => void) {
  return definePlugin({
    type: 'TestTcpInput',
    kind: 'input',
    description: 'TCP listener, one stream per connection (test)',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        const sockets = new Set<Socket>();
        const server = createServer((socket) => {
          sockets.add(socket);
          const stream = ctx.openStream({ name: `${socket.remoteAddress}:${socket.remotePort}` });
          let chain: Promise<void> = Promise.resolve();
          socket.on('data', (chunk) => {
            socket.pause(); // back-pressure: no more data until the stream took this chunk
            chain = chain.then(() => stream.write(new Uint8Array(chunk))).then(() => void socket.resume());
          });
          socket.on('close', () => {
            sockets.delete(socket);
            chain = chain.then(() => stream.end());
          });
        });
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        listening((server.address() as { port: number }).port);
        await new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true }));
        for (const s of sockets) s.destroy();
        await new Promise((r) => server.close(r));
      },
    }),
  });
}

const OPS: MessageSigner = { name: 'ops', key: 'ops secret', version: 2, hash: 'sha1' };
const DEV: MessageSigner = { name: 'dev', key: 'dev secret', version: 0 };

/** Writes data in small pieces, letting each go out before the next. */
async function send(port: number, data: Uint8Array, seed: number): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  socket.setNoDelay(true);
  await new Promise<void>((r) => socket.once('connect', () => r()));
  for (const piece of chunksOf(data, randomSizes(seed, 200, 23))) {
    await new Promise<void>((r) => socket.write(piece, () => r()));
    await new Promise((r) => setImmediate(r));
  }
  await new Promise<void>((r) => socket.end(() => r()));
}

function stream(signer: MessageSigner | undefined, tag: string, n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) =>
    encodeFrame(encodeMessage(new Message({ type: 'tcp', payload: `${tag} ${i}` })), signer),
  );
}

describe('HekaFramingSplitter behind a real TCP socket', () => {
  it('splits and authenticates interleaved connections, each with its own splitter, and routes by signer', async () => {
    let resolvePort: (p: number) => void = () => undefined;
    const port = new Promise<number>((r) => {
      resolvePort = r;
    });
    const ops: Message[] = [];
    const p = await startTestPipeline({
      sections: {
        tcp: { definition: tcpInput(resolvePort), config: { splitter: 'framing', decoder: 'pb' } },
        framing: {
          definition: plugin,
          config: { signer: { ops_2: { hmac_key: OPS.key }, dev_0: { hmac_key: DEV.key } } },
        },
        pb: { definition: protobufDecoder },
        ops: { definition: keepOutput(ops), config: { message_matcher: "Type == 'tcp'", message_signer: 'ops' } },
      },
    });
    try {
      const at = await port;
      const join = (frames: Uint8Array[]) => Buffer.concat(frames);
      const forged = stream({ ...OPS, key: 'not the key' }, 'forged', 5);
      await Promise.all([
        send(at, join(stream(OPS, 'ops', 20)), 1),
        send(at, join(stream(DEV, 'dev', 20)), 2),
        send(at, join([...stream(undefined, 'plain', 10), ...forged]), 3),
      ]);
      const got = await p.waitFor(50);
      const byTag = (tag: string) => got.filter((m) => m.payload.startsWith(`${tag} `)).map((m) => m.payload);
      for (const [tag, n] of [
        ['ops', 20],
        ['dev', 20],
        ['plain', 10],
      ] as const) {
        expect(byTag(tag)).toEqual(Array.from({ length: n }, (_, i) => `${tag} ${i}`));
      }
      expect(byTag('forged')).toEqual([]);
      expect(ops.map((m) => m.payload)).toEqual(Array.from({ length: 20 }, (_, i) => `ops ${i}`));
      expect(p.logs.some((l) => /bad signature from "ops_2"/.test(l))).toBe(true);
    } finally {
      await p.stop();
    }
    expect(p.messages.length).toBe(50);
  });
});
