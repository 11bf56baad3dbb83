/**
 * One output (stdout or stderr) of one run, into one input stream (its own splitter and decoder).
 *
 * Collecting (runs on a ticker): the output is kept until the chain has finished and then written at
 * once, so with a NullSplitter a run is one record, as Heka's SplitStreamNullSplitterToEOF made it, and
 * every record carries this run's ExitStatus and SubcmdErrors. Output larger than one record can be is
 * streamed from then on, which bounds the memory used.
 *
 * Streaming (ticker_interval = 0, a long-running command): every chunk goes to the stream as it comes,
 * with back-pressure (the command is paused while the pipeline is full).
 */
import type { Readable } from 'node:stream';
import type { InputContext, InputStream, Message } from '@heka/core';

export class RunOutput {
  private chunks: Buffer[] = [];
  private size = 0;
  private stream: InputStream | undefined;
  private readonly pumped: Promise<void>;

  constructor(
    private readonly ctx: InputContext,
    private readonly source: Readable,
    private readonly name: string,
    private readonly decorate: (m: Message) => void,
    streaming: boolean,
    /** Beyond this many bytes, a collecting output streams. */
    private readonly collectLimit: number,
  ) {
    if (streaming) this.open();
    this.pumped = this.pump();
  }

  private open(): InputStream {
    this.stream ??= this.ctx.openStream({ name: this.name, decorate: this.decorate });
    return this.stream;
  }

  /**
   * Reads the output to its end. Reading on demand (not flowing mode) is the back-pressure: the command
   * blocks on a full pipe while the pipeline is full.
   */
  private async pump(): Promise<void> {
    try {
      for await (const data of this.source) {
        let chunk = data as Buffer;
        if (!this.stream) {
          this.chunks.push(chunk);
          this.size += chunk.length;
          if (this.size <= this.collectLimit) continue;
          chunk = Buffer.concat(this.chunks, this.size);
          this.chunks = [];
          this.size = 0;
          this.open();
        }
        await this.write(chunk);
      }
    } catch {
      // The pipe was closed under us (a timeout kill, or hekad stopping): what was read is kept.
    }
  }

  private async write(chunk: Buffer): Promise<void> {
    try {
      await (this.stream as InputStream).write(chunk);
    } catch (e) {
      this.ctx.logger.error(`Stream Error [${(e as Error).message}]`);
    }
  }

  /** After the chain finished: delivers what was collected (unless `deliver` is false) and ends the stream. */
  async finish(deliver: boolean): Promise<void> {
    await this.pumped;
    if (!this.stream) {
      if (!deliver || this.size === 0) return;
      const all = this.chunks.length === 1 ? (this.chunks[0] as Buffer) : Buffer.concat(this.chunks, this.size);
      this.chunks = [];
      this.open();
      await this.write(all);
    }
    await this.stream?.end();
  }
}
