// TcpOutput against real receiving servers on loopback: framing, reconnects without loss,
// reconnect_after, local_address, keepalive, back-pressure and stopping while connected.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { feederInput, Receiver, sections, sleep } from './helpers.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function receiver(port = 0): Promise<{ r: Receiver; port: number }> {
  const r = new Receiver();
  const bound = await r.listen(port);
  cleanups.push(() => r.close());
  return { r, port: bound };
}

async function output(config: Record<string, unknown>) {
  const feeder = feederInput();
  const p = await startTestPipeline({
    sections: {
      ...sections(feeder),
      out: { definition: plugin, config: { message_matcher: "Type == 'fed'", ...config } },
    },
    capture: null,
  });
  cleanups.push(() => p.stop());
  return { p, feed: feeder.feed };
}

const payloads = (n: number, prefix = 'm') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('TcpOutput', () => {
  it('sends Heka-framed protobuf by default, in order', async () => {
    const { r, port } = await receiver();
    const { feed } = await output({ address: `127.0.0.1:${port}` });
    feed('one', 'two', 'three');
    const got = await r.waitFor(3);
    expect(got.map((m) => m.payload)).toEqual(['one', 'two', 'three']);
    expect(got[0]?.type).toBe('fed');
    expect(r.raw.charCodeAt(0)).toBe(0x1e);
    expect(r.connections).toBe(1);
  });

  it('sends other encoders raw (use_framing defaults to false), and nothing when the encoder returns nothing', async () => {
    const { r, port } = await receiver();
    const { feed } = await output({ address: `127.0.0.1:${port}`, encoder: 'PayloadEncoder' });
    feed('a', 'skip me', 'b');
    await r.waitForRaw('b\n');
    expect(r.raw).toBe('a\nb\n');
  });

  it('frames any encoder with use_framing = true', async () => {
    const { r, port } = await receiver();
    const { feed } = await output({ address: `127.0.0.1:${port}`, encoder: 'PayloadEncoder', use_framing: true });
    feed('framed text');
    await r.waitForRaw('framed text\n');
    expect(r.raw).toBe('\x1e\x02\x08\x0c\x1fframed text\n');
  });

  it('retries while the server is down and delivers everything, in order, once it is up', async () => {
    const probe = createServer();
    await new Promise<void>((res) => probe.listen(0, '127.0.0.1', res));
    const port = (probe.address() as { port: number }).port;
    await new Promise((res) => probe.close(res));
    const { p, feed } = await output({ address: `127.0.0.1:${port}` });
    feed(...payloads(5));
    await p.waitForLog(/WARN out: delivery failed, will retry: can't connect to 127\.0\.0\.1:\d+: .*ECONNREFUSED/);
    await sleep(200);
    const { r } = await receiver(port);
    expect((await r.waitFor(5)).map((m) => m.payload)).toEqual(payloads(5));
  });

  it('reconnects when the server drops the connection, without losing or repeating a message', async () => {
    const first = await receiver();
    const { p, feed } = await output({ address: `127.0.0.1:${first.port}` });
    feed(...payloads(10, 'a'));
    await first.r.waitFor(10);
    await first.r.close();
    await p.waitForLog(/WARN out: connection to 127\.0\.0\.1:\d+ lost/);
    feed(...payloads(10, 'b'));
    await sleep(300); // the output keeps retrying while nobody listens
    const second = await receiver(first.port);
    const got = await second.r.waitFor(10);
    expect(got.map((m) => m.payload)).toEqual(payloads(10, 'b'));
    expect(first.r.messages.map((m) => m.payload)).toEqual(payloads(10, 'a'));
  });

  it('reconnect_after opens a new connection every N delivered messages', async () => {
    const { r, port } = await receiver();
    const { feed } = await output({ address: `127.0.0.1:${port}`, reconnect_after: 3 });
    feed(...payloads(7));
    expect((await r.waitFor(7)).map((m) => m.payload)).toEqual(payloads(7));
    expect(r.connections).toBe(3);
    expect(r.perConnection).toEqual([3, 3, 1]);
  });

  it('connects from local_address, with or without a port', async () => {
    const { r, port } = await receiver();
    const { feed } = await output({ address: `127.0.0.1:${port}`, local_address: '127.0.0.2' });
    feed('from .2');
    await r.waitFor(1);
    expect(r.peers[0]?.remoteAddress).toBe('127.0.0.2');
    const other = await receiver();
    const { feed: feed3 } = await output({ address: `127.0.0.1:${other.port}`, local_address: '127.0.0.3:0' });
    feed3('from .3');
    await other.r.waitFor(1);
    expect(other.r.peers[0]?.remoteAddress).toBe('127.0.0.3');
  });

  it('keep_alive arms the kernel keepalive timer with keep_alive_period', async () => {
    const { r, port } = await receiver();
    const { feed } = await output({ address: `127.0.0.1:${port}`, keep_alive: true, keep_alive_period: 55 });
    feed('x');
    await r.waitFor(1);
    await sleep(20);
    const local = r.peers[0]?.remotePort as number;
    const hex = (n: number) => `:${n.toString(16).toUpperCase().padStart(4, '0')}`;
    const line = readFileSync('/proc/net/tcp', 'utf8')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find((f) => f[1]?.endsWith(hex(local)) && f[2]?.endsWith(hex(port)));
    const [timer, when] = (line?.[5] ?? '').split(':').map((h) => Number.parseInt(h, 16));
    expect(timer).toBe(2);
    expect(when).toBeGreaterThan(5000);
    expect(when).toBeLessThanOrEqual(5500);
  });

  it('lets back-pressure build when the server stops reading, and loses nothing when it resumes', async () => {
    const { r, port } = await receiver();
    r.pause();
    const { p, feed } = await output({ address: `127.0.0.1:${port}` });
    const big = 'y'.repeat(1000);
    const total = 20_000; // 20 MB: more than the socket buffers hold
    feed(...Array.from({ length: total }, (_, i) => `${i} ${big}`));
    const stats = p.pipeline.outputs.get('out')?.stats;
    let before = -1;
    for (let i = 0; i < 100 && stats?.processed !== before; i++) {
      before = stats?.processed ?? 0;
      await sleep(100);
    }
    // Stalled: the output waits for the kernel to take its bytes.
    expect(stats?.processed).toBeLessThan(total);
    r.resume();
    const got = await r.waitFor(total, 30_000);
    expect(got.every((m, i) => m.payload === `${i} ${big}`)).toBe(true);
  }, 60_000);

  it('stop delivers what is queued, then closes the connection at once', async () => {
    const { r, port } = await receiver();
    const { p, feed } = await output({ address: `127.0.0.1:${port}` });
    feed(...payloads(100));
    await r.waitFor(1);
    const closed = new Promise<void>((res) => r.peers[0]?.once('end', () => res()));
    const started = Date.now();
    await p.stop();
    await closed;
    expect(Date.now() - started).toBeLessThan(2500);
    expect((await r.waitFor(100)).length).toBe(100);
  });

  it('accepts ticker_interval (Heka has no timer on TcpOutput either)', async () => {
    const { r, port } = await receiver();
    const { feed } = await output({ address: `127.0.0.1:${port}`, ticker_interval: 1 });
    feed('ticking');
    await r.waitFor(1);
    await sleep(1100);
    feed('still fine');
    expect((await r.waitFor(2)).map((m) => m.payload)).toEqual(['ticking', 'still fine']);
  });
});

describe('TcpOutput configuration errors name the key', () => {
  const create = (config: Record<string, unknown>) =>
    Promise.resolve().then(() =>
      plugin.create(
        resolveSection(plugin, 'bad', { message_matcher: 'TRUE', ...config }).own as never,
        pluginContext(plugin, 'bad'),
      ),
    );
  it.each([
    [{ address: 'nohost' }, /address: missing port in address/],
    [{ address: '[::1:80' }, /address: missing "\]"/],
    [{ local_address: '1:2:3' }, /local_address: .*not an IPv6|local_address: too many colons/],
    [{ use_tls: true, tls: { cert_file: '/x.pem' } }, /tls\.key_file: set both cert_file and key_file/],
    [{ use_tls: true, tls: { root_cafile: '/no/ca.pem' } }, /tls\.root_cafile: cannot read/],
  ])('%j', async (config, error) => {
    await expect(create(config)).rejects.toThrow(error);
  });

  it('rejects unknown and mistyped keys with the key named', () => {
    expect(() => resolveSection(plugin, 'bad', { message_matcher: 'TRUE', reconnect_after: -1 })).toThrow(
      /reconnect_after/,
    );
    expect(() => resolveSection(plugin, 'bad', { message_matcher: 'TRUE', tls: { min_version: 'TLS13' } })).toThrow(
      /min_version/,
    );
  });
});
