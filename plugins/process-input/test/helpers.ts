import { definePlugin, Message, NO_OPTIONS } from '@heka/core';

/** Heka's NullSplitter: everything available is one record. */
export const nullSplitter = definePlugin({
  type: 'NullSplitter',
  kind: 'splitter',
  description: 'whole buffer (test helper)',
  configSchema: NO_OPTIONS,
  commonDefaults: { min_buffer_size: 65536 },
  create: () => ({
    findRecord: (buf: Uint8Array) => (buf.length > 0 ? { consumed: buf.length, record: buf } : { consumed: 0 }),
  }),
});

/** One record per line, newline included (as Heka's TokenSplitter). */
export const lineSplitter = definePlugin({
  type: 'LineSplitter',
  kind: 'splitter',
  description: 'lines (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord(buf: Uint8Array) {
      const i = buf.indexOf(0x0a);
      return i < 0 ? { consumed: 0 } : { consumed: i + 1, record: buf.subarray(0, i + 1) };
    },
  }),
});

/** Upper-cases payloads; a payload starting with "bad" fails to decode. */
export const upperDecoder = definePlugin({
  type: 'UpperDecoder',
  kind: 'decoder',
  description: 'upper-cases (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode({ message }: { message: Message }) {
      if (message.payload.startsWith('bad')) throw new Error(`cannot decode ${JSON.stringify(message.payload)}`);
      message.payload = message.payload.toUpperCase();
      return message;
    },
  }),
});

export { Message };
