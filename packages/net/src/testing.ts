/**
 * Real certificates for tests of TLS plugins, made with the `openssl` command in a temporary directory:
 * a CA, a server certificate for localhost/127.0.0.1/::1 and a client certificate signed by it, and a
 * second CA with a client certificate the first CA does not know. Import from "@heka/net/testing".
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificates {
  dir: string;
  /** CA certificate (PEM path) that signed server and client. */
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Another CA, and a client certificate signed by it (unknown to `ca`). */
  otherCa: string;
  rogueCert: string;
  rogueKey: string;
  /** A file that exists but holds no certificate. */
  notPem: string;
  /** Removes the directory. */
  cleanup(): void;
}

function openssl(dir: string, args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function makeCa(dir: string, name: string, cn: string): void {
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.pem`,
  ]);
}

function makeLeaf(dir: string, name: string, ca: string, cn: string, ext: string): void {
  openssl(dir, [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    `/CN=${cn}`,
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
  ]);
  writeFileSync(join(dir, `${name}.ext`), `${ext}\n`);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.pem`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    `${name}.ext`,
    '-out',
    `${name}.pem`,
  ]);
}

/** Generates the certificates (about a second: five RSA keys). */
export function createTestCertificates(): TestCertificates {
  const dir = mkdtempSync(join(tmpdir(), 'heka-tls-'));
  makeCa(dir, 'ca', 'Heka Test CA');
  makeCa(dir, 'other-ca', 'Other Test CA');
  makeLeaf(dir, 'server', 'ca', 'localhost', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1');
  makeLeaf(dir, 'client', 'ca', 'heka-client', 'extendedKeyUsage=clientAuth');
  makeLeaf(dir, 'rogue', 'other-ca', 'rogue-client', 'extendedKeyUsage=clientAuth');
  writeFileSync(join(dir, 'not.pem'), 'this is not a certificate\n');
  const p = (f: string): string => join(dir, f);
  return {
    dir,
    ca: p('ca.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    clientCert: p('client.pem'),
    clientKey: p('client.key'),
    otherCa: p('other-ca.pem'),
    rogueCert: p('rogue.pem'),
    rogueKey: p('rogue.key'),
    notPem: p('not.pem'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
