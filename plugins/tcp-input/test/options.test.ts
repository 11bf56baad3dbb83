// TcpInput options: unix sockets (stale files), keepalive (seen in the kernel's socket table), and
// configuration errors that name the key.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestCertificates } from '@heka/net/testing';
import { pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { closeSocket, lineSplitter, listeningOn, send, sleep, tcpConnect, unixConnect } from './helpers.js';

const stops: (() => Promise<void>)[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tcp-input-'));
  dirs.push(d);
  return d;
}

async function start(config: Record<string, unknown>) {
  const p = await startTestPipeline({
    sections: {
      tcp_in: { definition: plugin, config: { splitter: 'LineSplitter', decoder: '', ...config } },
      LineSplitter: { definition: lineSplitter },
    },
  });
  stops.push(() => p.stop());
  return p;
}

describe('TcpInput on unix sockets', () => {
  it('reads from a socket path, stamps the local host name, and removes the file on stop', async () => {
    const path = join(tempDir(), 'in.sock');
    const p = await start({ net: 'unix', address: path });
    expect((await listeningOn(p)).text).toBe(path);
    const s = await unixConnect(path);
    await send(s, 'over unix\n');
    const [m] = await p.waitFor(1);
    expect(m?.payload).toBe('over unix\n');
    expect(m?.hostname).toBe('testkit');
    expect(m?.type).toBe('tcp_in');
    await closeSocket(s);
    await p.stop();
    expect(existsSync(path)).toBe(false);
  });

  it('replaces a socket file left by a process that died', async () => {
    const path = join(tempDir(), 'stale.sock');
    // A real process listens and is killed: its socket file stays behind.
    const script = `require('net').createServer().listen(${JSON.stringify(path)}, () => process.kill(process.pid, 'SIGKILL'))`;
    spawnSync(process.execPath, ['-e', script]);
    expect(existsSync(path)).toBe(true);
    const p = await start({ net: 'unix', address: path });
    await listeningOn(p);
    const s = await unixConnect(path);
    await send(s, 'after stale\n');
    expect((await p.waitFor(1))[0]?.payload).toBe('after stale\n');
    await closeSocket(s);
  });

  it('refuses a socket another process listens on, and a path that is not a socket', async () => {
    const dir = tempDir();
    const live = join(dir, 'live.sock');
    const other = createServer();
    await new Promise<void>((r) => other.listen(live, r));
    const p = await start({ net: 'unix', address: live, can_exit: true, retries: { max_retries: 0 } });
    await p.waitForLog(/another process is listening on this socket/);
    await new Promise((r) => other.close(r));
    const file = join(dir, 'plain-file');
    writeFileSync(file, 'data');
    const q = await start({ net: 'unix', address: file, can_exit: true, retries: { max_retries: 0 } });
    await q.waitForLog(/plain-file exists and is not a socket/);
    expect(readFileSync(file, 'utf8')).toBe('data');
  });

  it('listens in the Linux abstract namespace for "@name"', async () => {
    const name = `heka-test-${process.pid}-${Date.now()}`;
    const p = await start({ net: 'unix', address: `@${name}` });
    expect((await listeningOn(p)).text).toBe(`@${name}`);
    const s = await unixConnect(`\0${name}`);
    await send(s, 'abstract\n');
    expect((await p.waitFor(1))[0]?.payload).toBe('abstract\n');
    await closeSocket(s);
  });
});

/** The kernel's view of a TCP socket: its timer (2 = keepalive) and when it fires (in 1/100 s). */
function kernelTimer(localPort: number, remotePort: number): { timer: number; when: number } | undefined {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 6) continue;
      if (f[1]?.endsWith(`:${hex(localPort)}`) && f[2]?.endsWith(`:${hex(remotePort)}`)) {
        const [timer, when] = (f[5] as string).split(':');
        return { timer: Number.parseInt(timer as string, 16), when: Number.parseInt(when as string, 16) };
      }
    }
  }
  return undefined;
}

describe('TcpInput keepalive', () => {
  it('keep_alive with keep_alive_period arms the kernel keepalive timer of accepted connections', async () => {
    const p = await start({ address: '127.0.0.1:0', keep_alive: true, keep_alive_period: 77 });
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port);
    await send(s, 'x\n');
    await p.waitFor(1);
    await sleep(20);
    const t = kernelTimer(port, s.localPort as number);
    expect(t?.timer).toBe(2);
    expect(t?.when).toBeGreaterThan(7000);
    expect(t?.when).toBeLessThanOrEqual(7700);
    await closeSocket(s);
  });

  it('leaves keepalive off by default', async () => {
    const p = await start({ address: '127.0.0.1:0' });
    const { port } = await listeningOn(p);
    const s = await tcpConnect(port);
    await send(s, 'x\n');
    await p.waitFor(1);
    expect(kernelTimer(port, s.localPort as number)?.timer).toBe(0);
    await closeSocket(s);
  });
});

describe('TcpInput configuration errors name the key', () => {
  const create = (config: Record<string, unknown>) =>
    Promise.resolve().then(() =>
      plugin.create(resolveSection(plugin, 'bad', config).own as never, pluginContext(plugin, 'bad')),
    );

  it.each([
    [{ address: '127.0.0.1' }, /address: missing port in address/],
    [{ address: '::1:5565' }, /address: too many colons/],
    [{ address: '127.0.0.1:99999' }, /address: invalid port "99999"/],
    [{ address: '[::1]:5565', net: 'tcp4' }, /address: ::1 is not an IPv4 address/],
    [{ address: '/tmp/x.sock', net: 'unixpacket' }, /net: "unixpacket" is not supported/],
    [{ address: '/tmp/x.sock', net: 'unix', keep_alive: true }, /keep_alive: KeepAlive is only supported for TCP/],
    [{ address: ':0', use_tls: true }, /tls\.cert_file: a TLS server requires both cert_file and key_file/],
  ])('%j', async (config, error) => {
    await expect(create(config)).rejects.toThrow(error);
  });

  it('reports unreadable TLS files and impossible TLS settings', async () => {
    const certs = createTestCertificates();
    try {
      const tls = { cert_file: certs.serverCert, key_file: certs.serverKey };
      const bad = (extra: Record<string, unknown>) =>
        create({ address: ':0', use_tls: true, tls: { ...tls, ...extra } });
      await expect(bad({ cert_file: '/no/such.pem' })).rejects.toThrow(/tls\.cert_file: cannot read "\/no\/such\.pem"/);
      await expect(bad({ client_cafile: certs.notPem })).rejects.toThrow(
        /tls\.client_cafile: no PEM encoded certificates/,
      );
      await expect(bad({ max_version: 'SSL30' })).rejects.toThrow(/tls\.max_version: SSL 3\.0 is not supported/);
      await expect(bad({ min_version: 'TLS12', max_version: 'TLS11' })).rejects.toThrow(
        /tls\.max_version: TLS11 must be newer than min_version \(TLS12\)/,
      );
      await expect(bad({ ciphers: ['RSA_WITH_RC4_128_SHA'] })).rejects.toThrow(
        /tls\.ciphers: RSA_WITH_RC4_128_SHA \(RC4-SHA\) is not available/,
      );
      await expect(bad({ sesion_ticket_key: 'abcd' })).rejects.toThrow(/tls\.sesion_ticket_key: must be 32 bytes/);
      expect(() => resolveSection(plugin, 'bad', { address: ':0', tls: { client_auth: 'Sometimes' } })).toThrow(
        /client_auth/,
      );
      expect(() => resolveSection(plugin, 'bad', { address: ':0', tls: { cipher: [] } })).toThrow(/cipher/);
    } finally {
      certs.cleanup();
    }
  });

  it('a listen failure (address in use) is logged and goes to the restart policy', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    try {
      const p = await start({ address: `127.0.0.1:${port}`, can_exit: true, retries: { max_retries: 0 } });
      await p.waitForLog(/ERROR tcp_in: stopped: .*EADDRINUSE/);
      await p.waitForLog(/input 'tcp_in' failed: .*can_exit is set/);
    } finally {
      await new Promise((r) => busy.close(r));
    }
  });
});
