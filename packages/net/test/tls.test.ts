import { constants, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientTlsOptions, GO_CIPHERS, serverTlsOptions, TLS_SCHEMA, type TlsConfig } from '../src/index.js';
import { createTestCertificates, type TestCertificates } from '../src/testing.js';

let certs: TestCertificates;
beforeAll(() => {
  certs = createTestCertificates();
});
afterAll(() => certs.cleanup());

/** The sub-table with Heka's defaults, as the runtime fills them in from TLS_SCHEMA. */
function conf(over: Partial<TlsConfig> = {}): TlsConfig {
  const defaults = Object.fromEntries(
    Object.entries(TLS_SCHEMA.properties ?? {})
      .filter(([, s]) => s.default !== undefined)
      .map(([k, s]) => [k, s.default]),
  );
  return { ...defaults, ...over } as TlsConfig;
}

const server = (over: Partial<TlsConfig>) =>
  serverTlsOptions(conf({ cert_file: certs.serverCert, key_file: certs.serverKey, ...over }));

describe('TLS_SCHEMA', () => {
  it("has Heka's keys and defaults", () => {
    expect(Object.keys(TLS_SCHEMA.properties ?? {}).sort()).toEqual(
      [
        'server_name',
        'cert_file',
        'key_file',
        'client_auth',
        'ciphers',
        'insecure_skip_verify',
        'prefer_server_ciphers',
        'session_tickets_disabled',
        'sesion_ticket_key',
        'min_version',
        'max_version',
        'client_cafile',
        'root_cafile',
      ].sort(),
    );
    expect(conf()).toMatchObject({ client_auth: 'NoClientCert', prefer_server_ciphers: true, ciphers: [] });
    expect(Object.keys(GO_CIPHERS)).toHaveLength(13);
  });
});

describe('serverTlsOptions', () => {
  it('maps the defaults: certificate, server cipher order, no client certificates', () => {
    const { options, warnings } = server({});
    expect(options.cert).toEqual(readFileSync(certs.serverCert));
    expect(options).toMatchObject({ honorCipherOrder: true, requestCert: false, rejectUnauthorized: false });
    expect(options.minVersion).toBeUndefined();
    expect(options.ciphers).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it.each([
    ['NoClientCert', false, false],
    ['RequestClientCert', true, false],
    ['RequireAnyClientCert', true, false],
    ['VerifyClientCertIfGiven', true, false],
    ['RequireAndVerifyClientCert', true, true],
  ] as const)('client_auth %s → requestCert %s, rejectUnauthorized %s', (auth, request, reject) => {
    const { options } = server({ client_auth: auth, client_cafile: certs.ca });
    expect(options.requestCert).toBe(request);
    expect(options.rejectUnauthorized).toBe(reject);
    expect(options.ca).toEqual(readFileSync(certs.ca));
  });

  it('maps ciphers to OpenSSL names in order, versions, tickets', () => {
    const { options } = server({
      ciphers: ['ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'RSA_WITH_AES_256_CBC_SHA'],
      min_version: 'TLS12',
      max_version: 'TLS12',
      prefer_server_ciphers: false,
      session_tickets_disabled: true,
      sesion_ticket_key: '00'.repeat(32),
    });
    expect(options.ciphers).toBe('ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA');
    expect(options).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', honorCipherOrder: false });
    expect(options.secureOptions).toBe(constants.SSL_OP_NO_TICKET);
    const expected = createHash('sha512').update(Buffer.alloc(32)).digest().subarray(0, 48);
    expect(options.ticketKeys).toEqual(expected);
  });

  it('reads SSL30 as TLS 1.0 with a warning, and lowers the security level for TLS 1.0/1.1', () => {
    const { options, warnings } = server({ min_version: 'SSL30' });
    expect(options.minVersion).toBe('TLSv1');
    expect(options.ciphers).toMatch(/:@SECLEVEL=0$/);
    expect(warnings.join('\n')).toMatch(/SSL30.*TLS 1\.0/);
    expect(server({ max_version: 'TLS11' }).options).toMatchObject({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1' });
  });

  it.each([
    [{ cert_file: '' }, /^tls\.cert_file: a TLS server requires both/],
    [{ key_file: '' }, /^tls\.key_file: a TLS server requires both/],
    [{ key_file: '/nope' }, /^tls\.key_file: cannot read "\/nope"/],
    [{ client_cafile: '/nope' }, /^tls\.client_cafile: cannot read/],
    [{ max_version: 'SSL30' }, /^tls\.max_version: SSL 3\.0 is not supported/],
    [{ min_version: 'TLS12', max_version: 'TLS10' }, /^tls\.max_version: TLS10 must be newer than min_version/],
    [
      { ciphers: ['ECDHE_RSA_WITH_3DES_EDE_CBC_SHA'] },
      /^tls\.ciphers: ECDHE_RSA_WITH_3DES_EDE_CBC_SHA \(ECDHE-RSA-DES-CBC3-SHA\) is not available/,
    ],
    [{ ciphers: ['NOPE'] }, /^tls\.ciphers: unknown cipher suite "NOPE"/],
    [{ sesion_ticket_key: 'xyz' }, /^tls\.sesion_ticket_key: must be hexadecimal/],
    [{ sesion_ticket_key: 'ab'.repeat(16) }, /^tls\.sesion_ticket_key: must be 32 bytes \(64 hex digits\), got 16/],
  ] as const)('refuses %j', (over, error) => {
    expect(() => server(over as Partial<TlsConfig>)).toThrow(error);
  });

  it('refuses a CA file without certificates', () => {
    expect(() => server({ client_cafile: certs.notPem })).toThrow(/^tls\.client_cafile: no PEM encoded certificates/);
  });
});

describe('clientTlsOptions', () => {
  it('verifies by default, with root_cafile and server_name', () => {
    expect(clientTlsOptions(conf()).options).toEqual({ rejectUnauthorized: true });
    const { options } = clientTlsOptions(conf({ root_cafile: certs.ca, server_name: 'heka.example' }));
    expect(options).toMatchObject({ servername: 'heka.example', rejectUnauthorized: true });
    expect(options.ca).toEqual(readFileSync(certs.ca));
  });

  it('skips verification with insecure_skip_verify and presents a client certificate', () => {
    const { options } = clientTlsOptions(
      conf({ insecure_skip_verify: true, cert_file: certs.clientCert, key_file: certs.clientKey }),
    );
    expect(options.rejectUnauthorized).toBe(false);
    expect(options.key).toEqual(readFileSync(certs.clientKey));
  });

  it('names the sub-table it was given, and wants cert and key together', () => {
    expect(() => clientTlsOptions(conf({ key_file: certs.clientKey }), 'amqp.tls')).toThrow(
      /^amqp\.tls\.cert_file: set both cert_file and key_file, or neither/,
    );
    expect(() => clientTlsOptions(conf({ root_cafile: certs.notPem }))).toThrow(/^tls\.root_cafile: no PEM/);
  });
});
