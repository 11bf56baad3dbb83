/** heka-inject's work: one message, protobuf-encoded, framed, written to a TcpInput. */
import { connect } from 'node:net';
import { hostname as osHostname } from 'node:os';
import { encodeFrame, encodeMessage, Message } from '@heka/core';
import { splitHostPort } from './address.js';

export interface InjectOptions {
  /** `host:port` of the TcpInput (Heka's -heka). */
  heka: string;
  type: string;
  logger: string;
  severity: number;
  payload: string;
  /** 0 means this process's pid, as in Heka. */
  pid: number;
  /** "" means this machine's hostname, as in Heka. */
  hostname: string;
}

/** Heka's flag defaults. */
export const INJECT_DEFAULTS: InjectOptions = {
  heka: '127.0.0.1:5565',
  type: 'inject.message',
  logger: 'Inject Client',
  severity: 7,
  payload: '',
  pid: 0,
  hostname: '',
};

/** The message heka-inject sends: every header set (a fresh uuid, the time now), no fields. */
export function buildMessage(o: InjectOptions): Message {
  return new Message({
    type: o.type,
    logger: o.logger,
    pid: o.pid === 0 ? process.pid : o.pid,
    severity: o.severity,
    hostname: o.hostname === '' ? osHostname() : o.hostname,
    payload: o.payload,
  });
}

/** The framed record for a message (unsigned, as heka-inject never signs). */
export function frameMessage(msg: Message): Uint8Array {
  return encodeFrame(encodeMessage(msg));
}

/** Connects, writes the record, closes the connection once the bytes are handed to the kernel. */
export function send(address: string, record: Uint8Array): Promise<void> {
  const { host, port } = splitHostPort(address);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.once('error', reject);
    socket.once('connect', () => {
      socket.end(record, () => {
        socket.destroy();
        resolve();
      });
    });
  });
}
