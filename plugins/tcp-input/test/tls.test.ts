// TcpInput with use_tls, against real TLS clients and certificates made by openssl for this run.
import { readFileSync } from 'node:fs';
import type { TLSSocket } from 'node:tls';
import { createTestCertificates, type TestCertificates } from '@heka/net/testing';
import { startTestPipeline, type TestPipeline } from '@heka/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { closedByPeer, closeSocket, lineSplitter, listeningOn, send, tlsClient } from './helpers.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = createTestCertificates();
});
afterAll(() => certs.cleanup());

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) await s();
});

async function tlsInput(tls: Record<string, unknown>, name = 'tls_in'): Promise<{ p: TestPipeline; port: number }> {
  const p = await startTestPipeline({
    sections: {
      [name]: {
        definition: plugin,
        config: {
          address: '127.0.0.1:0',
          use_tls: true,
          tls: { cert_file: certs.serverCert, key_file: certs.serverKey, ...tls },
          splitter: 'LineSplitter',
          decoder: '',
        },
      },
      LineSplitter: { definition: lineSplitter },
    },
  });
  stops.push(() => p.stop());
  const { port } = await listeningOn(p);
  return { p, port };
}

const trusting = () => ({ ca: [readFileSync(certs.ca)], servername: 'localhost' });
const withCert = (which: 'client' | 'rogue') => ({
  ...trusting(),
  cert: readFileSync(which === 'client' ? certs.clientCert : certs.rogueCert),
  key: readFileSync(which === 'client' ? certs.clientKey : certs.rogueKey),
});

/** Connects, sends a line, and says whether the server took it. */
async function delivers(p: TestPipeline, port: number, options: object, line: string): Promise<boolean> {
  let s: TLSSocket;
  try {
    s = await tlsClient(port, options);
  } catch {
    return false;
  }
  s.on('error', () => undefined);
  await send(s, `${line}\n`).catch(() => undefined);
  const before = p.messages.length;
  const outcome = await Promise.race([
    p.waitFor(before + 1, 3000).then(
      () => 'delivered' as const,
      () => 'lost' as const,
    ),
    closedByPeer(s, 3000).then((r) => (r === 'closed' ? ('refused' as const) : ('lost' as const))),
  ]);
  await closeSocket(s);
  return outcome === 'delivered' && p.messages.some((m) => m.payload === `${line}\n`);
}

describe('TcpInput over TLS', () => {
  it('reads records from a TLS client that trusts the server certificate', async () => {
    const { p, port } = await tlsInput({});
    expect(p.logs.some((l) => /listening on 127\.0\.0\.1:\d+ \(TLS\)/.test(l))).toBe(true);
    const s = await tlsClient(port, trusting());
    expect(s.authorized).toBe(true);
    await send(s, 'secret\n');
    const [m] = await p.waitFor(1);
    expect(m?.payload).toBe('secret\n');
    expect(m?.hostname).toBe(`127.0.0.1:${s.localPort}`);
    await closeSocket(s);
  });

  it('logs a failed handshake (a plain-TCP client) and keeps serving', async () => {
    const { p, port } = await tlsInput({});
    const { tcpConnect } = await import('./helpers.js');
    const plain = await tcpConnect(port);
    await send(plain, 'not a handshake\n');
    expect(await closedByPeer(plain)).toBe('closed');
    await p.waitForLog(/WARN tls_in: TLS handshake with 127\.0\.0\.1:\d+ failed/);
    expect(await delivers(p, port, trusting(), 'still serving')).toBe(true);
  });

  it('client_auth = "RequireAndVerifyClientCert" takes only certificates from client_cafile', async () => {
    const { p, port } = await tlsInput({ client_auth: 'RequireAndVerifyClientCert', client_cafile: certs.ca });
    expect(await delivers(p, port, trusting(), 'no cert')).toBe(false);
    expect(await delivers(p, port, withCert('rogue'), 'rogue cert')).toBe(false);
    expect(await delivers(p, port, withCert('client'), 'good cert')).toBe(true);
    expect(p.messages.map((m) => m.payload)).toEqual(['good cert\n']);
  });

  it('client_auth = "RequireAnyClientCert" needs a certificate but does not verify it', async () => {
    const { p, port } = await tlsInput({ client_auth: 'RequireAnyClientCert', client_cafile: certs.ca });
    expect(await delivers(p, port, trusting(), 'no cert')).toBe(false);
    await p.waitForLog(/WARN tls_in: refusing 127\.0\.0\.1:\d+: a client certificate is required/);
    expect(await delivers(p, port, withCert('rogue'), 'rogue cert')).toBe(true);
  });

  it('client_auth = "VerifyClientCertIfGiven" accepts no certificate, but verifies one that is given', async () => {
    const { p, port } = await tlsInput({ client_auth: 'VerifyClientCertIfGiven', client_cafile: certs.ca });
    expect(await delivers(p, port, trusting(), 'no cert')).toBe(true);
    expect(await delivers(p, port, withCert('rogue'), 'rogue cert')).toBe(false);
    await p.waitForLog(/refusing 127\.0\.0\.1:\d+: client certificate rejected/);
    expect(await delivers(p, port, withCert('client'), 'good cert')).toBe(true);
  });

  it('client_auth = "RequestClientCert" asks for a certificate but takes any or none', async () => {
    const { p, port } = await tlsInput({ client_auth: 'RequestClientCert' });
    expect(await delivers(p, port, trusting(), 'no cert')).toBe(true);
    expect(await delivers(p, port, withCert('rogue'), 'rogue cert')).toBe(true);
  });

  it('ciphers with prefer_server_ciphers (default true) pick the server order; false picks the client order', async () => {
    const ciphers = ['ECDHE_RSA_WITH_AES_128_CBC_SHA', 'ECDHE_RSA_WITH_AES_256_CBC_SHA'];
    const clientOrder = { ...trusting(), ciphers: 'ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA' };
    const server = await tlsInput({ ciphers, max_version: 'TLS12' }, 'server_order');
    const a = await tlsClient(server.port, clientOrder);
    expect(a.getCipher().standardName).toBe('TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA');
    await closeSocket(a);
    const client = await tlsInput({ ciphers, max_version: 'TLS12', prefer_server_ciphers: false }, 'client_order');
    const b = await tlsClient(client.port, clientOrder);
    expect(b.getCipher().standardName).toBe('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA');
    await closeSocket(b);
    // A client offering none of the server's suites cannot connect.
    const none = { ...trusting(), ciphers: 'ECDHE-RSA-AES128-GCM-SHA256', maxVersion: 'TLSv1.2' as const };
    await expect(tlsClient(server.port, none)).rejects.toThrow(/handshake failure|alert/);
  });

  it('min_version and max_version bound the protocol', async () => {
    const tls12 = await tlsInput({ max_version: 'TLS12' }, 'only12');
    const a = await tlsClient(tls12.port, trusting());
    expect(a.getProtocol()).toBe('TLSv1.2');
    await closeSocket(a);
    const old = {
      ...trusting(),
      minVersion: 'TLSv1' as const,
      maxVersion: 'TLSv1.1' as const,
      ciphers: 'DEFAULT:@SECLEVEL=0',
    };
    await expect(tlsClient(tls12.port, old)).rejects.toThrow();
    const legacy = await tlsInput({ min_version: 'TLS10', max_version: 'TLS11' }, 'legacy');
    expect(legacy.p.logs.some((l) => /security level is lowered/.test(l))).toBe(true);
    const b = await tlsClient(legacy.port, old);
    expect(b.getProtocol()).toBe('TLSv1.1');
    await closeSocket(b);
    await expect(tlsClient(legacy.port, trusting())).rejects.toThrow();
  });

  it('resumes sessions with tickets unless session_tickets_disabled', async () => {
    const resumed = async (port: number): Promise<{ ticket: boolean; reused: boolean }> => {
      const opts = { ...trusting(), maxVersion: 'TLSv1.2' as const };
      const first = await tlsClient(port, opts);
      const session = first.getSession();
      const ticket = first.getTLSTicket() !== undefined;
      await closeSocket(first);
      const second = await tlsClient(port, { ...opts, session });
      const reused = second.isSessionReused();
      await closeSocket(second);
      return { ticket, reused };
    };
    const on = await tlsInput({}, 'tickets');
    expect(await resumed(on.port)).toEqual({ ticket: true, reused: true });
    const off = await tlsInput({ session_tickets_disabled: true }, 'no_tickets');
    expect(await resumed(off.port)).toEqual({ ticket: false, reused: false });
  });

  it("servers sharing sesion_ticket_key resume each other's sessions", async () => {
    const key = 'ab'.repeat(32);
    const a = await tlsInput({ sesion_ticket_key: key }, 'a');
    const b = await tlsInput({ sesion_ticket_key: key }, 'b');
    const c = await tlsInput({ sesion_ticket_key: 'cd'.repeat(32) }, 'c');
    const opts = { ...trusting(), maxVersion: 'TLSv1.2' as const };
    const first = await tlsClient(a.port, opts);
    const session = first.getSession();
    await closeSocket(first);
    const onB = await tlsClient(b.port, { ...opts, session });
    expect(onB.isSessionReused()).toBe(true);
    await closeSocket(onB);
    const onC = await tlsClient(c.port, { ...opts, session });
    expect(onC.isSessionReused()).toBe(false);
    await closeSocket(onC);
  });
});
