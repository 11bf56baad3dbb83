/** Dials the TcpInput (TLS when use_tls, as Heka's NewTlsSender), writes the record, closes. */
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type ClientTls, clientTlsOptions, parseAddress } from '@heka/net';
import type { SbmgrConfig } from './config.js';
import { dialError } from './errors.js';

export class SendError extends Error {}

function settled(socket: Socket, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.once('error', fail);
    socket.once(event, () => {
      socket.off('error', fail);
      resolve();
    });
  });
}

/** The TLS settings (files read, values checked); throws naming the `tls.*` key. */
export function tlsOptions(config: SbmgrConfig): ClientTls {
  return clientTlsOptions(config.tls, 'tls');
}

/**
 * Opens the connection (TLS with `tls` when use_tls); throws SendError with Go's "dial tcp ..."
 * wording.
 */
export async function dial(config: SbmgrConfig, tls: ClientTls | undefined): Promise<Socket> {
  const addr = parseAddress('tcp', config.ipAddress, { key: 'ip_address' });
  if (addr.kind !== 'inet') throw new SendError(`ip_address: not a TCP address`);
  const host = addr.host === '' ? 'localhost' : addr.host;
  let socket: Socket = tcpConnect({ host, port: addr.port });
  try {
    await settled(socket, 'connect');
  } catch (err) {
    throw new SendError(dialError(config.ipAddress, err));
  }
  if (!config.useTls || !tls) return socket;
  const { options } = tls;
  // As Go's tls.Dial: the certificate is checked against the dialled host unless server_name is set;
  // the name is sent (SNI) only when it is not an IP address.
  const servername = options.servername ?? (isIP(host) === 0 ? host : undefined);
  socket = tlsConnect({ ...options, socket, host, servername });
  try {
    await settled(socket, 'secureConnect');
  } catch (err) {
    throw new SendError(`tls: ${(err as Error).message}`);
  }
  return socket;
}

/** Writes the record and closes the connection once the bytes are handed to the kernel. */
export function write(socket: Socket, record: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.end(record, () => {
      socket.destroy();
      resolve();
    });
  });
}
