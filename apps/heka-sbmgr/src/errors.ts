/** Node's system errors worded as Go's (`open x.lua: no such file or directory`, `connect: connection refused`). */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset by peer',
  EHOSTUNREACH: 'no route to host',
  ENETUNREACH: 'network is unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'broken pipe',
};

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return (e.code && STRERROR[e.code]) ?? e.message;
}

/** Go's *PathError text for a failed open/read. */
export function fileError(path: string, err: unknown): string {
  return `open ${path}: ${describe(err)}`;
}

/** Go's *OpError text for a failed dial (TLS handshake failures keep Node's wording). */
export function dialError(address: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.syscall === 'connect') return `dial tcp ${address}: connect: ${describe(err)}`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN')
    return `dial tcp ${address}: lookup ${e.message.split(' ').pop()}: no such host`;
  return `dial tcp ${address}: ${describe(err)}`;
}
