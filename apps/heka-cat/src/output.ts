/** Buffered output to stdout or a file, with back-pressure (await flush() when told to). */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';

const FLUSH_AT = 256 * 1024;

export class Output {
  private chunks: Uint8Array[] = [];
  private size = 0;
  private failed: Error | undefined;

  private constructor(
    private readonly stream: Writable,
    private readonly owned: boolean,
  ) {
    stream.on('error', (err: Error) => {
      this.failed = err;
    });
  }

  static stdout(): Output {
    return new Output(process.stdout, false);
  }

  /** Opens (creating or truncating, mode 0644) a file; rejects when it cannot be opened. */
  static async file(path: string): Promise<Output> {
    const stream = createWriteStream(path, { flags: 'w', mode: 0o644 });
    await Promise.race([once(stream, 'open'), once(stream, 'error').then(([e]) => Promise.reject(e))]);
    return new Output(stream, true);
  }

  get error(): Error | undefined {
    return this.failed;
  }

  /** Whether enough is buffered that the caller should flush. */
  write(data: Uint8Array | string): boolean {
    const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    this.chunks.push(b);
    this.size += b.length;
    return this.size >= FLUSH_AT;
  }

  async flush(): Promise<void> {
    if (this.size === 0 || this.failed) return;
    const data = this.chunks.length === 1 ? (this.chunks[0] as Uint8Array) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    this.size = 0;
    // once() rejects on 'error': the error is kept in `failed` for the caller either way.
    if (!this.stream.write(data)) await once(this.stream, 'drain').catch(() => {});
  }

  async close(): Promise<void> {
    await this.flush();
    if (this.failed) return;
    if (this.owned) {
      this.stream.end();
      await once(this.stream, 'close').catch(() => {});
    } else {
      await new Promise<void>((resolve) => this.stream.write('', () => resolve()));
    }
  }
}
