/** Stand-ins for the splitter and decoder packages (written separately), and UDP helpers. */
import { createSocket, type Socket } from 'node:dgram';
import { decodeMessage, definePlugin, type Message, NO_OPTIONS, scanFrame } from '@heka/core';
import type { TestPipeline, TestSection } from '@heka/testkit';

/** Each write (datagram) is one record. */
export const nullSplitter = definePlugin({
  type: 'TestNullSplitter',
  kind: 'splitter',
  description: 'the whole buffer is one record (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord: (buf: Uint8Array) => (buf.length ? { consumed: buf.length, record: buf } : { consumed: 0 }),
  }),
});

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

export const framingSplitter = definePlugin({
  type: 'TestFramingSplitter',
  kind: 'splitter',
  description: 'Heka framing (test helper)',
  configSchema: NO_OPTIONS,
  create: (_c, ctx) => ({
    findRecord(buf: Uint8Array) {
      const r = scanFrame(buf, 0, buf.length, ctx.globals.maxMessageSize);
      return r.kind === 'more' ? { consumed: r.keepFrom } : { consumed: r.end, record: buf.subarray(r.start, r.end) };
    },
    unframe: (record: Uint8Array) => ({ bytes: record.subarray(3 + (record[1] as number)) }),
  }),
});

export const protobufDecoder = definePlugin({
  type: 'TestProtobufDecoder',
  kind: 'decoder',
  description: 'protobuf bytes to a message (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode: (pack: { bytes: Uint8Array | undefined; message: Message }) =>
      pack.bytes ? decodeMessage(pack.bytes) : pack.message,
  }),
});

export function helperSections(): Record<string, TestSection> {
  return {
    NullSplitter: { definition: nullSplitter },
    LineSplitter: { definition: lineSplitter },
    IncompleteLines: { definition: lineSplitter, config: { deliver_incomplete_final: true } },
    HekaFramingSplitter: { definition: framingSplitter, config: { use_message_bytes: true } },
    ProtobufDecoder: { definition: protobufDecoder },
  };
}

export async function listeningOn(p: TestPipeline): Promise<{ host: string; port: number }> {
  const line = await p.waitForLog(/listening on /);
  const m = line.match(/listening on (?:fd:\d+ \()?(?:\[([^\]]+)\]|([^\s:]+)):(\d+)/) as RegExpMatchArray;
  return { host: (m[1] ?? m[2]) as string, port: Number(m[3]) };
}

/** A sending socket; `send` resolves once the datagram is out. */
export function sender(type: 'udp4' | 'udp6' = 'udp4'): {
  socket: Socket;
  send: (data: string | Uint8Array, port: number, host?: string) => Promise<void>;
  close: () => void;
} {
  const socket = createSocket(type);
  return {
    socket,
    send: (data, port, host = type === 'udp4' ? '127.0.0.1' : '::1') =>
      new Promise((resolve, reject) => socket.send(data, port, host, (e) => (e ? reject(e) : resolve()))),
    close: () => socket.close(),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
