/**
 * TcpOutput: sends each encoded record (Heka-framed protobuf by default) over one TCP or TLS
 * connection, connecting on demand. A message counts as delivered once its bytes are handed to the
 * kernel; when there is no connection, or a write fails, the message is retried (RetryLater) and the
 * connection re-opened, so nothing is skipped. Messages queued together go out in one write.
 */
import { connect as netConnect, type Socket, type TcpNetConnectOpts } from 'node:net';
import { type ConnectionOptions, connect as tlsConnect } from 'node:tls';
import {
  definePlugin,
  type Message,
  type OutputContext,
  type OutputInstance,
  type PluginContext,
  RetryLater,
} from '@heka/core';
import { type ClientTls, clientTlsOptions, type InetAddress, parseAddress } from '@heka/net';
import { configSchema, type TcpOutputConfig } from './schema.js';

class TcpOutput implements OutputInstance {
  private socket: Socket | undefined;
  /** A connection being opened (destroyed by stop()). */
  private opening: Socket | undefined;
  private delivered = 0;
  private stopped = false;
  private readonly dial: TcpNetConnectOpts & ConnectionOptions;

  constructor(
    private readonly config: TcpOutputConfig,
    remote: InetAddress,
    local: InetAddress | undefined,
    private readonly tls: ClientTls | undefined,
    private readonly ctx: PluginContext,
  ) {
    this.dial = { ...tls?.options, host: remote.host || 'localhost', port: remote.port, noDelay: true };
    if (local?.host) this.dial.localAddress = local.host;
    if (local?.port) this.dial.localPort = local.port;
  }

  process(message: Message, ctx: OutputContext): void | Promise<void> {
    const record = ctx.encode(message);
    if (record === null) return undefined;
    const socket = this.socket;
    if (socket) return this.write(socket, record, 1);
    return this.connect().then((s) => this.write(s, record, 1));
  }

  /** Everything queued, encoded into one buffer and written at once (one syscall for many records). */
  processBatch(messages: readonly Message[], ctx: OutputContext): void | Promise<void> {
    const records: Uint8Array[] = [];
    let size = 0;
    for (const m of messages) {
      const r = ctx.encode(m);
      if (r === null) continue;
      records.push(r);
      size += r.length;
    }
    if (records.length === 0) return undefined;
    return this.send(records, size);
  }

  /** Writes records, closing and re-opening the connection every reconnect_after records. */
  private async send(records: Uint8Array[], size: number): Promise<void> {
    const every = this.config.reconnect_after;
    let from = 0;
    while (from < records.length) {
      let to = records.length;
      if (every > 0) to = Math.min(to, from + (every - (this.delivered % every)));
      const part = from === 0 && to === records.length ? concat(records, size) : concat(records.slice(from, to));
      const socket = this.socket ?? (await this.connect());
      await this.write(socket, part, to - from);
      from = to;
    }
  }

  /** Heka's TcpOutput has no timer: ticker_interval is accepted and does nothing. */
  tick(): void {}

  private connect(): Promise<Socket> {
    const address = this.config.address;
    if (this.stopped) return Promise.reject(new RetryLater(`not connecting to ${address}: stopping`));
    return new Promise((resolve, reject) => {
      const socket = this.tls ? tlsConnect(this.dial) : netConnect(this.dial);
      this.opening = socket;
      const failed = (e: Error): void => {
        socket.off('error', failed);
        socket.off('close', closed);
        socket.on('error', () => undefined); // already reported
        this.opening = undefined;
        socket.destroy();
        reject(new RetryLater(`can't connect to ${address}: ${e.message}`));
      };
      // stop() destroys a connection being opened: that emits 'close' without an 'error'.
      const closed = (): void => failed(new Error('closed before it was established'));
      socket.once('error', failed);
      socket.once('close', closed);
      socket.once(this.tls ? 'secureConnect' : 'connect', () => {
        socket.off('error', failed);
        socket.off('close', closed);
        this.opening = undefined;
        if (this.stopped) return failed(new Error('stopping'));
        this.adopt(socket);
        resolve(socket);
      });
    });
  }

  private adopt(socket: Socket): void {
    const { config, ctx } = this;
    if (config.keep_alive) socket.setKeepAlive(true, config.keep_alive_period * 1000);
    const lost = (why: string): void => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (!this.stopped) ctx.logger.warn(`connection to ${config.address} lost: ${why}`);
    };
    socket.on('error', (e: Error) => lost(e.message));
    socket.on('end', () => lost('closed by the server'));
    socket.on('close', () => lost('closed'));
    // Nothing is expected back; reading lets us see the server close the connection.
    socket.resume();
    this.socket = socket;
    ctx.logger.debug(`connected to ${config.address}`);
  }

  private write(socket: Socket, record: Uint8Array, count: number): Promise<void> {
    return new Promise((resolve, reject) => {
      socket.write(record, (e) => {
        if (e) {
          if (this.socket === socket) this.socket = undefined;
          socket.destroy();
          reject(new RetryLater(`writing to ${this.config.address}: ${e.message}`));
          return;
        }
        this.delivered += count;
        const every = this.config.reconnect_after;
        if (every > 0 && this.delivered % every === 0) this.close(socket);
        resolve();
      });
    });
  }

  /** Ends a connection gracefully (what was written is flushed); resolves once it is closed. */
  private close(socket: Socket): Promise<void> {
    if (this.socket === socket) this.socket = undefined;
    if (socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      const force = setTimeout(() => socket.destroy(), 1000);
      socket.once('close', () => {
        clearTimeout(force);
        resolve();
      });
      socket.end();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.opening?.destroy();
    this.opening = undefined;
    if (this.socket) await this.close(this.socket);
  }
}

function concat(records: readonly Uint8Array[], size = records.reduce((n, r) => n + r.length, 0)): Uint8Array {
  if (records.length === 1) return records[0] as Uint8Array;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}

function create(config: TcpOutputConfig, ctx: PluginContext): OutputInstance {
  const remote = parseAddress('tcp', config.address) as InetAddress;
  const local = config.local_address
    ? (parseAddress('tcp', config.local_address, { key: 'local_address', portOptional: true }) as InetAddress)
    : undefined;
  let tls: ClientTls | undefined;
  if (config.use_tls) {
    tls = clientTlsOptions(config.tls);
    for (const w of tls.warnings) ctx.logger.warn(w);
  }
  return new TcpOutput(config, remote, local, tls, ctx);
}

export default definePlugin<'output', TcpOutputConfig>({
  type: 'TcpOutput',
  kind: 'output',
  description: 'Sends encoded records (Heka-framed protobuf by default) over a TCP or TLS connection.',
  configSchema,
  commonDefaults: { encoder: 'ProtobufEncoder', use_framing: 'protobuf' },
  create,
});
