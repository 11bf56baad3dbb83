import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { decodeMessage, FrameReader } from '@heka/core';
import { one, protocDecode, str, type TextMessage } from '@heka/testkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, run } from './run.js';

beforeAll(ensureBuilt);

interface Listener {
  port: number;
  /** Resolves with everything one connection sent, once it closes. */
  received: Promise<Buffer>;
  server: Server;
  connections: () => number;
}

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

function listen(): Promise<Listener> {
  return new Promise((resolve) => {
    let count = 0;
    let deliver: (b: Buffer) => void = () => {};
    const received = new Promise<Buffer>((r) => {
      deliver = r;
    });
    const server = createServer((sock) => {
      count++;
      const chunks: Buffer[] = [];
      sock.on('data', (d: Buffer) => chunks.push(d));
      sock.on('end', () => deliver(Buffer.concat(chunks)));
    });
    servers.push(server);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      resolve({ port, received, server, connections: () => count });
    });
  });
}

/** Splits one framed record by hand: 1E <h> <header> 1F <message>. */
function unframe(record: Buffer): { header: Buffer; message: Buffer } {
  expect(record[0]).toBe(0x1e);
  const h = record[1] as number;
  expect(record[2 + h]).toBe(0x1f);
  return { header: record.subarray(2, 2 + h), message: record.subarray(3 + h) };
}

function varint(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  while (x > 0x7fn) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

/** What Go's generated marshaller writes for heka-inject's message: fields 1-6, 8, 9 in order. */
function goBytes(m: TextMessage): Buffer {
  const len = (tag: number, b: Buffer) => [tag, ...varint(BigInt(b.length)), ...b];
  return Buffer.from([
    ...len(0x0a, one(m, 'uuid') as Buffer),
    0x10,
    ...varint(BigInt(one(m, 'timestamp') as string)),
    ...len(0x1a, one(m, 'type') as Buffer),
    ...len(0x22, one(m, 'logger') as Buffer),
    0x28,
    ...varint(BigInt(one(m, 'severity') as string)),
    ...len(0x32, one(m, 'payload') as Buffer),
    0x40,
    ...varint(BigInt(one(m, 'pid') as string)),
    ...len(0x4a, one(m, 'hostname') as Buffer),
  ]);
}

describe('heka-inject', () => {
  it('sends one framed message whose every field protoc decodes as given', async () => {
    const l = await listen();
    const before = BigInt(Date.now()) * 1_000_000n;
    const payload = 'line one\nline "two" — é ✓';
    const r = await run([
      '-heka',
      `127.0.0.1:${l.port}`,
      '-type',
      'test.inject',
      '-logger',
      'my logger',
      '-severity',
      '3',
      '-payload',
      payload,
      '-pid',
      '4242',
      '-hostname',
      'web-1',
    ]);
    const after = BigInt(Date.now() + 1) * 1_000_000n;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bytes = await l.received;
    const { header, message } = unframe(bytes);

    const h = protocDecode('Header', header);
    expect(Object.keys(h)).toEqual(['message_length']);
    expect(Number(one(h, 'message_length'))).toBe(message.length);
    // Unsigned, short message: the header is exactly 08 <varint length>.
    expect([...header]).toEqual([0x08, ...varint(BigInt(message.length))]);

    const m = protocDecode('Message', message);
    expect(Object.keys(m)).toEqual(['uuid', 'timestamp', 'type', 'logger', 'severity', 'payload', 'pid', 'hostname']);
    const uuid = one(m, 'uuid') as Buffer;
    expect(uuid.length).toBe(16);
    expect((uuid[6] as number) >> 4).toBe(4); // version 4
    expect((uuid[8] as number) >> 6).toBe(2); // RFC 4122 variant
    const ts = BigInt(one(m, 'timestamp') as string);
    expect(ts >= before && ts <= after).toBe(true);
    expect(str(m, 'type')).toBe('test.inject');
    expect(str(m, 'logger')).toBe('my logger');
    expect(one(m, 'severity')).toBe('3');
    expect(str(m, 'payload')).toBe(payload);
    expect(one(m, 'pid')).toBe('4242');
    expect(str(m, 'hostname')).toBe('web-1');
    // Byte for byte what Heka's Go client writes for the same values.
    expect(message.equals(goBytes(m))).toBe(true);

    // And our own decoder agrees.
    const reader = new FrameReader();
    reader.push(bytes);
    const frames = reader.readAll();
    expect(frames).toHaveLength(1);
    const msg = decodeMessage((frames[0] as { message: Uint8Array }).message);
    expect(msg.type).toBe('test.inject');
    expect(msg.payload).toBe(payload);
    expect(msg.timestamp).toBe(ts);
    expect(reader.buffered).toBe(0);
  });

  it("uses Heka's defaults: inject.message, Inject Client, severity 7, empty payload, own pid and hostname", async () => {
    const l = await listen();
    const r = await run([`-heka=127.0.0.1:${l.port}`]);
    expect(r.code).toBe(0);
    const { message } = unframe(await l.received);
    const m = protocDecode('Message', message);
    expect(str(m, 'type')).toBe('inject.message');
    expect(str(m, 'logger')).toBe('Inject Client');
    expect(one(m, 'severity')).toBe('7');
    // An empty payload is still written (Go sets the pointer): protoc shows `payload: ""`.
    expect(str(m, 'payload')).toBe('');
    expect(one(m, 'pid')).toBe(String(r.pid));
    expect(str(m, 'hostname')).toBe(hostname());
    expect(message.equals(goBytes(m))).toBe(true);
  });

  it("accepts Go's flag syntax: --flag=value, hex and negative ints, int32 wrap-around", async () => {
    const l = await listen();
    const r = await run([
      `--heka=127.0.0.1:${l.port}`,
      '--type=x',
      '-severity=0x2',
      '-pid',
      '4294967297', // int32(4294967297) = 1 in Go
      '-payload=a=b',
    ]);
    expect(r.code).toBe(0);
    const m = protocDecode('Message', unframe(await l.received).message);
    expect(str(m, 'type')).toBe('x');
    expect(one(m, 'severity')).toBe('2');
    expect(one(m, 'pid')).toBe('1');
    expect(str(m, 'payload')).toBe('a=b');

    const l2 = await listen();
    expect((await run(['-heka', `127.0.0.1:${l2.port}`, '-severity', '-1'])).code).toBe(0);
    expect(one(protocDecode('Message', unframe(await l2.received).message), 'severity')).toBe('-1');
  });

  it('prints the usage and sends nothing when given no flag (as Heka does)', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('-heka');
    expect(r.stderr).toContain('Inject Client');
    expect(r.stdout).toBe('');
  });

  it('-help prints the usage and exits 0', async () => {
    const r = await run(['-help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--severity <n>');
  });

  it('reports a refused connection with Heka\'s "Inject: [error]" line and exits 1', async () => {
    const l = await listen();
    const port = l.port;
    await new Promise<void>((r) => l.server.close(() => r()));
    const r = await run(['-heka', `127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Inject: \[error\] send message: .*ECONNREFUSED/);
  });

  it('rejects bad flag values and addresses with a clear message', async () => {
    const bad = await run(['-severity', 'high']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid value "high" for flag -severity');
    const unknown = await run(['-sevrity', '3']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown option '-sevrity'");
    const noPort = await run(['-heka', 'localhost']);
    expect(noPort.code).toBe(1);
    expect(noPort.stderr).toContain('missing port in address');
  });
});
