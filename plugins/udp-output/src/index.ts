/**
 * UdpOutput: one datagram per encoded record, on a connected UDP socket. A record larger than
 * max_message_size is refused with an error (counted as a failed message); send errors are counted and
 * logged, never fatal, as UDP gives no delivery guarantee anyway.
 */
import { createSocket, type Socket } from 'node:dgram';
import {
  type ConfigSchema,
  definePlugin,
  type Message,
  type OutputContext,
  type OutputInstance,
  PluginConfigError,
  type PluginContext,
} from '@heka/core';
import { type InetAddress, parseAddress, resolveHost } from '@heka/net';

type UdpOutputConfig = {
  address: string;
  net: 'udp' | 'udp4' | 'udp6' | 'unixgram';
  local_address: string;
  max_message_size: number;
};

const configSchema: ConfigSchema = {
  type: 'object',
  required: ['address'],
  properties: {
    address: { type: 'string', description: 'Where to send: "host:port" or "[v6]:port".' },
    net: {
      enum: ['udp', 'udp4', 'udp6', 'unixgram'],
      default: 'udp',
      description: 'Network: udp, udp4 or udp6 ("unixgram" is refused: Node has none).',
    },
    local_address: {
      type: 'string',
      default: '',
      description: 'Source address: an IP or "ip:port"; empty lets the system choose.',
    },
    max_message_size: {
      type: 'integer',
      minimum: 512,
      default: 65507,
      description: 'Largest datagram sent, in bytes; larger records are refused (counted as failures).',
    },
  },
};

/** Sends waiting in the socket beyond this make process() wait for its datagram (back-pressure). */
const MAX_QUEUED_SENDS = 64;
const ERROR_REPORT_MS = 5000;

class UdpOutput implements OutputInstance {
  private sendErrors = 0;
  private lastReport = 0;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly config: UdpOutputConfig,
    private readonly ctx: PluginContext,
  ) {
    socket.on('error', (e: Error) => this.sendFailed(e));
  }

  process(message: Message, ctx: OutputContext): void | Promise<void> {
    const record = ctx.encode(message);
    if (record === null) return undefined;
    const max = this.config.max_message_size;
    if (record.length > max) {
      throw new Error(`message has exceeded allowed UDP data size: ${record.length} > ${max}`);
    }
    if (this.socket.getSendQueueCount() < MAX_QUEUED_SENDS) {
      this.socket.send(record, (e) => e && this.sendFailed(e));
      return undefined;
    }
    return new Promise((resolve) => {
      this.socket.send(record, (e) => {
        if (e) this.sendFailed(e);
        resolve();
      });
    });
  }

  /** Heka ignored write errors; they are counted and logged at most every few seconds here. */
  private sendFailed(e: Error): void {
    this.sendErrors++;
    const now = Date.now();
    if (now - this.lastReport < ERROR_REPORT_MS) return;
    this.lastReport = now;
    this.ctx.logger.warn(
      `sending to ${this.config.address} failed: ${e.message} (${this.sendErrors} send errors so far)`,
    );
  }

  stop(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close();
  }
}

async function create(config: UdpOutputConfig, ctx: PluginContext): Promise<OutputInstance> {
  if (config.net === 'unixgram') {
    throw new PluginConfigError('net: "unixgram" is not supported: Node.js has no Unix datagram sockets');
  }
  const remote = parseAddress(config.net, config.address) as InetAddress;
  const local = config.local_address
    ? (parseAddress(config.net, config.local_address, { key: 'local_address', portOptional: true }) as InetAddress)
    : undefined;
  const to = await resolveHost(remote.host || 'localhost', remote.family);
  const socket = createSocket(to.family === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      const connect = (): void => socket.connect(remote.port, to.address, () => resolve());
      if (local) socket.bind({ address: local.host || undefined, port: local.port }, connect);
      else connect();
    });
  } catch (e) {
    socket.close();
    const where = local ? `from ${config.local_address} ` : '';
    throw new PluginConfigError(`address: can't connect ${where}to ${config.address}: ${(e as Error).message}`);
  }
  socket.removeAllListeners('error');
  return new UdpOutput(socket, config, ctx);
}

export default definePlugin<'output', UdpOutputConfig>({
  type: 'UdpOutput',
  kind: 'output',
  description: 'Sends each encoded record as one UDP datagram.',
  configSchema,
  create,
});
