/**
 * Heka's network addresses (`net` + `address`, as Go's net package reads them) parsed for Node:
 * `host:port`, `[v6]:port` and `:port` for tcp/tcp4/tcp6/udp/udp4/udp6; a path (or `@name`, Linux's
 * abstract namespace) for unix and unixgram.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { PluginConfigError } from '@heka/core';

export type StreamNet = 'tcp' | 'tcp4' | 'tcp6' | 'unix';
export type DatagramNet = 'udp' | 'udp4' | 'udp6' | 'unixgram';
export type NetName = StreamNet | DatagramNet;

export interface InetAddress {
  kind: 'inet';
  /** Host name or IP literal without brackets; '' means every interface (listeners) or localhost (dialers). */
  host: string;
  port: number;
  /** 4 or 6 when `net` asks for one family (tcp4, udp6, ...), else 0. */
  family: 0 | 4 | 6;
}

export interface UnixAddress {
  kind: 'unix';
  /** What Node's listen()/connect() take: the file path, or "\0name" for an abstract socket. */
  path: string;
  /** Linux abstract namespace (written `@name`, as in Go). */
  abstract: boolean;
}

export type NetAddress = InetAddress | UnixAddress;

export interface ParseOptions {
  /** The config key named in error messages (default "address"). */
  key?: string;
  /** Accept a bare host without `:port` (port 0), as for local (source) addresses. */
  portOptional?: boolean;
}

const FAMILY: Readonly<Record<string, 0 | 4 | 6>> = { tcp: 0, udp: 0, tcp4: 4, udp4: 4, tcp6: 6, udp6: 6 };

/** Whether `net` names a unix socket network (unix, unixgram). */
export function isUnixNet(net: string): boolean {
  return net === 'unix' || net === 'unixgram';
}

/**
 * Parses an address for a network. Throws PluginConfigError naming the key, with Go's wording where
 * Go has one ("missing port in address", "too many colons in address").
 */
export function parseAddress(net: string, address: string, options: ParseOptions = {}): NetAddress {
  const key = options.key ?? 'address';
  const fail = (why: string): never => {
    throw new PluginConfigError(`${key}: ${why} (${JSON.stringify(address)}, net = "${net}")`);
  };
  if (isUnixNet(net)) {
    if (address === '') fail('a unix socket address needs a path');
    if (address.startsWith('@')) {
      if (process.platform !== 'linux') fail('abstract sockets (@name) are linux-specific');
      return { kind: 'unix', path: `\0${address.slice(1)}`, abstract: true };
    }
    return { kind: 'unix', path: address, abstract: false };
  }
  const family = FAMILY[net];
  if (family === undefined) fail(`unknown network "${net}"`);
  const { host, port } = splitHostPort(address, options.portOptional === true, fail);
  const ipFamily = isIP(host);
  if (ipFamily !== 0 && family !== 0 && ipFamily !== family) {
    fail(`${host} is not an IPv${family} address`);
  }
  return { kind: 'inet', host, port, family: family as 0 | 4 | 6 };
}

/** Go's net.SplitHostPort, plus a numeric port check. */
export function splitHostPort(
  address: string,
  portOptional: boolean,
  fail: (why: string) => never,
): { host: string; port: number } {
  let host: string;
  let portText: string | undefined;
  if (address.startsWith('[')) {
    const end = address.indexOf(']');
    if (end < 0) fail('missing "]" in address');
    host = address.slice(1, end);
    const rest = address.slice(end + 1);
    if (rest === '') portText = undefined;
    else if (rest.startsWith(':')) portText = rest.slice(1);
    else fail('unexpected text after "]" in address');
    if (isIP(host) !== 6) fail(`${host} is not an IPv6 address`);
  } else {
    const colons = address.split(':').length - 1;
    if (colons === 0) {
      host = address;
      portText = undefined;
    } else if (colons === 1) {
      const i = address.indexOf(':');
      host = address.slice(0, i);
      portText = address.slice(i + 1);
    } else if (portOptional && isIP(address) === 6) {
      host = address;
      portText = undefined;
    } else {
      return fail('too many colons in address (write IPv6 addresses as [addr]:port)');
    }
  }
  if (portText === undefined) {
    if (!portOptional) fail('missing port in address');
    return { host, port: 0 };
  }
  if (!/^[0-9]{1,5}$/.test(portText) || Number(portText) > 65535) fail(`invalid port "${portText}"`);
  return { host, port: Number(portText) };
}

/**
 * The IP to use for a host name, honouring the address family `net` asked for (Node's listen() and
 * dgram cannot be told a family themselves). IP literals are returned as they are.
 */
export async function resolveHost(host: string, family: 0 | 4 | 6): Promise<{ address: string; family: 4 | 6 }> {
  const literal = isIP(host);
  if (literal !== 0) return { address: host, family: literal as 4 | 6 };
  const found = await lookup(host, { family });
  return { address: found.address, family: found.family as 4 | 6 };
}

/** `host:port`, with brackets around IPv6 literals (Go's JoinHostPort). */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** An IPv4 address as Go prints it: `::ffff:1.2.3.4` (IPv4-mapped, from a dual-stack socket) → `1.2.3.4`. */
export function unmapIPv4(ip: string): string {
  return ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip;
}

/** A peer as Go's RemoteAddr().String() shows it: `1.2.3.4:5678`, `[::1]:5678`. */
export function peerAddress(ip: string | undefined, port: number | undefined): string {
  if (!ip) return '';
  const host = unmapIPv4(ip);
  return port === undefined ? host : joinHostPort(host, port);
}
