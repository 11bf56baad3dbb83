/**
 * PayloadEncoder: the message payload, optionally prefixed with a strftime timestamp (local time, as
 * Heka formats it) and followed by a newline.
 */
import { allocBytes, definePlugin, type Message } from '@heka/core';
import { compileStrftime, nowParts } from '@heka/go-time';

type Config = {
  append_newlines: boolean;
  prefix_ts: boolean;
  ts_from_message: boolean;
  ts_format: string;
};

export default definePlugin<'encoder', Config>({
  type: 'PayloadEncoder',
  kind: 'encoder',
  description: 'Encodes the message payload, optionally with a timestamp prefix and a trailing newline.',
  configSchema: {
    type: 'object',
    properties: {
      append_newlines: {
        type: 'boolean',
        default: true,
        description: 'Append "\\n" to each payload.',
      },
      prefix_ts: {
        type: 'boolean',
        default: false,
        description: 'Prefix each payload with a timestamp formatted with ts_format.',
      },
      ts_from_message: {
        type: 'boolean',
        default: true,
        description: "The prefix shows the message's timestamp (else the time of encoding).",
      },
      ts_format: {
        type: 'string',
        default: '[%Y/%b/%d:%H:%M:%S %z]',
        description: 'strftime format of the prefix, in local time; a space is added unless it ends with one.',
      },
    },
  },
  create(config) {
    const { append_newlines: newline, prefix_ts: prefix, ts_from_message: fromMessage } = config;
    const format = config.ts_format.endsWith(' ') ? config.ts_format : `${config.ts_format} `;
    const stamp = compileStrftime(format, 'local');
    return {
      encode(m: Message): Uint8Array | string {
        // The payload's own bytes, as Heka writes them (no text round trip; any bytes pass through).
        if (!prefix) return newline ? withNewline(m.payloadBytes) : m.payloadBytes;
        const payload = m.payload;
        let ts: string;
        if (fromMessage) ts = stamp.nanos(m.timestamp);
        else {
          const now = nowParts();
          ts = stamp(now.sec, now.nsec);
        }
        const out = ts + payload;
        return newline ? `${out}\n` : out;
      },
    };
  },
});

function withNewline(payload: Uint8Array): Uint8Array {
  const out = allocBytes(payload.length + 1);
  out.set(payload);
  out[payload.length] = 0x0a;
  return out;
}
