/**
 * HekaFramingSplitter: splits streams of Heka-framed records (`1E <len> <Header> 1F <message>`),
 * authenticating HMAC-signed frames against the configured signer keys (Heka's
 * pipeline/splitters.go HekaFramingSplitter). Records go to the decoder as message bytes by default.
 */
import { type ConfigSchema, definePlugin, PluginConfigError } from '@heka/core';
import { HekaFramingSplitter } from './splitter.js';

export type HekaFramingSplitterConfig = {
  signer: Record<string, { hmac_key: string }>;
  skip_authentication: boolean;
};

/** `<name>_<version>`, the version a uint32 written as Go's %d writes it. */
const SIGNER_ID = /^.*_(0|[1-9][0-9]{0,9})$/s;

const configSchema: ConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    signer: {
      type: 'object',
      default: {},
      description:
        'Keys for signed frames: one sub-table per signer and key version, named <signer>_<version>, ' +
        'each with hmac_key.',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['hmac_key'],
        properties: {
          hmac_key: { type: 'string', description: 'The HMAC key this signer and version sign with.' },
        },
      },
    },
    skip_authentication: {
      type: 'boolean',
      default: false,
      description: 'Accept signed frames without checking their HMAC (no signer is attached to them).',
    },
  },
};

export default definePlugin<'splitter', HekaFramingSplitterConfig>({
  type: 'HekaFramingSplitter',
  kind: 'splitter',
  description: 'Splits Heka-framed protobuf streams, checking HMAC signatures of signed frames.',
  configSchema,
  // Framed records are protobuf messages for the ProtobufDecoder.
  commonDefaults: { use_message_bytes: true },
  create(config, ctx) {
    const signers = new Map<string, string>();
    for (const [id, s] of Object.entries(config.signer)) {
      // Frames are matched by "<hmac_signer>_<hmac_key_version>"; any other name could never match.
      if (!SIGNER_ID.test(id)) {
        throw new PluginConfigError(
          `signer.${id}: signer tables are named <signer>_<key version>, such as ${JSON.stringify(`${id}_0`)}`,
        );
      }
      signers.set(id, s.hmac_key);
    }
    return new HekaFramingSplitter({
      maxMessageSize: ctx.globals.maxMessageSize,
      signers,
      skipAuthentication: config.skip_authentication,
      logger: ctx.logger,
    });
  },
});
