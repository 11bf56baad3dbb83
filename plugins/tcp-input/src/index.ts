/**
 * TcpInput: listens on a TCP (optionally TLS) or unix socket; every connection gets its own splitter
 * and decoder (by default Heka framing and protobuf), and text records are stamped as Heka does:
 * Type = the input's name, Hostname = the peer's `ip:port`.
 */
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { definePlugin, type InputContext, type InputInstance, PluginConfigError, type PluginContext } from '@heka/core';
import { listen, type NetAddress, parseAddress, peerAddress, type ServerTls, serverTlsOptions } from '@heka/net';
import { Connection } from './connection.js';
import { configSchema, type TcpInputConfig } from './schema.js';

class TcpInput implements InputInstance {
  private server: Server | undefined;
  private readonly connections = new Set<Connection>();
  private stopped = false;

  constructor(
    private readonly config: TcpInputConfig,
    private readonly address: NetAddress,
    private readonly tls: ServerTls | undefined,
  ) {}

  async run(ctx: InputContext): Promise<void> {
    if (this.stopped || ctx.signal.aborted) return;
    const server = this.tls ? createTlsServer(this.tls.options) : createTcpServer();
    this.server = server;
    if (this.tls) {
      server.on('secureConnection', (s: TLSSocket) => this.accept(s, ctx));
      server.on('tlsClientError', (e: Error, s: TLSSocket) => {
        ctx.logger.warn(`TLS handshake with ${peerAddress(s.remoteAddress, s.remotePort)} failed: ${e.message}`);
      });
    } else {
      server.on('connection', (s: Socket) => this.accept(s, ctx));
    }
    server.on('error', (e: Error) => ctx.logger.error(`listener: ${e.message}`));
    const bound = await listen(server, this.address);
    ctx.logger.info(`listening on ${bound}${this.tls ? ' (TLS)' : ''}`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    await this.shutDown();
  }

  private accept(socket: Socket, ctx: InputContext): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    const unix = this.address.kind === 'unix';
    const peer = unix ? String(socket.remoteAddress ?? '') : peerAddress(socket.remoteAddress, socket.remotePort);
    if (this.tls) {
      const refused = this.tls.checkClient(socket as TLSSocket);
      if (refused) {
        ctx.logger.warn(`refusing ${peer}: ${refused}`);
        socket.destroy();
        return;
      }
    }
    if (this.config.keep_alive) socket.setKeepAlive(true, this.config.keep_alive_period * 1000);
    // Unix peers are on this host and have no address: stamp the host's name.
    const connection = new Connection(socket, ctx, { peer, hostname: unix ? ctx.globals.hostname : peer });
    this.connections.add(connection);
    void connection.done.then(() => this.connections.delete(connection));
  }

  /** Stops listening, closes every connection and waits until their streams have ended. */
  private async shutDown(): Promise<void> {
    this.stopped = true;
    const server = this.server;
    this.server = undefined;
    const closed = server?.listening
      ? new Promise<void>((resolve) => server.close(() => resolve()))
      : Promise.resolve();
    const open = [...this.connections];
    for (const c of open) c.close();
    await Promise.all([closed, ...open.map((c) => c.done)]);
  }

  async stop(): Promise<void> {
    await this.shutDown();
  }
}

function create(config: TcpInputConfig, ctx: PluginContext): InputInstance {
  if (config.net === 'unixpacket') {
    throw new PluginConfigError('net: "unixpacket" is not supported: Node.js has no SOCK_SEQPACKET sockets');
  }
  const address = parseAddress(config.net, config.address);
  if (config.keep_alive && address.kind === 'unix') {
    throw new PluginConfigError('keep_alive: KeepAlive is only supported for TCP connections, not net = "unix"');
  }
  let tls: ServerTls | undefined;
  if (config.use_tls) {
    tls = serverTlsOptions(config.tls);
    for (const w of tls.warnings) ctx.logger.warn(w);
  }
  return new TcpInput(config, address, tls);
}

export default definePlugin<'input', TcpInputConfig>({
  type: 'TcpInput',
  kind: 'input',
  description: 'Listens on a TCP, TLS or unix socket; one splitter and decoder per connection.',
  configSchema,
  commonDefaults: { splitter: 'HekaFramingSplitter', decoder: 'ProtobufDecoder' },
  create,
});
