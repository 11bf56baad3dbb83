/**
 * heka-flood's TOML: one table per test, selected with -test. Keys, types and defaults are those of
 * Heka's FloodTest struct (cmd/heka-flood/main.go); the `tls` sub-table is Heka's TlsConfig.
 */
import { readFileSync } from 'node:fs';
import { readTlsTable, type TlsConfig } from '@heka/net';
import TOML from '@iarna/toml';
import { parseGoDuration } from './duration.js';

export type SenderNet = 'tcp' | 'tcp4' | 'tcp6' | 'udp' | 'udp4' | 'udp6';
export type HmacHash = 'md5' | 'sha1';

export interface SignerConfig {
  name: string;
  hmacHash: HmacHash;
  hmacKey: string;
  version: number;
}

export interface FloodTest {
  ipAddress: string;
  sender: SenderNet;
  /** 0: until interrupted. */
  numMessages: number;
  /** Pause after each message, in nanoseconds (0: none). */
  messageIntervalNs: number;
  corruptPercentage: number;
  signedPercentage: number;
  oversizedPercentage: number;
  variableSizeMessages: boolean;
  staticMessageSize: number;
  asciiOnly: boolean;
  signer: SignerConfig;
  useTls: boolean;
  tls: TlsConfig;
  maxMessageSize: number;
  reconnectOnError: boolean;
  /** Seconds. */
  reconnectInterval: number;
  pprofFile: string;
}

export class FloodConfigError extends Error {}

const KEYS = [
  'ip_address',
  'sender',
  'num_messages',
  'message_interval',
  'encoder',
  'corrupt_percentage',
  'signed_percentage',
  'oversized_percentage',
  'variable_size_messages',
  'static_message_size',
  'ascii_only',
  'signer',
  'use_tls',
  'tls',
  'max_message_size',
  'reconnect_on_error',
  'reconnect_interval',
  'pprof_file',
] as const;
const SIGNER_KEYS = ['name', 'hmac_hash', 'hmac_key', 'version'];
const SENDERS: readonly SenderNet[] = ['tcp', 'tcp4', 'tcp6', 'udp', 'udp4', 'udp6'];

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads `file` and returns test section `test`, checked, with Heka's defaults applied. */
export function loadFloodTest(file: string, test: string): FloodTest {
  let doc: Table;
  try {
    doc = TOML.parse(readFileSync(file, 'utf8')) as Table;
  } catch (err) {
    throw new FloodConfigError(`Error decoding config file: ${(err as Error).message}`);
  }
  const section = doc[test];
  if (!isTable(section)) throw new FloodConfigError(`Configuration test: '${test}' was not found`);
  return floodTest(section, test);
}

/** Checks one test table (`name` is used in messages). */
export function floodTest(t: Table, name: string): FloodTest {
  const fail = (key: string, why: string): never => {
    throw new FloodConfigError(`[${name}] ${key}: ${why}`);
  };
  for (const k of Object.keys(t)) {
    if (!(KEYS as readonly string[]).includes(k)) fail(k, `unknown key (known: ${KEYS.join(', ')})`);
  }
  const str = (k: string, def: string): string => {
    const v = t[k] ?? def;
    return typeof v === 'string' ? v : fail(k, `must be a string, got ${show(v)}`);
  };
  const bool = (k: string): boolean => {
    const v = t[k] ?? false;
    return typeof v === 'boolean' ? v : fail(k, `must be true or false, got ${show(v)}`);
  };
  const uint = (k: string, max: number): number => {
    const v = t[k] ?? 0;
    const n = typeof v === 'bigint' ? Number(v) : v;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > max) {
      fail(k, `must be an integer from 0 to ${max}, got ${show(v)}`);
    }
    return n as number;
  };
  const percent = (k: string): number => {
    const v = t[k] ?? 0;
    if (typeof v !== 'number' || !(v >= 0 && v <= 100)) fail(k, `must be a number from 0 to 100, got ${show(v)}`);
    return v as number;
  };

  const ipAddress = str('ip_address', '');
  if (ipAddress === '') fail('ip_address', 'required (host:port of the TcpInput or UdpInput)');
  const sender = str('sender', 'tcp') as SenderNet;
  if (!SENDERS.includes(sender)) fail('sender', `must be one of ${SENDERS.join(', ')}, got ${show(sender)}`);
  const encoder = str('encoder', 'protobuf');
  if (encoder !== 'protobuf' && encoder !== '') fail('encoder', `only "protobuf" is supported, got ${show(encoder)}`);
  const intervalText = str('message_interval', '');
  let messageIntervalNs = 0;
  if (intervalText !== '') {
    try {
      messageIntervalNs = parseGoDuration(intervalText);
    } catch (err) {
      fail('message_interval', `invalid duration: ${(err as Error).message}`);
    }
  }
  const useTls = bool('use_tls');
  if (useTls && sender.startsWith('udp')) fail('use_tls', 'TLS needs a tcp sender');
  const staticMessageSize = uint('static_message_size', Number.MAX_SAFE_INTEGER);
  const maxMessageSize = uint('max_message_size', 0xffffffff);
  const reconnect = t.reconnect_interval ?? 0;
  if (typeof reconnect !== 'number' || !Number.isInteger(reconnect) || Math.abs(reconnect) > 0x7fffffff) {
    fail('reconnect_interval', `must be a whole number of seconds, got ${show(reconnect)}`);
  }
  return {
    ipAddress,
    sender,
    numMessages: uint('num_messages', Number.MAX_SAFE_INTEGER),
    messageIntervalNs,
    corruptPercentage: percent('corrupt_percentage'),
    signedPercentage: percent('signed_percentage'),
    oversizedPercentage: percent('oversized_percentage'),
    variableSizeMessages: bool('variable_size_messages'),
    // Heka: 0 means 1000 bytes of payload.
    staticMessageSize: staticMessageSize === 0 ? 1000 : staticMessageSize,
    asciiOnly: bool('ascii_only'),
    signer: signer(t.signer, name),
    useTls,
    tls: tlsTable(t.tls, name),
    // Heka: 0 keeps the default, 64 KiB.
    maxMessageSize: maxMessageSize === 0 ? 64 * 1024 : maxMessageSize,
    reconnectOnError: bool('reconnect_on_error'),
    // Heka: anything below 1 second means 5.
    reconnectInterval: (reconnect as number) < 1 ? 5 : (reconnect as number),
    pprofFile: str('pprof_file', ''),
  };
}

function show(v: unknown): string {
  return typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v));
}

function signer(v: unknown, name: string): SignerConfig {
  const fail = (key: string, why: string): never => {
    throw new FloodConfigError(`[${name}.signer] ${key}: ${why}`);
  };
  const s = v ?? {};
  if (!isTable(s)) return fail('signer', 'must be a table');
  for (const k of Object.keys(s))
    if (!SIGNER_KEYS.includes(k)) fail(k, `unknown key (known: ${SIGNER_KEYS.join(', ')})`);
  const text = (k: string) => {
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
    hmacHash: hash === 'sha1' ? 'sha1' : 'md5',
    hmacKey: text('hmac_key'),
    version: version as number,
  };
}

/** The tls sub-table, checked against @heka/net's schema, with its defaults. */
function tlsTable(v: unknown, name: string): TlsConfig {
  return readTlsTable(v, (key, why) => {
    throw new FloodConfigError(`[${name}.tls] ${key ?? 'tls'}: ${why}`);
  });
}
