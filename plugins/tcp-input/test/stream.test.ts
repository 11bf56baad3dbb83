// TcpInput on real loopback sockets in a real pipeline: framing + protobuf, text records, connections
// kept apart, decode failures, back-pressure, and stopping while connected.
import { definePlugin, encodeFrame, encodeMessage, type Message, NO_OPTIONS } from '@heka/core';
import { startTestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import {
  closedByPeer,
  closeSocket,
  defaultSections,
  lineSplitter,
  listeningOn,
  msg,
  send,
  sleep,
  tcpConnect,
} from './helpers.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function pipeline(config: Record<string, unknown>, extra = {}, globals = {}) {
  const p = await startTestPipeline({
    sections: { tcp_in: { definition: plugin, config }, ...defaultSections(), ...extra },
    globals,
  });
  stops.push(() => p.stop());
  return p;
}

const lines = { LineSplitter: { definition: lineSplitter } };

describe('TcpInput: framed protobuf (the defaults)', () => {
  it('decodes messages from several connections, untouched by the input', async () => {
    const p = await pipeline({ address: '127.0.0.1:0' });
    const { port } = await listeningOn(p);
    const a = await tcpConnect(port);
    const b = await tcpConnect(port);
    const sent = [msg('one'), msg('two')];
    sent[0]?.addField({ name: 'n', value: 1n });
    await send(a, encodeFrame(encodeMessage(sent[0] as Message)));
    await send(b, encodeFrame(encodeMessage(sent[1] as Message)));
    const got = await p.waitFor(2);
    expect(got.map((m) => m.payload).sort()).toEqual(['one', 'two']);
    const one = got.find((m) => m.payload === 'one') as Message;
    expect(one.uuidString).toBe(sent[0]?.uuidString);
    expect(Number(one.getFieldValue('n'))).toBe(1);
    // Protobuf records are not decorated: the sender's own headers stay.
    expect(one.hostname).toBe('sender');
    expect(one.type).toBe('test');
    await Promise.all([closeSocket(a), closeSocket(b)]);
  });

  it('counts and logs a record that does not decode, and goes on reading the same connection', async () => {
    const p = await pipeline({ address: '127.0.0.1:0' });
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port);
    await send(s, encodeFrame(new Uint8Array([0xff, 0xff, 0xff, 0x0f, 0x01])));
    await send(s, encodeFrame(encodeMessage(msg('after garbage'))));
    const [m] = await p.waitFor(1);
    expect(m?.payload).toBe('after garbage');
    expect(await p.waitForLog(/ERROR tcp_in(-ProtobufDecoder)?: decode failed/)).toBeTruthy();
    expect(p.pipeline.decoderStats.get('tcp_in-ProtobufDecoder')?.failures).toBe(1);
    expect(s.destroyed).toBe(false);
    await closeSocket(s);
  });

  it('skips bytes between frames, as the framing splitter resynchronises', async () => {
    const p = await pipeline({ address: '127.0.0.1:0' });
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port);
    const frame = encodeFrame(encodeMessage(msg('framed')));
    await send(s, Buffer.concat([Buffer.from('noise\n'), frame, Buffer.from('more noise'), frame]));
    const got = await p.waitFor(2);
    expect(got.map((m) => m.payload)).toEqual(['framed', 'framed']);
    await closeSocket(s);
  });
});

describe('TcpInput: text records', () => {
  it('stamps Type, Logger and Hostname (the peer ip:port) as Heka does', async () => {
    const p = await pipeline({ address: '127.0.0.1:0', splitter: 'LineSplitter', decoder: '' }, lines);
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port);
    await send(s, 'hello\nworld\n');
    const got = await p.waitFor(2);
    expect(got.map((m) => m.payload)).toEqual(['hello\n', 'world\n']);
    for (const m of got) {
      expect(m.type).toBe('tcp_in');
      expect(m.logger).toBe('tcp_in');
      expect(m.hostname).toBe(`127.0.0.1:${s.localPort}`);
    }
    await closeSocket(s);
  });

  it('keeps connections apart: interleaved partial records never mix', async () => {
    const p = await pipeline({ address: '127.0.0.1:0', splitter: 'LineSplitter', decoder: '' }, lines);
    const { port } = await listeningOn(p);
    const a = await tcpConnect(port);
    const b = await tcpConnect(port);
    for (const [s, part] of [
      [a, 'alpha-'],
      [b, 'bravo-'],
      [a, 'one\nalpha-'],
      [b, 'one\n'],
      [a, 'two\n'],
    ] as const) {
      await send(s, part);
      await sleep(5);
    }
    const got = await p.waitFor(3);
    expect(got.map((m) => m.payload).sort()).toEqual(['alpha-one\n', 'alpha-two\n', 'bravo-one\n']);
    const hosts = new Set(got.map((m) => m.hostname));
    expect(hosts).toEqual(new Set([`127.0.0.1:${a.localPort}`, `127.0.0.1:${b.localPort}`]));
    await Promise.all([closeSocket(a), closeSocket(b)]);
  });

  it('drops the unterminated tail of a closed connection (no deliver_incomplete_final)', async () => {
    const p = await pipeline({ address: '127.0.0.1:0', splitter: 'LineSplitter', decoder: '' }, lines);
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port);
    await send(s, 'complete\nincomplete');
    await closeSocket(s);
    await p.waitFor(1);
    await sleep(50);
    expect(p.messages.map((m) => m.payload)).toEqual(['complete\n']);
  });

  it('listens on IPv6 with net = "tcp6" and prints the peer as [v6]:port', async () => {
    const p = await pipeline({ address: '[::1]:0', net: 'tcp6', splitter: 'LineSplitter', decoder: '' }, lines);
    const { port, host } = await listeningOn(p);
    expect(host).toBe('::1');
    const s = await tcpConnect(port, '::1');
    await send(s, 'v6\n');
    const [m] = await p.waitFor(1);
    expect(m?.hostname).toBe(`[::1]:${s.localPort}`);
    await closeSocket(s);
  });

  it('listens on every interface for ":port", reachable over IPv4 with an unmapped peer address', async () => {
    const p = await pipeline({ address: ':0', splitter: 'LineSplitter', decoder: '' }, lines);
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port, '127.0.0.1');
    await send(s, 'any\n');
    const [m] = await p.waitFor(1);
    expect(m?.hostname).toBe(`127.0.0.1:${s.localPort}`);
    await closeSocket(s);
  });

  it('listens on IPv4 only with net = "tcp4" and a host name', async () => {
    const p = await pipeline({ address: 'localhost:0', net: 'tcp4', splitter: 'LineSplitter', decoder: '' }, lines);
    const { host } = await listeningOn(p);
    expect(host).toBe('127.0.0.1');
  });
});

/** An output that holds every message until the gate opens. */
function gatedOutput(received: string[]) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((r) => (open = r));
  const definition = definePlugin({
    type: 'TestGatedOutput',
    kind: 'output',
    description: 'waits for a gate (test helper)',
    configSchema: NO_OPTIONS,
    create: () => ({
      async process(m: Message) {
        await gate;
        received.push(m.payload);
      },
    }),
  });
  return { definition, open: () => open() };
}

describe('TcpInput: back-pressure and stopping', () => {
  it('pauses a connection while the pipeline is full, so the sender blocks and nothing is lost', async () => {
    const received: string[] = [];
    const gated = gatedOutput(received);
    const p = await pipeline(
      { address: '127.0.0.1:0', splitter: 'LineSplitter', decoder: '' },
      { ...lines, slow: { definition: gated.definition, config: { message_matcher: "Type == 'tcp_in'" } } },
      { poolsize: 8, pluginChansize: 4 },
    );
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port);
    const line = `${'x'.repeat(99)}\n`;
    const total = 200_000; // 20 MB: far more than the socket buffers hold
    let written = 0;
    let blocked = false;
    while (written < total) {
      written++;
      if (!s.write(line)) {
        blocked = true;
        break;
      }
    }
    await sleep(300);
    // The sender could not get everything out: the input stopped reading.
    expect(blocked).toBe(true);
    expect(s.writableLength).toBeGreaterThan(0);
    expect(p.messages.length).toBeLessThan(50);
    gated.open();
    while (written < total) {
      written++;
      if (!s.write(line)) await new Promise((r) => s.once('drain', r));
    }
    await closeSocket(s);
    await p.waitFor(total, 60_000);
    expect(p.messages.length).toBe(total);
    expect(p.messages.every((m) => m.payload === line)).toBe(true);
    await p.stop();
    expect(received.length).toBe(total);
  }, 90_000);

  it('stop closes the listener and every connection promptly, after processing what was read', async () => {
    const p = await startTestPipeline({
      sections: {
        tcp_in: { definition: plugin, config: { address: '127.0.0.1:0', splitter: 'LineSplitter', decoder: '' } },
        ...lines,
      },
    });
    const { port } = await listeningOn(p);
    const clients = await Promise.all([1, 2, 3, 4, 5].map(() => tcpConnect(port)));
    await send(clients[0] as never, 'before stop\n');
    await p.waitFor(1);
    const closed = clients.map((c) => closedByPeer(c));
    const started = Date.now();
    await p.stop();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await Promise.all(closed)).toEqual(['closed', 'closed', 'closed', 'closed', 'closed']);
    await expect(tcpConnect(port)).rejects.toThrow(/ECONNREFUSED/);
    expect(p.messages.map((m) => m.payload)).toEqual(['before stop\n']);
  });
});
