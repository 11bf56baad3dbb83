/**
 * Small stand-ins for the splitter and decoder plugins TcpInput works with (those packages are
 * separate; these keep the tests self-contained), and socket helpers.
 */
import { connect, type Socket } from 'node:net';
import { type ConnectionOptions, type TLSSocket, connect as tlsConnect } from 'node:tls';
import { decodeMessage, definePlugin, Message, NO_OPTIONS, scanFrame } from '@heka/core';
import type { TestPipeline, TestSection } from '@heka/testkit';

/** Heka framing (unsigned frames), as HekaFramingSplitter does with use_message_bytes. */
export const framingSplitter = definePlugin({
  type: 'TestFramingSplitter',
  kind: 'splitter',
  description: 'Heka framing (test helper)',
  configSchema: NO_OPTIONS,
  create: (_c, ctx) => ({
    findRecord(buf: Uint8Array) {
      const r = scanFrame(buf, 0, buf.length, ctx.globals.maxMessageSize);
      if (r.kind === 'more') return { consumed: r.keepFrom };
      return { consumed: r.end, record: buf.subarray(r.start, r.end) };
    },
    unframe(record: Uint8Array) {
      return { bytes: record.subarray(3 + (record[1] as number)) };
    },
  }),
});

/** Newline-terminated records (the newline is kept, as TokenSplitter does). */
export const lineSplitter = definePlugin({
  type: 'TestLineSplitter',
  kind: 'splitter',
  description: 'one record per line (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord(buf: Uint8Array) {
      const i = buf.indexOf(10);
      return i < 0 ? { consumed: 0 } : { consumed: i + 1, record: buf.subarray(0, i + 1) };
    },
  }),
});

export const protobufDecoder = definePlugin({
  type: 'TestProtobufDecoder',
  kind: 'decoder',
  description: 'protobuf bytes to a message (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode(pack: { bytes: Uint8Array | undefined; message: Message }) {
      return pack.bytes ? decodeMessage(pack.bytes) : pack.message;
    },
  }),
});

/** The sections TcpInput's defaults name (splitter HekaFramingSplitter, decoder ProtobufDecoder). */
export function defaultSections(): Record<string, TestSection> {
  return {
    HekaFramingSplitter: { definition: framingSplitter, config: { use_message_bytes: true } },
    ProtobufDecoder: { definition: protobufDecoder },
  };
}

/** The address the input logged when it started listening. */
export async function listeningOn(p: TestPipeline): Promise<{ host: string; port: number; text: string }> {
  const line = await p.waitForLog(/listening on /);
  const text = (line.match(/listening on (\S+)/) as RegExpMatchArray)[1] as string;
  const m = text.match(/^\[?(.*?)\]?:(\d+)$/);
  return m ? { host: m[1] as string, port: Number(m[2]), text } : { host: text, port: 0, text };
}

export function tcpConnect(port: number, host = '127.0.0.1'): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect({ port, host }, () => resolve(s));
    s.once('error', reject);
  });
}

export function unixConnect(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(path, () => resolve(s));
    s.once('error', reject);
  });
}

export function tlsClient(port: number, options: ConnectionOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tlsConnect({ port, host: '127.0.0.1', ...options }, () => resolve(s));
    s.once('error', reject);
  });
}

/** Writes and waits until the bytes are handed to the kernel. */
export function send(socket: Socket, data: string | Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => socket.write(data, (e) => (e ? reject(e) : resolve())));
}

/** Ends our side and waits for the socket to close. */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve();
    socket.once('close', () => resolve());
    socket.end();
  });
}

/** Resolves when the peer closes the connection, with how it ended. */
export function closedByPeer(socket: Socket, timeoutMs = 3000): Promise<'closed' | 'timeout'> {
  return new Promise((resolve) => {
    if (socket.destroyed) return resolve('closed');
    const t = setTimeout(() => resolve('timeout'), timeoutMs);
    socket.once('close', () => {
      clearTimeout(t);
      resolve('closed');
    });
    socket.on('error', () => undefined);
    socket.resume();
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export const msg = (payload: string): Message => new Message({ type: 'test', payload, hostname: 'sender' });
