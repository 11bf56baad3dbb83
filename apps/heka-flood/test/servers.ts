/** Receivers for heka-flood's tests: real sockets that split frames with @heka/core's FrameReader. */
import { createSocket } from 'node:dgram';
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import { decodeMessage, type Frame, FrameReader, type FrameReaderStats } from '@heka/core';

export interface Counts {
  frames: number;
  /** Frames whose HMAC was verified. */
  signed: number;
  /** Frames that did not decode as a message. */
  undecodable: number;
  bytes: number;
  connections: number;
  datagrams: number;
  stats: FrameReaderStats;
  /** Every byte received, when `keep` is set. */
  raw: Buffer[];
  /** The first frames (message bytes and header), for closer inspection. */
  first: Frame[];
}

export interface ReceiverOptions {
  signers?: Record<string, string>;
  maxMessageSize?: number;
  keep?: boolean;
  tls?: TlsOptions;
  /** Called for every connection (e.g. to pause it or close it). */
  onConnection?: (socket: Socket, index: number) => void;
}

function counter(o: ReceiverOptions) {
  const counts: Counts = {
    frames: 0,
    signed: 0,
    undecodable: 0,
    bytes: 0,
    connections: 0,
    datagrams: 0,
    stats: { frames: 0, garbageBytes: 0, invalidHeaders: 0, oversizeHeaders: 0, authFailures: 0 },
    raw: [],
    first: [],
  };
  const reader = () => new FrameReader({ signers: o.signers, maxMessageSize: o.maxMessageSize });
  const keys = Object.keys(counts.stats) as (keyof FrameReaderStats)[];
  const feed = (r: FrameReader, d: Buffer) => {
    const before = keys.map((k) => r.stats[k]);
    counts.bytes += d.length;
    if (o.keep) counts.raw.push(Buffer.from(d));
    r.push(d);
    for (let f = r.read(); f; f = r.read()) {
      counts.frames++;
      if (f.signer !== undefined) counts.signed++;
      if (counts.first.length < 5) counts.first.push(f);
      try {
        decodeMessage(f.message);
      } catch {
        counts.undecodable++;
      }
    }
    keys.forEach((k, i) => {
      counts.stats[k] += r.stats[k] - (before[i] as number);
    });
  };
  return { counts, reader, feed };
}

export interface TcpReceiver {
  port: number;
  counts: Counts;
  server: Server;
  /** Resolves once `n` connections have ended. */
  ended(n?: number): Promise<void>;
  close(): Promise<void>;
}

export async function tcpReceiver(o: ReceiverOptions = {}, port = 0): Promise<TcpReceiver> {
  const { counts, reader, feed } = counter(o);
  let endedCount = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const handler = (sock: Socket) => {
    sockets.add(sock);
    const r = reader();
    const index = counts.connections++;
    sock.on('data', (d: Buffer) => feed(r, d));
    sock.on('error', () => {});
    sock.on('close', () => {
      sockets.delete(sock);
      endedCount++;
      for (const w of waiters.filter((x) => endedCount >= x.n)) w.resolve();
    });
    o.onConnection?.(sock, index);
  };
  const server = o.tls ? createTlsServer(o.tls, handler) : createServer(handler);
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const addr = server.address();
  return {
    port: typeof addr === 'object' && addr ? addr.port : 0,
    counts,
    server,
    ended: (n = 1) =>
      new Promise<void>((resolve) => {
        if (endedCount >= n) resolve();
        else waiters.push({ n, resolve });
      }),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A UDP receiver: each datagram is split on its own, as Heka's UdpInput does. */
export async function udpReceiver(o: ReceiverOptions = {}) {
  const { counts, reader, feed } = counter(o);
  const socket = createSocket('udp4');
  socket.on('message', (d) => {
    counts.datagrams++;
    feed(reader(), d);
  });
  socket.bind(0, '127.0.0.1');
  await once(socket, 'listening');
  return { port: socket.address().port, counts, close: () => new Promise<void>((r) => socket.close(() => r())) };
}
