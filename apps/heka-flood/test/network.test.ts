import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createTestCertificates, type TestCertificates } from '@heka/net/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { config } from './helpers.js';
import { ensureBuilt, run, start } from './run.js';
import { type TcpReceiver, tcpReceiver, udpReceiver } from './servers.js';

let certs: TestCertificates;
beforeAll(() => {
  ensureBuilt();
  certs = createTestCertificates();
});
afterAll(() => certs.cleanup());
const receivers: TcpReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});
async function receiver(o: Parameters<typeof tcpReceiver>[0] = {}, port = 0) {
  const r = await tcpReceiver(o, port);
  receivers.push(r);
  return r;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const addr = s.address();
  await new Promise<void>((r) => s.close(() => r()));
  return typeof addr === 'object' && addr ? addr.port : 0;
}

/** "Sent N messages. R msg/sec B Mbit/sec" lines. */
function rates(stdout: string): { sent: number; rate: number; mbit: number }[] {
  return [...stdout.matchAll(/Sent (\d+) messages\. ([\d.]+) msg\/sec ([\d.]+) Mbit\/sec/g)].map((m) => ({
    sent: Number(m[1]),
    rate: Number(m[2]),
    mbit: Number(m[3]),
  }));
}

describe('heka-flood over UDP', () => {
  it('sends one datagram per message, paced by message_interval', async () => {
    const rx = await udpReceiver();
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      sender: 'udp',
      num_messages: 100,
      static_message_size: 200,
      message_interval: '2ms',
    });
    const t0 = Date.now();
    const r = await run(['-config', file, '-test', 't']);
    const elapsed = Date.now() - t0;
    expect(r.code).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(200);
    await new Promise((res) => setTimeout(res, 100));
    expect(rx.counts.datagrams).toBe(100);
    expect(rx.counts.frames).toBe(100);
    expect(r.stdout).toContain('Clean shutdown:  100  messages sent;  100  messages delivered.');
    await rx.close();
  });

  it('a message too big for a datagram is a send error: Heka stops (no reconnect_on_error)', async () => {
    const rx = await udpReceiver();
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      sender: 'udp',
      num_messages: 5,
      static_message_size: 70000,
      max_message_size: 100000,
    });
    const r = await run(['-config', file, '-test', 't']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Error sending message: .*EMSGSIZE/);
    expect(r.stdout).toMatch(/Clean shutdown: {2}\d+ {2}messages sent; {2}0 {2}messages delivered\./);
    await rx.close();
  });
});

describe('heka-flood over TLS', () => {
  it('verifies the server against root_cafile and sends framed messages', async () => {
    const rx = await receiver({ tls: { cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) } });
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: 100,
      use_tls: true,
      tls: { root_cafile: certs.ca },
    });
    const r = await run(['-config', file, '-test', 't']);
    expect(r.code).toBe(0);
    await rx.ended();
    expect(rx.counts.frames).toBe(100);
  });

  it('presents cert_file/key_file to a server that requires client certificates', async () => {
    const rx = await receiver({
      tls: {
        cert: readFileSync(certs.serverCert),
        key: readFileSync(certs.serverKey),
        ca: readFileSync(certs.ca),
        requestCert: true,
        rejectUnauthorized: true,
      },
    });
    const file = config({
      ip_address: `localhost:${rx.port}`,
      sender: 'tcp4',
      num_messages: 10,
      use_tls: true,
      tls: { root_cafile: certs.ca, cert_file: certs.clientCert, key_file: certs.clientKey, server_name: 'localhost' },
    });
    expect((await run(['-config', file, '-test', 't'])).code).toBe(0);
    await rx.ended();
    expect(rx.counts.frames).toBe(10);
  });

  it('refuses an unknown server certificate unless insecure_skip_verify', async () => {
    const rx = await receiver({ tls: { cert: readFileSync(certs.serverCert), key: readFileSync(certs.serverKey) } });
    const bad = await run([
      '-config',
      config({ ip_address: `127.0.0.1:${rx.port}`, num_messages: 1, use_tls: true }),
      '-test',
      't',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/Error creating sender: .*certificate/);
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: 5,
      use_tls: true,
      tls: { insecure_skip_verify: true },
    });
    expect((await run(['-config', file, '-test', 't'])).code).toBe(0);
    // The refused handshake never became a connection on the server side.
    await rx.ended(1);
    expect(rx.counts.connections).toBe(1);
    expect(rx.counts.frames).toBe(5);
  });
});

describe('heka-flood errors and reconnection', () => {
  it('exits 1 when the first connection fails and reconnect_on_error is off', async () => {
    const port = await freePort();
    const r = await run(['-config', config({ ip_address: `127.0.0.1:${port}`, num_messages: 1 }), '-test', 't']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Error creating sender: .*ECONNREFUSED/);
    expect(r.stdout).not.toContain('Clean shutdown');
  });

  it('keeps dialling every reconnect_interval until the receiver is up', async () => {
    const port = await freePort();
    const file = config({
      ip_address: `127.0.0.1:${port}`,
      num_messages: 20,
      reconnect_on_error: true,
      reconnect_interval: 1,
    });
    const flood = start(['-config', file, '-test', 't']);
    await flood.until(() => flood.stdout().includes('Attempting to reconnect...'));
    const rx = await receiver({}, port);
    expect(await flood.exited).toBe(0);
    await rx.ended();
    expect(rx.counts.frames).toBe(20);
    expect(flood.stderr()).toContain('Error creating sender:');
  });

  it('reconnects after the receiver drops the connection (reconnect_on_error)', async () => {
    const rx = await receiver({ onConnection: (sock, i) => i === 0 && sock.once('data', () => sock.destroy()) });
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: 0,
      static_message_size: 200,
      reconnect_on_error: true,
      reconnect_interval: 1,
    });
    const flood = start(['-config', file, '-test', 't']);
    await flood.until(() => rx.counts.connections === 2 && rx.counts.frames > 1000);
    flood.child.kill('SIGINT');
    expect(await flood.exited).toBe(0);
    expect(flood.stderr()).toMatch(/Error sending message: /);
    expect(flood.stdout()).toContain('Attempting to reconnect...');
    const m = /Clean shutdown: {2}(\d+) {2}messages sent; {2}(\d+) {2}messages delivered\./.exec(flood.stdout());
    expect(m).not.toBeNull();
    expect(Number(m?.[2])).toBeLessThanOrEqual(Number(m?.[1]));
  });

  it('stops at the first send error without reconnect_on_error, still printing the summary', async () => {
    const rx = await receiver({ onConnection: (sock) => sock.once('data', () => sock.destroy()) });
    const file = config({ ip_address: `127.0.0.1:${rx.port}`, num_messages: 0, static_message_size: 200 });
    const r = await run(['-config', file, '-test', 't']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Error sending message: /);
    expect(r.stdout).toMatch(/Clean shutdown: {2}\d+ {2}messages sent; {2}\d+ {2}messages delivered\./);
    expect(rx.counts.connections).toBe(1);
  });
});

describe('heka-flood rate and back-pressure', () => {
  it('waits for a receiver that stops reading (bounded memory), resumes when it reads again', async () => {
    const sockets: import('node:net').Socket[] = [];
    const rx = await receiver({ onConnection: (sock) => sockets.push(sock) });
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: 0,
      static_message_size: 1000,
      ascii_only: true,
    });
    const flood = start(['-config', file, '-test', 't']);
    await flood.until(() => rx.counts.frames > 10_000);
    for (const s of sockets) s.pause();
    // Give it time to fill every buffer between the two processes, and to report rates meanwhile.
    await new Promise((r) => setTimeout(r, 3000));
    const stalled = rates(flood.stdout());
    const last = stalled.at(-1)?.sent ?? 0;
    const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${flood.child.pid}/status`, 'utf8'))?.[1]);
    await new Promise((r) => setTimeout(r, 1500));
    const later = rates(flood.stdout()).at(-1)?.sent ?? 0;
    // Stalled: at most what socket buffers hold (a few MB) beyond what was received.
    expect(later - rx.counts.frames).toBeLessThan(32_000);
    expect(later).toBe(last);
    expect(rss).toBeLessThan(300 * 1024);
    for (const s of sockets) s.resume();
    await flood.until(() => rx.counts.frames > later + 10_000);
    flood.child.kill('SIGINT');
    expect(await flood.exited).toBe(0);
    expect(flood.stdout()).toMatch(/Clean shutdown: {2}\d+ {2}messages sent;/);
  });

  it('stops promptly on SIGINT even while the receiver reads nothing', async () => {
    const rx = await receiver({ onConnection: (sock) => sock.pause() });
    const file = config({ ip_address: `127.0.0.1:${rx.port}`, num_messages: 0, static_message_size: 1000 });
    const flood = start(['-config', file, '-test', 't']);
    await flood.until(() => rx.counts.connections === 1);
    await new Promise((r) => setTimeout(r, 800));
    const t0 = Date.now();
    flood.child.kill('SIGINT');
    expect(await flood.exited).toBe(0);
    expect(Date.now() - t0).toBeLessThan(3000);
    const m = /Clean shutdown: {2}(\d+) {2}messages sent; {2}(\d+) {2}messages delivered\./.exec(flood.stdout());
    expect(Number(m?.[1])).toBeGreaterThan(0);
    expect(Number(m?.[2])).toBeLessThanOrEqual(Number(m?.[1]));
  });

  it('reports messages/s every second; measured to a discarding receiver', async () => {
    const sink = createServer((s) => {
      s.on('data', () => {});
      s.on('error', () => {});
    });
    await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
    const addr = sink.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    const file = config({ ip_address: `127.0.0.1:${port}`, num_messages: 0, ascii_only: true });
    const flood = start(['-config', file, '-test', 't']);
    await flood.until(() => rates(flood.stdout()).length >= 3);
    flood.child.kill('SIGINT');
    expect(await flood.exited).toBe(0);
    sink.close();
    const r = rates(flood.stdout());
    for (const line of flood.stdout().trim().split('\n')) expect(line).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /);
    expect(r[1]?.sent).toBeGreaterThan(r[0]?.sent ?? 0);
    const best = Math.max(...r.map((x) => x.rate));
    expect(best).toBeGreaterThan(10_000);
    // For the record (1 KB messages, loopback, one connection).
    console.log(`heka-flood: ${best.toFixed(0)} msg/s, ${Math.max(...r.map((x) => x.mbit)).toFixed(0)} Mbit/s`);
  });
});
