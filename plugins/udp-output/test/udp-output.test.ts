// UdpOutput sending real datagrams to a receiving socket on loopback, in a real pipeline.
import { createSocket, type Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { decodeMessage, definePlugin, encodeMessage, FrameReader, Message, NO_OPTIONS } from '@heka/core';
import {
  configProblems,
  conformance,
  messageInput,
  pluginContext,
  readmeExample,
  resolveSection,
  startTestPipeline,
} from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

/** Delivers one 'fed' message per payload. */
const feeder = (payloads: string[]) =>
  messageInput(() => payloads.map((payload) => new Message({ type: 'fed', payload })));

const payloadEncoder = definePlugin({
  type: 'TestPayloadEncoder',
  kind: 'encoder',
  description: 'the payload (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({ encode: (m: Message) => (m.payload === 'nothing' ? null : m.payload) }),
});

const protobufEncoder = definePlugin({
  type: 'TestProtobufEncoder',
  kind: 'encoder',
  description: 'protobuf (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({ encode: (m: Message) => encodeMessage(m) }),
});

/** A socket that keeps every datagram it receives. */
class Receiver {
  readonly datagrams: { data: Buffer; from: string; port: number }[] = [];
  constructor(readonly socket: Socket) {
    socket.on('message', (data, rinfo) => this.datagrams.push({ data, from: rinfo.address, port: rinfo.port }));
  }
  static async open(type: 'udp4' | 'udp6' = 'udp4'): Promise<Receiver> {
    const s = createSocket(type);
    await new Promise<void>((r) => s.bind(0, type === 'udp4' ? '127.0.0.1' : '::1', r));
    return new Receiver(s);
  }
  get port(): number {
    return this.socket.address().port;
  }
  async waitFor(n: number, timeoutMs = 5000): Promise<string[]> {
    const start = Date.now();
    while (this.datagrams.length < n) {
      if (Date.now() - start > timeoutMs) throw new Error(`got ${this.datagrams.length} of ${n} datagrams`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return this.datagrams.map((d) => d.data.toString());
  }
  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

// Conformance: the receiver is opened by `setup`; the address is filled in then.
const config: Record<string, unknown> = { address: '127.0.0.1:9', encoder: 'PayloadEncoder', message_matcher: 'TRUE' };
conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config,
  sections: { PayloadEncoder: { definition: payloadEncoder } },
  setup: async () => {
    const r = await Receiver.open();
    config.address = `127.0.0.1:${r.port}`;
    return () => r.close();
  },
});

describe('README example', () => {
  it('configures its UdpOutput section validly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const found = Object.entries(readmeExample(readme).sections).filter(([, t]) => t.type === 'UdpOutput');
    expect(found.map(([n]) => n)).toEqual(['statsd_out']);
    const { type: _t, ...table } = (found[0]?.[1] ?? {}) as Record<string, unknown>;
    expect(configProblems(plugin, table)).toEqual([]);
  });
});

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function run(payloads: string[], out: Record<string, unknown>) {
  const p = await startTestPipeline({
    sections: {
      feed: { definition: feeder(payloads) },
      PayloadEncoder: { definition: payloadEncoder },
      ProtobufEncoder: { definition: protobufEncoder },
      out: { definition: plugin, config: { message_matcher: "Type == 'fed'", encoder: 'PayloadEncoder', ...out } },
    },
    capture: null,
  });
  cleanups.push(() => p.stop());
  return p;
}

async function receiver(type: 'udp4' | 'udp6' = 'udp4') {
  const r = await Receiver.open(type);
  cleanups.push(() => r.close());
  return r;
}

describe('UdpOutput', () => {
  it('sends one datagram per record, and none when the encoder returns nothing', async () => {
    const r = await receiver();
    await run(['one', 'nothing', 'two', 'three'], { address: `127.0.0.1:${r.port}` });
    expect(await r.waitFor(3)).toEqual(['one', 'two', 'three']);
  });

  it('frames protobuf with use_framing, readable as Heka frames', async () => {
    const r = await receiver();
    await run(['framed'], { address: `127.0.0.1:${r.port}`, encoder: 'ProtobufEncoder', use_framing: true });
    await r.waitFor(1);
    const reader = new FrameReader();
    reader.push(r.datagrams[0]?.data as Buffer);
    const [frame] = reader.readAll();
    expect(decodeMessage(frame?.message as Uint8Array).payload).toBe('framed');
  });

  it('refuses records over max_message_size as counted failures, and sends the rest', async () => {
    const r = await receiver();
    const big = 'b'.repeat(600);
    const p = await run(['small', big, 'after'], { address: `127.0.0.1:${r.port}`, max_message_size: 512 });
    expect(await r.waitFor(2)).toEqual(['small', 'after']);
    await p.waitForLog(/ERROR out: failed to process a message: message has exceeded allowed UDP data size: 600 > 512/);
    expect(p.pipeline.outputs.get('out')?.stats.failures).toBe(1);
    expect(p.fatal).toBeUndefined();
  });

  it('sends up to the default maximum of 65507 bytes', async () => {
    const r = await receiver();
    const max = 'm'.repeat(65507);
    const p = await run([max, `${max}x`, 'end'], { address: `127.0.0.1:${r.port}` });
    const got = await r.waitFor(2);
    expect(got.map((d) => d.length)).toEqual([65507, 3]);
    await p.waitForLog(/65508 > 65507/);
  });

  it('sends from local_address, with or without a port', async () => {
    const r = await receiver();
    await run(['from .5'], { address: `127.0.0.1:${r.port}`, local_address: '127.0.0.5' });
    await r.waitFor(1);
    expect(r.datagrams[0]?.from).toBe('127.0.0.5');
    const probe = createSocket('udp4');
    await new Promise<void>((res) => probe.bind(0, '127.0.0.6', res));
    const port = probe.address().port;
    await new Promise<void>((res) => probe.close(() => res()));
    await run(['from .6'], { address: `127.0.0.1:${r.port}`, local_address: `127.0.0.6:${port}` });
    await r.waitFor(2);
    expect(r.datagrams[1]).toMatchObject({ from: '127.0.0.6', port });
  });

  it('sends over IPv6 with net = "udp6"', async () => {
    const r = await receiver('udp6');
    await run(['v6'], { address: `[::1]:${r.port}`, net: 'udp6' });
    expect(await r.waitFor(1)).toEqual(['v6']);
    expect(r.datagrams[0]?.from).toBe('::1');
  });

  it('counts and logs send errors when nobody listens, and keeps going', async () => {
    const gone = await Receiver.open();
    const port = gone.port;
    await gone.close();
    const p = await run(['a', 'b', 'c', 'd'], { address: `127.0.0.1:${port}` });
    await p.waitForLog(/WARN out: sending to 127\.0\.0\.1:\d+ failed: .*ECONNREFUSED \(\d+ send errors so far\)/);
    expect(p.fatal).toBeUndefined();
  });

  it('keeps every datagram in order under load (back-pressure instead of an unbounded send queue)', async () => {
    const r = await receiver();
    r.socket.setRecvBufferSize(8 * 1024 * 1024);
    const payloads = Array.from({ length: 2000 }, (_, i) => `${i}:${'p'.repeat(200)}`);
    const p = await run(payloads, { address: `127.0.0.1:${r.port}` });
    const got = await r.waitFor(2000, 15_000);
    expect(got).toEqual(payloads);
    expect(p.pipeline.outputs.get('out')?.stats.processed).toBe(2000);
  });
});

describe('UdpOutput configuration errors name the key', () => {
  const create = (cfg: Record<string, unknown>) =>
    Promise.resolve().then(() =>
      plugin.create(
        resolveSection(plugin, 'bad', { message_matcher: 'TRUE', ...cfg }).own as never,
        pluginContext(plugin, 'bad'),
      ),
    );
  it.each([
    [{ address: '/tmp/x.sock', net: 'unixgram' }, /net: "unixgram" is not supported/],
    [{ address: 'localhost' }, /address: missing port in address/],
    [{ address: '[::1]:5', net: 'udp4' }, /address: ::1 is not an IPv4 address/],
    [
      { address: '127.0.0.1:5', local_address: '192.0.2.1' },
      /address: can't connect from 192\.0\.2\.1 to 127\.0\.0\.1:5: .*EADDRNOTAVAIL/,
    ],
    [{ address: '127.0.0.1:5', local_address: 'a:b:c' }, /local_address: too many colons/],
  ])('%j', async (cfg, error) => {
    await expect(create(cfg)).rejects.toThrow(error);
  });

  it('requires address and a max_message_size of at least 512', () => {
    expect(configProblems(plugin, { message_matcher: 'TRUE' }).join()).toMatch(/address/);
    expect(configProblems(plugin, { message_matcher: 'TRUE', address: ':1', max_message_size: 100 }).join()).toMatch(
      /^max_message_size:/,
    );
  });
});
