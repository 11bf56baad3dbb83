/**
 * ScribbleDecoder: sets the same headers and fields on every message it decodes, usually inside a
 * MultiDecoder with cascade_strategy = "all" after the decoder that does the real work.
 */
import { type DecoderPack, definePlugin } from '@heka/core';
import { MessageTemplate } from '@heka/message-template';

export type ScribbleDecoderConfig = {
  message_fields: Record<string, string>;
};

export default definePlugin<'decoder', ScribbleDecoderConfig>({
  type: 'ScribbleDecoder',
  kind: 'decoder',
  description: 'Sets fixed header and field values on every message (Type, Hostname, a field, ...).',
  configSchema: {
    type: 'object',
    properties: {
      message_fields: {
        type: 'object',
        additionalProperties: { type: 'string' },
        default: {},
        description:
          'Values to set: Logger, Type, Payload, Hostname, Pid, Severity and Uuid set headers; any other key ' +
          'adds a string field ("name" or "name|representation").',
      },
    },
  },
  create(config) {
    // No captures to interpolate: values are used as written, and a bad Pid, Severity or Uuid is a
    // start-up error naming the key (Heka failed every message instead).
    const template = new MessageTemplate(config.message_fields);
    return {
      decode(pack: DecoderPack) {
        template.apply(pack.message);
        return pack.message;
      },
    };
  },
});
