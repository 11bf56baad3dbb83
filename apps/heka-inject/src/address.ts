/** Go's `host:port` dial addresses (`127.0.0.1:5565`, `[::1]:5565`, `:5565`). */
export interface HostPort {
  host: string;
  port: number;
}

export function splitHostPort(address: string): HostPort {
  let host: string;
  let port: string;
  const bracketed = /^\[([^\]]*)\]:([^:]*)$/.exec(address);
  if (bracketed) {
    host = bracketed[1] as string;
    port = bracketed[2] as string;
  } else {
    const colon = address.lastIndexOf(':');
    if (colon < 0) throw new Error(`address ${address}: missing port in address`);
    host = address.slice(0, colon);
    port = address.slice(colon + 1);
    if (host.includes(':')) throw new Error(`address ${address}: too many colons in address`);
  }
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new Error(`address ${address}: invalid port ${port}`);
  // Go dials the local system when the host is empty.
  return { host: host === '' ? 'localhost' : host, port: Number(port) };
}
