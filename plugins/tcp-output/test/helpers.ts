/**
 * Test stand-ins: encoders (the encoder packages are separate), an input the test feeds on demand, and
 * a real receiving server (plain or TLS) that decodes what it gets.
 */
import { createServer as netServer, type Server, type Socket } from 'node:net';
import { type TlsOptions, createServer as tlsServer } from 'node:tls';
import {
  decodeMessage,
  definePlugin,
  encodeMessage,
  FrameReader,
  type InputContext,
  Message,
  NO_OPTIONS,
} from '@heka/core';
import type { TestSection } from '@heka/testkit';

export const protobufEncoder = definePlugin({
  type: 'TestProtobufEncoder',
  kind: 'encoder',
  description: 'message to protobuf bytes (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({ encode: (m: Message) => encodeMessage(m) }),
});

export const payloadEncoder = definePlugin({
  type: 'TestPayloadEncoder',
  kind: 'encoder',
  description: 'the payload and a newline (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({ encode: (m: Message) => (m.payload === 'skip me' ? null : `${m.payload}\n`) }),
});

/** An input that delivers what the test gives it, in order, with back-pressure. */
export function feederInput() {
  const queue: Message[] = [];
  let wake: (() => void) | undefined;
  const definition = definePlugin({
    type: 'TestFeederInput',
    kind: 'input',
    description: 'delivers what the test feeds it (test helper)',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        while (!ctx.signal.aborted) {
          const m = queue.shift();
          if (m) {
            const r = ctx.deliver(m);
            if (r) await r;
            continue;
          }
          await new Promise<void>((resolve) => {
            wake = resolve;
            ctx.signal.addEventListener('abort', () => resolve(), { once: true });
          });
        }
      },
    }),
  });
  const feed = (...payloads: string[]) => {
    for (const p of payloads) queue.push(new Message({ type: 'fed', payload: p }));
    wake?.();
  };
  return { definition, feed };
}

export function sections(feeder: ReturnType<typeof feederInput>): Record<string, TestSection> {
  return {
    feeder: { definition: feeder.definition },
    ProtobufEncoder: { definition: protobufEncoder },
    PayloadEncoder: { definition: payloadEncoder },
  };
}

/** A receiving server: decodes Heka frames (or collects raw bytes), counts connections, can pause reading. */
export class Receiver {
  readonly messages: Message[] = [];
  raw = '';
  connections = 0;
  /** Messages received on each connection, in accept order. */
  readonly perConnection: number[] = [];
  readonly peers: Socket[] = [];
  private server: Server | undefined;
  paused = false;

  constructor(private readonly tls?: TlsOptions) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    const server = this.tls ? tlsServer(this.tls) : netServer();
    this.server = server;
    server.on(this.tls ? 'secureConnection' : 'connection', (s: Socket) => this.accept(s));
    server.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as { port: number }).port;
  }

  private accept(s: Socket): void {
    const index = this.connections++;
    this.perConnection.push(0);
    this.peers.push(s);
    const reader = new FrameReader();
    if (this.paused) s.pause();
    s.on('data', (chunk: Buffer) => {
      this.raw += chunk.toString('latin1');
      reader.push(chunk);
      for (const f of reader.readAll()) {
        try {
          this.messages.push(decodeMessage(f.message));
          this.perConnection[index] = (this.perConnection[index] ?? 0) + 1;
        } catch {
          // not protobuf (a framed text record): kept in `raw` only
        }
      }
    });
    s.on('error', () => undefined);
  }

  pause(): void {
    this.paused = true;
    for (const s of this.peers) s.pause();
  }

  resume(): void {
    this.paused = false;
    for (const s of this.peers) s.resume();
  }

  /** Stops listening and drops every connection. */
  close(): Promise<void> {
    for (const s of this.peers) s.destroy();
    const server = this.server;
    this.server = undefined;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }

  async waitFor(count: number, timeoutMs = 5000): Promise<Message[]> {
    const start = Date.now();
    while (this.messages.length < count) {
      if (Date.now() - start > timeoutMs) {
        throw new Error(`receiver got ${this.messages.length} of ${count} messages`);
      }
      await sleep(5);
    }
    return this.messages;
  }

  async waitForRaw(text: string, timeoutMs = 5000): Promise<void> {
    const start = Date.now();
    while (!this.raw.includes(text)) {
      if (Date.now() - start > timeoutMs) throw new Error(`receiver did not get ${JSON.stringify(text)}`);
      await sleep(5);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
