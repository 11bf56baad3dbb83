/**
 * Configuration keys common to every plugin of a kind (Heka's CommonInputConfig, CommonSplitterConfig,
 * CommonFOConfig, retries and buffering sub-tables), with Heka's defaults. The runtime owns them: a
 * plugin's own schema never declares them and its `create()` never sees them.
 */
import type { PluginKind } from './kinds.js';
import type { JsonSchema } from './schema.js';

const duration = (def: string, description: string): JsonSchema => ({
  type: 'string',
  pattern: '^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$|^0$',
  default: def,
  description,
  'x-heka-doc-type': 'duration',
});

export const RETRIES_SCHEMA: JsonSchema = {
  type: 'object',
  description: 'Restart policy when the plugin fails: back-off doubles from delay up to max_delay.',
  additionalProperties: false,
  properties: {
    delay: duration('250ms', 'First wait before a restart.'),
    max_delay: duration('30s', 'Longest wait between restarts.'),
    max_jitter: duration('500ms', 'Random extra wait (0..max_jitter) added to every wait.'),
    max_retries: { type: 'integer', minimum: -1, default: -1, description: '-1 retries forever; 0 never restarts.' },
  },
};

export const BUFFERING_SCHEMA: JsonSchema = {
  type: 'object',
  description: "Disk queue settings for outputs and filters with use_buffering (Heka's [x.buffering]).",
  additionalProperties: false,
  properties: {
    max_file_size: {
      type: 'integer',
      minimum: 0,
      default: 512 * 1024 * 1024,
      description: 'Roll to a new queue file past this many bytes.',
    },
    max_buffer_size: {
      type: 'integer',
      minimum: 0,
      default: 0,
      description: 'Total bytes allowed in the queue; 0 is unlimited.',
    },
    full_action: {
      enum: ['shutdown', 'drop', 'block'],
      default: 'shutdown',
      description: 'What to do when the queue is full.',
    },
    cursor_update_count: {
      type: 'integer',
      minimum: 0,
      default: 1,
      description: 'Deliveries between checkpoint writes.',
    },
  },
};

const type: JsonSchema = { type: 'string', description: 'Plugin type; defaults to the section name.' };

const tickerInterval: JsonSchema = {
  type: 'integer',
  minimum: 0,
  default: 0,
  description: 'Seconds between timer calls (0: none).',
};

export const COMMON_KEYS: Readonly<Record<PluginKind, Readonly<Record<string, JsonSchema>>>> = {
  input: {
    type,
    decoder: { type: 'string', default: '', description: 'Decoder instance for the records this input reads.' },
    splitter: {
      type: 'string',
      default: 'NullSplitter',
      description: 'Splitter instance that cuts streams into records.',
    },
    synchronous_decode: {
      type: 'boolean',
      default: false,
      description: 'Decode in the input itself (accepted for Heka compatibility).',
    },
    send_decode_failures: {
      type: 'boolean',
      default: false,
      description: 'Route records that fail to decode, tagged with decode_failure and decode_error fields.',
    },
    log_decode_failures: { type: 'boolean', default: true, description: 'Log each decode failure.' },
    can_exit: {
      type: 'boolean',
      default: false,
      description: 'If false, the input stopping for good shuts hekad down.',
    },
    ticker_interval: tickerInterval,
    retries: RETRIES_SCHEMA,
  },
  splitter: {
    type,
    keep_truncated: {
      type: 'boolean',
      default: false,
      description: 'Deliver records longer than the maximum record size truncated instead of dropping them.',
    },
    use_message_bytes: {
      type: 'boolean',
      default: false,
      description: 'Records are protobuf messages (for ProtobufDecoder) rather than payload text.',
    },
    min_buffer_size: {
      type: 'integer',
      minimum: 1,
      default: 8192,
      description: 'Initial read buffer; it grows up to the maximum record size.',
    },
    deliver_incomplete_final: {
      type: 'boolean',
      default: false,
      description: 'At the end of a stream, deliver the trailing partial record.',
    },
  },
  decoder: { type },
  encoder: { type },
  filter: {
    type,
    message_matcher: { type: 'string', description: 'Which messages this plugin receives (matcher expression).' },
    message_signer: { type: 'string', default: '', description: 'Only receive messages signed by this signer name.' },
    ticker_interval: tickerInterval,
    can_exit: {
      type: 'boolean',
      default: false,
      description: 'If false, the plugin stopping for good shuts hekad down.',
    },
    retries: RETRIES_SCHEMA,
    use_buffering: {
      type: 'boolean',
      default: false,
      description: 'Queue matched messages on disk instead of in memory.',
    },
    buffering: BUFFERING_SCHEMA,
  },
  output: {
    type,
    message_matcher: { type: 'string', description: 'Which messages this plugin receives (matcher expression).' },
    message_signer: { type: 'string', default: '', description: 'Only receive messages signed by this signer name.' },
    ticker_interval: tickerInterval,
    can_exit: {
      type: 'boolean',
      default: false,
      description: 'If false, the plugin stopping for good shuts hekad down.',
    },
    retries: RETRIES_SCHEMA,
    encoder: { type: 'string', default: '', description: 'Encoder instance that turns messages into bytes.' },
    use_framing: { type: 'boolean', description: 'Wrap each encoded record in Heka stream framing.' },
    use_buffering: {
      type: 'boolean',
      default: false,
      description: 'Queue matched messages on disk instead of in memory.',
    },
    buffering: BUFFERING_SCHEMA,
  },
};

/** Whether a key is runtime-owned for a kind (plugin schemas may not redeclare it). */
export function isCommonKey(kind: PluginKind, key: string): boolean {
  return Object.hasOwn(COMMON_KEYS[kind], key);
}
