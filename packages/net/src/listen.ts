/**
 * Starting a stream listener (net.Server, tls.Server, http.Server) on a parsed Heka address: the
 * address family `net` asks for, and unix socket files left behind by a process that died.
 */
import { lstatSync, unlinkSync } from 'node:fs';
import { connect, type ListenOptions, type Server } from 'node:net';
import { joinHostPort, type NetAddress, resolveHost } from './address.js';

function listenOnce(server: Server, options: ListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(e);
    server.once('error', onError);
    server.listen(options, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** Whether something accepts connections on a unix socket path. */
export function unixSocketInUse(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(path);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

/**
 * Listens on `address`. A unix socket file that nobody listens on any more (a crashed process's) is
 * removed first; a live one, or a path that is not a socket, is an error. Returns the bound address
 * as text (`127.0.0.1:5565`, `[::]:5565`, or the path).
 */
export async function listen(server: Server, address: NetAddress): Promise<string> {
  if (address.kind === 'unix') {
    const { path } = address;
    try {
      await listenOnce(server, { path });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || address.abstract) throw e;
      if (!lstatSync(path).isSocket()) throw new Error(`${path} exists and is not a socket`);
      if (await unixSocketInUse(path)) throw new Error(`${path}: another process is listening on this socket`);
      unlinkSync(path);
      await listenOnce(server, { path });
    }
    return address.abstract ? `@${path.slice(1)}` : path;
  }
  const { host, port, family } = address;
  if (host === '') {
    if (family === 0) await listenOnce(server, { port });
    else await listenOnce(server, { port, host: family === 4 ? '0.0.0.0' : '::', ipv6Only: family === 6 });
  } else {
    const ip = await resolveHost(host, family);
    await listenOnce(server, { port, host: ip.address, ipv6Only: family === 6 });
  }
  const bound = server.address();
  return bound && typeof bound === 'object' ? joinHostPort(bound.address, bound.port) : String(bound);
}
