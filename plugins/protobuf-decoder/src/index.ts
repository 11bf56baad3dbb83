/**
 * ProtobufDecoder: turns a record of Heka protobuf bytes (from a splitter with use_message_bytes, such
 * as HekaFramingSplitter) into the message it encodes. The message keeps those bytes, so an output
 * with ProtobufEncoder sends them on without encoding again.
 */
import { DecodeError, type DecoderPack, decodeMessage, definePlugin, NO_OPTIONS } from '@heka/core';

export const TEXT_RECORD_ERROR =
  'ProtobufDecoder received a text record, not protobuf bytes: give the input a splitter with ' +
  'use_message_bytes = true (HekaFramingSplitter has it by default)';

export default definePlugin({
  type: 'ProtobufDecoder',
  kind: 'decoder',
  description: 'Decodes Heka protobuf message bytes; the message keeps them, so pass-through re-encodes nothing.',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode(pack: DecoderPack) {
      const bytes = pack.bytes;
      if (bytes === undefined) throw new Error(TEXT_RECORD_ERROR);
      try {
        return decodeMessage(bytes);
      } catch (e) {
        if (!(e instanceof DecodeError)) throw e;
        throw new Error(`invalid Heka protobuf message (${bytes.length} bytes): ${e.message}`, { cause: e });
      }
    },
  }),
});
