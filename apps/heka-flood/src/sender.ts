/**
 * Sockets for heka-flood with back-pressure: TCP (optionally TLS) copies frames into batches of
 * BATCH_SIZE bytes and waits for 'drain' when the socket's buffer is full; UDP sends one datagram per
 * message and keeps at most MAX_INFLIGHT of them queued. Nothing buffers without bound.
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { once } from 'node:events';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { clientTlsOptions, parseAddress, resolveHost } from '@heka/net';
import type { FloodTest } from './config.js';

export const BATCH_SIZE = 256 * 1024;
const MAX_INFLIGHT = 256;

export interface Sender {
  /** Queues a frame (the sender may keep a reference). False: await ready() before the next one. */
  send(frame: Uint8Array): boolean;
  /** Resolves when more may be sent; rejects with the socket's error. */
  ready(): Promise<void>;
  /** Hands everything queued to the socket. */
  flush(): void;
  /** Flushes, waits for the bytes to reach the kernel (at most `waitMs` when given), closes. */
  close(waitMs?: number): Promise<void>;
  /** Messages the socket accepted without error. */
  readonly delivered: number;
  readonly error: Error | undefined;
}

const immediate = () => new Promise<void>((resolve) => setImmediate(resolve));

class TcpSender implements Sender {
  delivered = 0;
  error: Error | undefined;
  private batch = Buffer.allocUnsafeSlow(BATCH_SIZE);
  private pos = 0;
  private count = 0;
  private blocked = false;
  private closing = false;
  private readonly failed: Promise<never>;

  constructor(private readonly socket: Socket) {
    this.failed = new Promise<never>((_, reject) => {
      const fail = (err: Error) => {
        this.error ??= err;
        reject(this.error);
      };
      socket.on('error', fail);
      socket.on('close', () => {
        if (!this.closing) fail(new Error('connection closed'));
      });
    });
    this.failed.catch(() => {});
  }

  send(frame: Uint8Array): boolean {
    let flushed = false;
    if (this.pos + frame.length > BATCH_SIZE) {
      this.flush();
      flushed = true;
    }
    if (frame.length >= BATCH_SIZE) {
      this.write(frame, 1);
      return false;
    }
    this.batch.set(frame, this.pos);
    this.pos += frame.length;
    this.count++;
    return !flushed;
  }

  flush(): void {
    if (this.pos === 0) return;
    this.write(this.batch.subarray(0, this.pos), this.count);
    this.batch = Buffer.allocUnsafeSlow(BATCH_SIZE);
    this.pos = 0;
    this.count = 0;
  }

  private write(chunk: Uint8Array, messages: number): void {
    if (this.error) return;
    const ok = this.socket.write(chunk, (err) => {
      if (!err) this.delivered += messages;
    });
    if (!ok) this.blocked = true;
  }

  async ready(): Promise<void> {
    if (this.error) throw this.error;
    if (this.blocked) {
      await Promise.race([once(this.socket, 'drain'), this.failed]);
      this.blocked = false;
    } else {
      // Let timers (the rate report) and signals run between batches.
      await immediate();
    }
    if (this.error) throw this.error;
  }

  async close(waitMs?: number): Promise<void> {
    this.flush();
    if (!this.error) {
      this.socket.end();
      const waits: Promise<unknown>[] = [once(this.socket, 'finish'), this.failed];
      let timer: NodeJS.Timeout | undefined;
      if (waitMs !== undefined) waits.push(new Promise((resolve) => (timer = setTimeout(resolve, waitMs))));
      await Promise.race(waits).catch(() => {});
      clearTimeout(timer);
    }
    this.closing = true;
    this.socket.destroy();
  }
}

class UdpSender implements Sender {
  delivered = 0;
  error: Error | undefined;
  private inflight = 0;
  private sinceYield = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly socket: UdpSocket) {
    socket.on('error', (err) => this.fail(err));
  }

  private fail(err: Error): void {
    this.error ??= err;
    this.wake?.();
  }

  send(frame: Uint8Array): boolean {
    if (this.error) return false;
    this.inflight++;
    this.socket.send(frame, (err) => {
      this.inflight--;
      if (err) this.fail(err);
      else this.delivered++;
      if (this.inflight < MAX_INFLIGHT / 2) this.wake?.();
    });
    // Send callbacks may come on the same turn (nextTick): yield now and then so timers run.
    return ++this.sinceYield < MAX_INFLIGHT && this.inflight < MAX_INFLIGHT;
  }

  flush(): void {}

  async ready(): Promise<void> {
    if (this.error) throw this.error;
    this.sinceYield = 0;
    await immediate();
    if (this.inflight >= MAX_INFLIGHT && !this.error) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    if (this.error) throw this.error;
  }

  async close(waitMs?: number): Promise<void> {
    const end = waitMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + waitMs;
    while (this.inflight > 0 && !this.error && Date.now() < end) await this.ready().catch(() => {});
    await new Promise<void>((resolve) => this.socket.close(() => resolve()));
  }
}

/** Dials test.ip_address with test.sender (and TLS when use_tls), as Heka's createSender did. */
export async function createSender(test: FloodTest, warn: (line: string) => void): Promise<Sender> {
  const addr = parseAddress(test.sender, test.ipAddress, { key: 'ip_address' });
  if (addr.kind !== 'inet') throw new Error(`ip_address: not an inet address`);
  const host = addr.host === '' ? 'localhost' : addr.host;
  if (test.sender.startsWith('udp')) {
    const ip = await resolveHost(host, addr.family);
    const socket = createSocket(ip.family === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(addr.port, ip.address, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpSender(socket);
  }
  const family = addr.family === 0 ? undefined : addr.family;
  let socket: Socket = tcpConnect({ host, port: addr.port, family });
  await connected(socket, 'connect');
  if (test.useTls) {
    const { options, warnings } = clientTlsOptions(test.tls, 'tls');
    for (const w of warnings) warn(w);
    // As Go's tls.Dial: the certificate is checked against the dialled host unless server_name is set;
    // the name is sent (SNI) only when it is not an IP address.
    const servername = options.servername ?? (isIP(host) === 0 ? host : undefined);
    socket = tlsConnect({ ...options, socket, host, servername });
    await connected(socket, 'secureConnect');
  }
  socket.setNoDelay(true);
  return new TcpSender(socket);
}

function connected(socket: Socket, event: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => {
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
