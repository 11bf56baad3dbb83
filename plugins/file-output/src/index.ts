/**
 * FileOutput: appends each message, as its encoder renders it (framed by default with
 * ProtobufEncoder), to a file; batches writes by count and/or time, reopens the file on SIGHUP and
 * rotates it on hour boundaries. As Heka's plugins/file/file_output.go.
 */
import {
  type ConfigSchema,
  definePlugin,
  type Message,
  type OutputContext,
  type OutputInstance,
  type PluginContext,
  PluginFatalError,
} from '@heka/core';
import { ROTATION_HOURS } from './rotation.js';
import { FileSink } from './sink.js';

export type FileOutputConfig = {
  path: string;
  perm: string;
  folder_perm: string;
  flush_interval: number;
  flush_count: number;
  flush_operator: 'AND' | 'OR';
  rotation_interval: number;
};

const octal = (def: string, description: string) =>
  ({ type: 'string', pattern: '^[0-7]{1,4}$', default: def, description }) as const;

const configSchema: ConfigSchema = {
  type: 'object',
  // The encoder is a common key (default ""): required here, as Heka's "Encoder required.". An allOf is
  // checked before defaults are filled in, so an absent key is reported.
  required: ['path', 'encoder'],
  allOf: [
    {
      type: 'object',
      required: ['encoder'],
      properties: {
        encoder: {
          type: 'string',
          minLength: 1,
          description: 'the encoder that renders each message; FileOutput has no default',
        },
      },
    },
  ],
  properties: {
    path: {
      type: 'string',
      minLength: 1,
      description:
        'The file to append to; with rotation_interval, strftime conversions (%Y, %m, %d, %H...) name each file.',
    },
    perm: octal('644', 'Permissions (octal) of a file the output creates.'),
    folder_perm: octal('700', 'Permissions (octal) of directories the output creates for the file.'),
    flush_interval: {
      type: 'integer',
      minimum: 0,
      maximum: 4294967295,
      default: 1000,
      description: 'Milliseconds between timed writes of buffered data; 0 disables the timer.',
    },
    flush_count: {
      type: 'integer',
      minimum: 1,
      maximum: 4294967295,
      default: 1,
      description: 'Number of messages to buffer before writing.',
    },
    flush_operator: {
      enum: ['AND', 'OR'],
      default: 'AND',
      description:
        'AND: write when flush_count messages are buffered and flush_interval has passed; OR: when either happens.',
    },
    rotation_interval: {
      enum: [...ROTATION_HOURS],
      default: 0,
      description: 'Hours between file rotations (0, 1, 4, 12 or 24); 0 does not rotate.',
    },
  },
};

class FileOutput implements OutputInstance {
  constructor(private readonly sink: FileSink) {}

  process(message: Message, ctx: OutputContext): void | Promise<void> {
    const fatal = this.sink.fatal;
    if (fatal) throw new PluginFatalError(fatal.message);
    const bytes = ctx.encode(message);
    if (bytes === null) return undefined;
    return this.sink.append(bytes);
  }

  reopen(): Promise<void> {
    return this.sink.reopen();
  }

  stop(): Promise<void> {
    return this.sink.close();
  }
}

export default definePlugin<'output', FileOutputConfig>({
  type: 'FileOutput',
  kind: 'output',
  description: 'Appends encoded messages to a file, with batched writes, reopening on SIGHUP and time-based rotation.',
  configSchema,
  commonDefaults: { use_framing: 'protobuf' },
  async create(config: FileOutputConfig, ctx: PluginContext) {
    const sink = await FileSink.open(
      {
        path: config.path,
        rotationHours: config.rotation_interval,
        perm: Number.parseInt(config.perm, 8),
        folderPerm: Number.parseInt(config.folder_perm, 8),
        flushInterval: config.flush_interval,
        flushCount: config.flush_count,
        flushAnd: config.flush_operator === 'AND',
      },
      ctx.logger,
    );
    return new FileOutput(sink);
  },
});
