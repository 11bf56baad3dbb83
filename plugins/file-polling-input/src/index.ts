/**
 * FilePollingInput: every ticker_interval seconds, reads a whole file through the input's splitter and
 * decoder. Records become messages of Type `heka.file.polling` with fields TickerInterval and FilePath.
 * As Heka's plugins/file/file_polling_input.go.
 */
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import {
  definePlugin,
  Field,
  type InputContext,
  type InputInstance,
  type Message,
  type PluginContext,
} from '@heka/core';
import { Ticker } from '@heka/go-time';
import { pathError } from './errno.js';

export type FilePollingConfig = {
  file_path: string;
};

/** Bytes read per call (NullSplitter's default buffer: a file up to this size is one record). */
const READ_SIZE = 64 * 1024;

class FilePollingInput implements InputInstance {
  private readonly buf = new Uint8Array(READ_SIZE);

  constructor(
    private readonly path: string,
    private readonly hostname: string,
  ) {}

  async run(ctx: InputContext): Promise<void> {
    const seconds = ctx.tickerInterval;
    if (seconds <= 0) {
      ctx.logger.warn('ticker_interval is 0: the file is never read');
      await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      return;
    }
    const interval = new Field('TickerInterval', 'integer', '', [seconds]);
    const filePath = new Field('FilePath', 'string', '', [this.path]);
    const decorate = (m: Message): void => {
      m.type = 'heka.file.polling';
      m.hostname = this.hostname;
      m.addField(interval);
      m.addField(filePath);
    };
    const ticker = new Ticker(seconds * 1000, ctx.signal);
    while (await ticker.wait()) await this.poll(ctx, decorate);
  }

  /** One reading of the file, as one stream (its trailing partial record ends with it). */
  private async poll(ctx: InputContext, decorate: (m: Message) => void): Promise<void> {
    let file: FileHandle;
    try {
      file = await open(this.path, 'r');
    } catch (e) {
      ctx.logger.error(`Error opening file: ${pathError('open', this.path, e)}`);
      return;
    }
    const stream = ctx.openStream({ name: this.path, decorate });
    try {
      while (!ctx.signal.aborted) {
        const { bytesRead } = await file.read(this.buf, 0, this.buf.length, null);
        if (bytesRead === 0) break;
        // The stream copies what it keeps; the buffer is reused once the write is done.
        const written = stream.write(this.buf.subarray(0, bytesRead));
        if (written) await written;
      }
    } catch (e) {
      ctx.logger.error(`Error reading file: ${pathError('read', this.path, e)}`);
    } finally {
      await file.close();
      await stream.end();
    }
  }
}

export default definePlugin<'input', FilePollingConfig>({
  type: 'FilePollingInput',
  kind: 'input',
  description: 'Reads a whole file every ticker_interval seconds into messages of type heka.file.polling.',
  configSchema: {
    type: 'object',
    required: ['file_path'],
    properties: {
      file_path: { type: 'string', minLength: 1, description: 'The file read on every tick.' },
    },
  },
  commonDefaults: { ticker_interval: 5 },
  create: (config: FilePollingConfig, ctx: PluginContext) =>
    new FilePollingInput(config.file_path, ctx.globals.hostname),
});
