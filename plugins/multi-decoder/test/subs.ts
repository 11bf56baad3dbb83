// Decoders to run under the MultiDecoder in tests (other plugin packages are not dependencies).
import { type DecoderPack, decodeMessage, definePlugin, Message, NO_OPTIONS } from '@heka/core';

/** Stop calls, to check the MultiDecoder stops what it made. */
export const lifecycle = { created: 0, stopped: 0 };

function decoder(type: string, decode: (pack: DecoderPack) => unknown) {
  return definePlugin({
    type,
    kind: 'decoder',
    description: `test decoder ${type}`,
    configSchema: NO_OPTIONS,
    create: () => {
      lifecycle.created++;
      return {
        decode: decode as never,
        stop() {
          lifecycle.stopped++;
        },
      };
    },
  });
}

const by = (m: Message, name: string) => m.addField({ name: 'by', value: name });

/** Succeeds on JSON-looking payloads. */
export const braceDecoder = decoder('TestBraceDecoder', ({ message }) => {
  if (!message.payload.startsWith('{')) throw new Error(`not JSON: ${message.payload}`);
  return by(message, 'brace');
});

/** Succeeds on numbers; "nothing" (no error) otherwise, like PayloadRegexDecoder with log_errors = false. */
export const digitsDecoder = decoder('TestDigitsDecoder', ({ message }) =>
  /^\d+$/.test(message.payload) ? by(message, 'digits') : null,
);

/** Always succeeds, asynchronously; rejects payloads containing "reject". */
export const asyncDecoder = decoder('TestAsyncDecoder', async ({ message }) => {
  await new Promise((r) => setTimeout(r, 1));
  if (message.payload.includes('reject')) throw new Error('rejected asynchronously');
  return by(message, 'async');
});

/** Splits a comma-separated payload into one message per part. */
export const splitDecoder = decoder('TestSplitDecoder', ({ message }) => {
  if (!message.payload.includes(',')) throw new Error('no comma');
  return message.payload.split(',').map((part) => new Message({ payload: part, logger: message.logger }));
});

/** Succeeds with no messages at all. */
export const swallowDecoder = decoder('TestSwallowDecoder', () => []);

/** Heka protobuf bytes to a message (what ProtobufDecoder does). */
export const bytesDecoder = decoder('TestBytesDecoder', ({ bytes }) => {
  if (!bytes) throw new Error('no bytes');
  return decodeMessage(bytes);
});

/** Sets Type, like a ScribbleDecoder. */
export const typeDecoder = decoder('TestTypeDecoder', ({ message }) => {
  message.type = 'scribbled';
  return message;
});
