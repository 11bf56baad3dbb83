// TcpOutput with use_tls against real TLS servers, with certificates made by openssl for this run.
import { readFileSync } from 'node:fs';
import { createTestCertificates, type TestCertificates } from '@heka/net/testing';
import { startTestPipeline } from '@heka/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { feederInput, Receiver, sections, sleep } from './helpers.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = createTestCertificates();
});
afterAll(() => certs.cleanup());

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function tlsReceiver(extra: Record<string, unknown> = {}) {
  const r = new Receiver({
    cert: readFileSync(certs.serverCert),
    key: readFileSync(certs.serverKey),
    ...extra,
  });
  const port = await r.listen();
  cleanups.push(() => r.close());
  return { r, port };
}

/**
 * `stuck`: the output will still be retrying a message at the end of the test. A graceful stop waits
 * for that message forever (the runtime retries RetryLater while closing), so the runner is stopped
 * first, dropping it.
 */
async function output(port: number, tls: Record<string, unknown>, extra: Record<string, unknown> = {}, stuck = false) {
  const feeder = feederInput();
  const p = await startTestPipeline({
    sections: {
      ...sections(feeder),
      out: {
        definition: plugin,
        config: { message_matcher: 'TRUE', address: `127.0.0.1:${port}`, use_tls: true, tls, ...extra },
      },
    },
    capture: null,
  });
  cleanups.push(async () => {
    if (stuck) await p.pipeline.outputs.get('out')?.stop();
    await p.stop();
  });
  return { p, feed: feeder.feed };
}

describe('TcpOutput over TLS', () => {
  it('verifies the server against root_cafile and sends framed messages', async () => {
    const { r, port } = await tlsReceiver();
    const { feed } = await output(port, { root_cafile: certs.ca });
    feed('over tls', 'again');
    expect((await r.waitFor(2)).map((m) => m.payload)).toEqual(['over tls', 'again']);
  });

  it('refuses a server its CAs do not know, and keeps the message until insecure_skip_verify would', async () => {
    const { r, port } = await tlsReceiver();
    const { p, feed } = await output(port, { root_cafile: certs.otherCa }, {}, true);
    feed('never sent');
    await p.waitForLog(
      /delivery failed, will retry: can't connect to 127\.0\.0\.1:\d+: .*(self.signed|unable to verify|local issuer)/i,
    );
    await sleep(100);
    expect(r.messages).toEqual([]);
    const insecure = await output(port, { root_cafile: certs.otherCa, insecure_skip_verify: true });
    insecure.feed('sent anyway');
    expect((await r.waitFor(1)).map((m) => m.payload)).toEqual(['sent anyway']);
  });

  it('checks the certificate against server_name', async () => {
    const { r, port } = await tlsReceiver();
    const wrong = await output(port, { root_cafile: certs.ca, server_name: 'wrong.example.com' }, {}, true);
    wrong.feed('wrong name');
    await wrong.p.waitForLog(/can't connect .*(does not match|altnames)/i);
    const right = await output(port, { root_cafile: certs.ca, server_name: 'localhost' });
    right.feed('right name');
    expect((await r.waitFor(1)).map((m) => m.payload)).toEqual(['right name']);
  });

  it('presents cert_file/key_file to a server that requires a client certificate', async () => {
    const { r, port } = await tlsReceiver({ requestCert: true, rejectUnauthorized: true, ca: readFileSync(certs.ca) });
    // TLS 1.2: the server refuses during the handshake (with TLS 1.3 the client learns it only later).
    const anonymous = await output(port, { root_cafile: certs.ca, max_version: 'TLS12' }, {}, true);
    anonymous.feed('anonymous');
    await anonymous.p.waitForLog(/delivery failed, will retry: can't connect to .*(certificate|handshake)/i);
    const authenticated = await output(port, {
      root_cafile: certs.ca,
      cert_file: certs.clientCert,
      key_file: certs.clientKey,
    });
    authenticated.feed('with cert');
    await r.waitFor(1);
    expect(r.messages.map((m) => m.payload)).toContain('with cert');
    expect(r.messages.map((m) => m.payload)).not.toContain('anonymous');
  });

  it('honours ciphers and max_version', async () => {
    const { r, port } = await tlsReceiver();
    const { feed } = await output(port, {
      root_cafile: certs.ca,
      max_version: 'TLS12',
      ciphers: ['ECDHE_RSA_WITH_AES_256_CBC_SHA'],
    });
    feed('cbc');
    await r.waitFor(1);
    const peer = r.peers[0] as import('node:tls').TLSSocket;
    expect(peer.getProtocol()).toBe('TLSv1.2');
    expect(peer.getCipher().standardName).toBe('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA');
  });

  it('stopping while a handshake hangs abandons the attempt at once', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer((s) => s.on('error', () => undefined)); // accepts, never answers
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res));
    cleanups.push(() => new Promise((res) => silent.close(() => res())));
    const connected = new Promise<void>((res) => silent.once('connection', () => res()));
    const { p, feed } = await output((silent.address() as { port: number }).port, { root_cafile: certs.ca });
    feed('stuck in handshake');
    await connected;
    const started = Date.now();
    await p.pipeline.outputs.get('out')?.stop();
    await p.stop();
    expect(Date.now() - started).toBeLessThan(2500);
    await p.waitForLog(/failed to process a message|can't connect/);
  });

  it('combines local_address with TLS (Heka refused to)', async () => {
    const { r, port } = await tlsReceiver();
    const { feed } = await output(port, { root_cafile: certs.ca }, { local_address: '127.0.0.4' });
    feed('from .4');
    await r.waitFor(1);
    expect(r.peers[0]?.remoteAddress).toBe('127.0.0.4');
  });
});
