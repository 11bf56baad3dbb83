/**
 * heka-sbmgr's TOML (Heka's SbmgrConfig): `ip_address`, `use_tls`, the `tls` sub-table (Heka's TlsConfig)
 * and the `signer` sub-table (Heka's MessageSigningConfig: name, hmac_hash, hmac_key, version).
 */
import { readFileSync } from 'node:fs';
import type { MessageSigner } from '@heka/core';
import { readTlsTable, type TlsConfig } from '@heka/net';
import TOML from '@iarna/toml';

export interface SbmgrConfig {
  /** `host:port` of the TcpInput. */
  ipAddress: string;
  useTls: boolean;
  tls: TlsConfig;
  /** Always set: Heka's tool signs every message, with empty values when `[signer]` is absent. */
  signer: Required<MessageSigner>;
}

export class SbmgrConfigError extends Error {}

const KEYS = ['ip_address', 'use_tls', 'tls', 'signer'];
const SIGNER_KEYS = ['name', 'hmac_hash', 'hmac_key', 'version'];

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

function show(v: unknown): string {
  return typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v));
}

/** Reads and checks the configuration file; errors name the key. */
export function loadConfig(file: string): SbmgrConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new SbmgrConfigError(
      `open ${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`,
    );
  }
  let doc: Table;
  try {
    doc = TOML.parse(text) as Table;
  } catch (err) {
    throw new SbmgrConfigError(`${file}: ${((err as Error).message.split('\n')[0] ?? '').replace(/:$/, '')}`);
  }
  return parseConfig(doc);
}

export function parseConfig(t: Table): SbmgrConfig {
  const fail = (key: string, why: string): never => {
    throw new SbmgrConfigError(`${key}: ${why}`);
  };
  for (const k of Object.keys(t)) if (!KEYS.includes(k)) fail(k, `unknown key (known: ${KEYS.join(', ')})`);
  const ipAddress = t.ip_address ?? '';
  if (typeof ipAddress !== 'string') fail('ip_address', `must be a string, got ${show(ipAddress)}`);
  if (ipAddress === '') fail('ip_address', 'required: host:port of the TcpInput (such as "127.0.0.1:5565")');
  const useTls = t.use_tls ?? false;
  if (typeof useTls !== 'boolean') fail('use_tls', `must be true or false, got ${show(useTls)}`);
  return {
    ipAddress: ipAddress as string,
    useTls: useTls as boolean,
    tls: tlsTable(t.tls),
    signer: signer(t.signer),
  };
}

function signer(v: unknown): Required<MessageSigner> {
  const fail = (key: string, why: string): never => {
    throw new SbmgrConfigError(`signer.${key}: ${why}`);
  };
  const s = v ?? {};
  if (!isTable(s)) throw new SbmgrConfigError(`signer: must be a table, got ${show(s)}`);
  for (const k of Object.keys(s)) {
    if (!SIGNER_KEYS.includes(k)) fail(k, `unknown key (known: ${SIGNER_KEYS.join(', ')})`);
  }
  const text = (k: string): string => {
    const x = s[k] ?? '';
    return typeof x === 'string' ? x : fail(k, `must be a string, got ${show(x)}`);
  };
  const hash = text('hmac_hash');
  if (hash !== '' && hash !== 'md5' && hash !== 'sha1') fail('hmac_hash', `must be "md5" or "sha1", got ${show(hash)}`);
  const version = s.version ?? 0;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0 || version > 0xffffffff) {
    fail('version', `must be an integer from 0 to 4294967295, got ${show(version)}`);
  }
  return {
    name: text('name'),
    hash: hash === 'sha1' ? 'sha1' : 'md5',
    key: text('hmac_key'),
    version: version as number,
  };
}

/** The tls sub-table, checked against @heka/net's schema, with its defaults. */
function tlsTable(v: unknown): TlsConfig {
  return readTlsTable(v, (key, why) => {
    throw new SbmgrConfigError(`${key === undefined ? 'tls' : `tls.${key}`}: ${why}`);
  });
}
