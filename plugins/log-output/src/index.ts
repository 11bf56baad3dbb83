/**
 * LogOutput: writes each message, as its encoder renders it, to hekad's standard output through a
 * Go-`log`-style line: the `log_flags` prefix (date and time by default), the encoded bytes, and a
 * newline unless the record already ends with one. As Heka's plugins/log_output.go.
 */
import { definePlugin, type Logger, type Message, type OutputContext, type OutputInstance } from '@heka/core';
import { PrefixCache } from './prefix.js';

const NEWLINE = Buffer.from('\n');
/**
 * The encoder is a common key (default ""): this makes it required, as Heka's "Encoder required.", at
 * config time. An allOf is checked before the defaults are filled in, so an absent key is reported.
 */
const ENCODER_REQUIRED = {
  type: 'object',
  required: ['encoder'],
  properties: {
    encoder: {
      type: 'string',
      minLength: 1,
      description: 'the encoder that renders each message; LogOutput has no default',
    },
  },
} as const;

/** log_flags, once the runtime hands it to plugins; Heka's default (date and time) until then. */
function logFlags(ctx: OutputContext | { globals: object }): number {
  const flags = (ctx.globals as { logFlags?: unknown }).logFlags;
  return typeof flags === 'number' ? flags : 3;
}

class LogOutput implements OutputInstance {
  private prefix: PrefixCache | undefined;
  private drained: Promise<void> | undefined;
  private release: (() => void) | undefined;
  private failed = false;
  /** A closed stdout (`hekad | head`) must not take hekad down: say so once, as Go's log ignored it. */
  private readonly onError = (e: Error): void => {
    if (!this.failed) this.logger.error(`cannot write to standard output: ${e.message}`);
    this.failed = true;
    this.release?.();
  };
  private readonly onDrain = (): void => this.release?.();

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly logger: Logger,
  ) {
    out.on('error', this.onError);
  }

  stop(): void {
    this.out.off('error', this.onError);
    this.release?.();
  }

  process(message: Message, ctx: OutputContext): void | Promise<void> {
    const bytes = ctx.encode(message);
    if (bytes === null || this.failed) return undefined;
    this.prefix ??= new PrefixCache(logFlags(ctx));
    const head = this.prefix.get(Date.now());
    const tail = bytes.length > 0 && bytes[bytes.length - 1] === 0x0a ? 0 : 1;
    const line = Buffer.allocUnsafe(head.length + bytes.length + tail);
    head.copy(line, 0);
    line.set(bytes, head.length);
    if (tail) line[line.length - 1] = NEWLINE[0] as number;
    if (this.out.write(line)) return undefined;
    // The pipe is full: take the next message once it drains (back-pressure).
    this.drained ??= new Promise<void>((resolve) => {
      this.out.once('drain', this.onDrain);
      this.release = () => {
        this.out.off('drain', this.onDrain);
        this.release = undefined;
        this.drained = undefined;
        resolve();
      };
    });
    return this.drained;
  }
}

export default definePlugin({
  type: 'LogOutput',
  kind: 'output',
  description: "Writes each message, as its encoder renders it, to hekad's standard output as a log line.",
  configSchema: { type: 'object', properties: {}, required: ['encoder'], allOf: [ENCODER_REQUIRED] },
  create: (_config, ctx) => new LogOutput(process.stdout, ctx.logger),
});
