/**
 * Heka's `tls` sub-table as Node TLS options (what plugins/tcp/tls.go builds as a Go tls.Config).
 * Files are read and values checked here, so mistakes surface when the plugin is created, with a
 * message naming the key. What Node cannot do is refused (max_version = "SSL30", RC4 and 3DES suites).
 */
import { constants, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  type ConnectionOptions,
  DEFAULT_CIPHERS,
  getCiphers,
  type SecureContextOptions,
  type TLSSocket,
  type TlsOptions,
} from 'node:tls';
import { PluginConfigError } from '@heka/core';
import { GO_CIPHERS, type TlsConfig, type TlsVersionName } from './tls-schema.js';

type NodeVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
const RANK: Readonly<Record<NodeVersion, number>> = { TLSv1: 1, 'TLSv1.1': 2, 'TLSv1.2': 3, 'TLSv1.3': 4 };
const NODE_VERSION: Readonly<Record<TlsVersionName, NodeVersion>> = {
  SSL30: 'TLSv1',
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
};

export interface ServerTls {
  options: TlsOptions;
  /** Things Node does differently from what the config asked for (log them). */
  warnings: string[];
  /**
   * The client_auth policy checks OpenSSL cannot make during the handshake (RequireAnyClientCert,
   * VerifyClientCertIfGiven): a reason to close the connection, or undefined to accept it.
   */
  checkClient(socket: TLSSocket): string | undefined;
}

export interface ClientTls {
  options: ConnectionOptions;
  warnings: string[];
}

/** `prefix` names the sub-table in messages, e.g. "tls" → "tls.cert_file: ...". */
function fail(prefix: string, key: string, why: string): never {
  throw new PluginConfigError(`${prefix}.${key}: ${why}`);
}

function readFile(prefix: string, key: string, path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    return fail(prefix, key, `cannot read ${JSON.stringify(path)}: ${(e as Error).message}`);
  }
}

function readCaFile(prefix: string, key: string, path: string): Buffer {
  const pem = readFile(prefix, key, path);
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    fail(prefix, key, `no PEM encoded certificates found in ${JSON.stringify(path)}`);
  }
  return pem;
}

/** cert, key, versions and ciphers: what both sides share. */
function common(conf: TlsConfig, prefix: string, warnings: string[]): SecureContextOptions {
  const options: SecureContextOptions = {};
  if ((conf.cert_file === '') !== (conf.key_file === '')) {
    fail(prefix, conf.cert_file === '' ? 'cert_file' : 'key_file', 'set both cert_file and key_file, or neither');
  }
  if (conf.cert_file !== '') {
    options.cert = readFile(prefix, 'cert_file', conf.cert_file);
    options.key = readFile(prefix, 'key_file', conf.key_file);
  }
  let min: NodeVersion | undefined;
  let max: NodeVersion | undefined;
  if (conf.min_version !== undefined) {
    if (conf.min_version === 'SSL30') {
      warnings.push(`${prefix}.min_version = "SSL30": Node has no SSL 3.0; TLS 1.0 is the oldest version accepted`);
    }
    min = NODE_VERSION[conf.min_version];
  }
  if (conf.max_version !== undefined) {
    if (conf.max_version === 'SSL30') fail(prefix, 'max_version', 'SSL 3.0 is not supported by Node');
    max = NODE_VERSION[conf.max_version];
  }
  if (min && max && RANK[max] < RANK[min]) {
    fail(prefix, 'max_version', `${conf.max_version} must be newer than min_version (${conf.min_version})`);
  }
  // Node's default minimum (TLS 1.2) would exceed a lower maximum: allow everything up to it.
  if (max && !min && RANK[max] < RANK['TLSv1.2']) min = 'TLSv1';
  if (min) options.minVersion = min;
  if (max) options.maxVersion = max;
  let ciphers: string | undefined;
  if (conf.ciphers.length > 0) {
    const available = new Set(getCiphers());
    const names = conf.ciphers.map((go) => {
      const name = GO_CIPHERS[go];
      if (name === undefined) return fail(prefix, 'ciphers', `unknown cipher suite ${JSON.stringify(go)}`);
      if (!available.has(name.toLowerCase())) {
        fail(prefix, 'ciphers', `${go} (${name}) is not available in Node's OpenSSL ${process.versions.openssl}`);
      }
      return name;
    });
    ciphers = names.join(':');
  }
  // OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level; asking for them means lowering it.
  if (min && RANK[min] < RANK['TLSv1.2']) {
    ciphers = `${ciphers ?? DEFAULT_CIPHERS}:@SECLEVEL=0`;
    warnings.push(`${prefix}: TLS 1.0/1.1 allowed, so OpenSSL's security level is lowered to 0`);
  }
  if (ciphers) options.ciphers = ciphers;
  return options;
}

/** Options for a TLS listener (tls.createServer). Requires cert_file and key_file, as Heka's TcpInput does. */
export function serverTlsOptions(conf: TlsConfig, prefix = 'tls'): ServerTls {
  const warnings: string[] = [];
  if (conf.cert_file === '' || conf.key_file === '') {
    fail(prefix, conf.cert_file === '' ? 'cert_file' : 'key_file', 'a TLS server requires both cert_file and key_file');
  }
  const options: TlsOptions = common(conf, prefix, warnings);
  options.honorCipherOrder = conf.prefer_server_ciphers;
  if (conf.client_cafile !== '') options.ca = readCaFile(prefix, 'client_cafile', conf.client_cafile);
  const auth = conf.client_auth;
  options.requestCert = auth !== 'NoClientCert';
  options.rejectUnauthorized = auth === 'RequireAndVerifyClientCert';
  if (conf.session_tickets_disabled) options.secureOptions = constants.SSL_OP_NO_TICKET;
  if (conf.sesion_ticket_key !== '') {
    const key = conf.sesion_ticket_key;
    if (!/^([0-9a-fA-F]{2})*$/.test(key)) fail(prefix, 'sesion_ticket_key', 'must be hexadecimal');
    if (key.length !== 64) fail(prefix, 'sesion_ticket_key', `must be 32 bytes (64 hex digits), got ${key.length / 2}`);
    // Node wants 48 bytes (name, HMAC and AES keys); derived from the 32 as Go derives its keys.
    options.ticketKeys = createHash('sha512').update(Buffer.from(key, 'hex')).digest().subarray(0, 48);
  }
  const checkClient = (socket: TLSSocket): string | undefined => {
    if (auth !== 'RequireAnyClientCert' && auth !== 'VerifyClientCertIfGiven') return undefined;
    const given = Object.keys(socket.getPeerCertificate() ?? {}).length > 0;
    if (!given) return auth === 'RequireAnyClientCert' ? 'a client certificate is required' : undefined;
    if (auth === 'VerifyClientCertIfGiven' && !socket.authorized) {
      return `client certificate rejected: ${String(socket.authorizationError)}`;
    }
    return undefined;
  };
  return { options, warnings, checkClient };
}

/** Options for a TLS client (tls.connect); add host/port (or a socket) yourself. */
export function clientTlsOptions(conf: TlsConfig, prefix = 'tls'): ClientTls {
  const warnings: string[] = [];
  const options: ConnectionOptions = common(conf, prefix, warnings);
  if (conf.server_name !== '') options.servername = conf.server_name;
  if (conf.root_cafile !== '') options.ca = readCaFile(prefix, 'root_cafile', conf.root_cafile);
  options.rejectUnauthorized = !conf.insecure_skip_verify;
  return { options, warnings };
}
