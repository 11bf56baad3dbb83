/**
 * UdpInput: listens on a UDP socket (or one inherited as `fd:N`); every datagram goes through one
 * datagram stream, so records never span datagrams and several records may share one. Text records
 * get Type = the input's name (and Hostname = the sender's IP with set_hostname), as in Heka.
 */
import { createSocket, type Socket } from 'node:dgram';
import {
  type ConfigSchema,
  definePlugin,
  type InputContext,
  type InputInstance,
  type InputStream,
  type Message,
  PluginConfigError,
  type PluginContext,
} from '@heka/core';
import { type InetAddress, joinHostPort, parseAddress, resolveHost, unmapIPv4 } from '@heka/net';

type UdpInputConfig = {
  address: string;
  net: 'udp' | 'udp4' | 'udp6' | 'unixgram';
  set_hostname: boolean;
};

const configSchema: ConfigSchema = {
  type: 'object',
  required: ['address'],
  properties: {
    address: {
      type: 'string',
      description:
        'Where to listen: "host:port", "[v6]:port", ":port" (every interface), or "fd:N" (an inherited socket).',
    },
    net: {
      enum: ['udp', 'udp4', 'udp6', 'unixgram'],
      default: 'udp',
      description: 'Network: udp (IPv4 and IPv6), udp4 or udp6 ("unixgram" is refused: Node has none).',
    },
    set_hostname: {
      type: 'boolean',
      default: false,
      description: "Set each text record's Hostname to the sender's IP address.",
    },
  },
};

/** Datagrams held while the pipeline is full; more are dropped (as the kernel would) and counted. */
const MAX_WAITING = 1024;
const DROP_REPORT_MS = 5000;

type Where = { kind: 'fd'; fd: number } | InetAddress;

class UdpInput implements InputInstance {
  private socket: Socket | undefined;
  private readonly waiting: { data: Buffer; from: string }[] = [];
  private busy: Promise<void> | undefined;
  private from = '';
  private dropped = 0;
  private lastDropReport = 0;

  constructor(
    private readonly config: UdpInputConfig,
    private readonly where: Where,
  ) {}

  async run(ctx: InputContext): Promise<void> {
    if (ctx.signal.aborted) return;
    const socket = await this.bind();
    this.socket = socket;
    const { set_hostname } = this.config;
    const type = ctx.name;
    const stream = ctx.openStream({
      name: 'udp',
      datagrams: true,
      decorate: (m: Message) => {
        m.type = type;
        if (set_hostname) m.hostname = this.from;
      },
    });
    socket.on('message', (data: Buffer, rinfo) => this.receive(stream, ctx, data, rinfo.address));
    socket.on('error', (e: Error) => ctx.logger.error(`read error: ${e.message}`));
    const bound = socket.address();
    ctx.logger.info(
      `listening on ${this.where.kind === 'fd' ? `fd:${this.where.fd} (${joinHostPort(bound.address, bound.port)})` : joinHostPort(bound.address, bound.port)}`,
    );
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    this.close();
    // Datagrams already received (waiting included) are still processed.
    while (this.busy) await this.busy;
    this.reportDrops(ctx, true);
    await stream.end();
  }

  private async bind(): Promise<Socket> {
    const where = this.where;
    if (where.kind === 'fd') return bindSocket(createSocket('udp4'), { fd: where.fd });
    if (where.host !== '') {
      const ip = await resolveHost(where.host, where.family);
      const type = ip.family === 6 ? 'udp6' : 'udp4';
      return bindSocket(createSocket({ type, ipv6Only: where.family === 6 }), {
        address: ip.address,
        port: where.port,
      });
    }
    if (where.family === 4) return bindSocket(createSocket('udp4'), { address: '0.0.0.0', port: where.port });
    if (where.family === 6) {
      return bindSocket(createSocket({ type: 'udp6', ipv6Only: true }), { address: '::', port: where.port });
    }
    // Every interface, both families when the system has IPv6 (as Go listens).
    try {
      return await bindSocket(createSocket('udp6'), { address: '::', port: where.port });
    } catch {
      return bindSocket(createSocket('udp4'), { address: '0.0.0.0', port: where.port });
    }
  }

  private receive(stream: InputStream, ctx: InputContext, data: Buffer, from: string): void {
    if (this.busy) {
      if (this.waiting.length < MAX_WAITING) this.waiting.push({ data, from });
      else {
        this.dropped++;
        this.reportDrops(ctx, false);
      }
      return;
    }
    this.feed(stream, ctx, data, from);
  }

  /** Writes one datagram; while the pipeline is full, later datagrams wait in order. */
  private feed(stream: InputStream, ctx: InputContext, data: Buffer, from: string): void {
    this.from = unmapIPv4(from);
    let r: void | Promise<void>;
    try {
      r = stream.write(data);
    } catch (e) {
      ctx.logger.error(`datagram from ${this.from} dropped: ${(e as Error).message}`);
      return;
    }
    if (!r) return;
    this.busy = r.then(
      () => this.next(stream, ctx),
      (e: unknown) => {
        ctx.logger.error(`datagram from ${this.from} dropped: ${(e as Error).message}`);
        this.next(stream, ctx);
      },
    );
  }

  private next(stream: InputStream, ctx: InputContext): void {
    this.busy = undefined;
    for (let w = this.waiting.shift(); w; w = this.waiting.shift()) {
      this.feed(stream, ctx, w.data, w.from);
      if (this.busy) return;
    }
  }

  private reportDrops(ctx: InputContext, final: boolean): void {
    const now = Date.now();
    if (this.dropped === 0 || (!final && now - this.lastDropReport < DROP_REPORT_MS)) return;
    this.lastDropReport = now;
    ctx.logger.warn(`${this.dropped} datagrams dropped so far: the pipeline is full`);
  }

  private close(): void {
    const s = this.socket;
    this.socket = undefined;
    try {
      s?.close();
    } catch {
      // already closed
    }
  }

  stop(): void {
    this.close();
  }
}

function bindSocket(socket: Socket, options: { address?: string; port?: number; fd?: number }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const failed = (e: Error): void => {
      socket.close();
      reject(e);
    };
    socket.once('error', failed);
    socket.bind(options, () => {
      socket.off('error', failed);
      resolve(socket);
    });
  });
}

function create(config: UdpInputConfig, _ctx: PluginContext): InputInstance {
  if (config.net === 'unixgram') {
    throw new PluginConfigError('net: "unixgram" is not supported: Node.js has no Unix datagram sockets');
  }
  const fd = /^fd:(.*)$/.exec(config.address);
  if (fd) {
    if (config.set_hostname) throw new PluginConfigError("set_hostname: can't set Hostname from a file descriptor");
    const n = Number(fd[1]);
    if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(fd[1] as string) || !Number.isSafeInteger(n)) {
      throw new PluginConfigError(`address: cannot parse file descriptor ${JSON.stringify(config.address)}`);
    }
    return new UdpInput(config, { kind: 'fd', fd: n });
  }
  return new UdpInput(config, parseAddress(config.net, config.address) as InetAddress);
}

export default definePlugin<'input', UdpInputConfig>({
  type: 'UdpInput',
  kind: 'input',
  description: 'Listens on a UDP socket; each datagram holds one or more whole records.',
  configSchema,
  create,
});
