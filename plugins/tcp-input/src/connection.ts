/**
 * One accepted connection: its own input stream (splitter + decoder), fed with back-pressure (the
 * socket is paused while the pipeline is full), ended when the peer closes or the input stops.
 */
import type { Socket } from 'node:net';
import type { InputContext, InputStream, Message } from '@heka/core';

export interface ConnectionOptions {
  /** Peer for diagnostics and Hostname (`ip:port`). */
  peer: string;
  /** Hostname stamped on text records. */
  hostname: string;
}

export class Connection {
  /** Resolves once the stream has ended (everything read from the socket went through the pipeline). */
  readonly done: Promise<void>;
  private readonly stream: InputStream;
  private pending: Promise<void> | undefined;

  constructor(
    private readonly socket: Socket,
    private readonly ctx: InputContext,
    options: ConnectionOptions,
  ) {
    const type = ctx.name;
    const { hostname } = options;
    this.stream = ctx.openStream({
      name: options.peer,
      decorate: (m: Message) => {
        m.type = type;
        m.hostname = hostname;
      },
    });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e: Error) => {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ECONNRESET' && code !== 'EPIPE') ctx.logger.warn(`connection from ${options.peer}: ${e.message}`);
    });
    this.done = new Promise((resolve) => {
      socket.once('close', () => resolve(this.finish()));
    });
  }

  private onData(chunk: Buffer): void {
    let r: void | Promise<void>;
    try {
      r = this.stream.write(chunk);
    } catch (e) {
      this.failed(e);
      return;
    }
    if (!r) return;
    this.socket.pause();
    this.pending = r.then(
      () => {
        this.pending = undefined;
        if (!this.socket.destroyed) this.socket.resume();
      },
      (e: unknown) => this.failed(e),
    );
  }

  private failed(e: unknown): void {
    this.pending = undefined;
    this.ctx.logger.error(`closing the connection: ${(e as Error).message ?? String(e)}`);
    this.socket.destroy();
  }

  /** After the socket closed: let the last write finish, then end the stream. */
  private async finish(): Promise<void> {
    try {
      await this.pending;
      await this.stream.end();
    } catch (e) {
      this.ctx.logger.error(`ending the stream failed: ${(e as Error).message ?? String(e)}`);
    }
  }

  /** Closes the connection at once (the input is stopping). */
  close(): void {
    this.socket.destroy();
  }
}
