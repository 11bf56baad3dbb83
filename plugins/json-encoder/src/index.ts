/**
 * JsonEncoder: one JSON object per message and line, e.g.
 * {"Uuid":"…","Timestamp":"2026-11-24T10:00:00.000000000Z","Type":"…",…,"Fields":{"status":200}}\n
 * Headers keep Heka's names; fields are an object by name. Not in Heka: ours.
 */
import { definePlugin, type Message, PluginConfigError } from '@heka/core';
import { FieldsWriter } from './fields.js';
import { Rfc3339Writer, writeNanos } from './time.js';
import { JsonWriter } from './writer.js';

const CHOICES = [
  'Uuid',
  'Timestamp',
  'Type',
  'Logger',
  'Severity',
  'Payload',
  'EnvVersion',
  'Pid',
  'Hostname',
  'DynamicFields',
] as const;
type Choice = (typeof CHOICES)[number];
const BY_LOWER = new Map<string, Choice>(CHOICES.map((c) => [c.toLowerCase(), c]));

type Config = {
  fields: string[];
  timestamp_format: 'rfc3339nano' | 'nanoseconds';
  big_integers: 'string' | 'number';
};

const utf8 = new TextEncoder();

/** One line per message, written into `w`: member names are bytes made once, values written in place. */
function lineWriter(choices: readonly Choice[], config: Config): (w: JsonWriter, m: Message) => void {
  const bigAsString = config.big_integers === 'string';
  const rfc3339 = config.timestamp_format === 'rfc3339nano' ? new Rfc3339Writer() : undefined;
  const fields = new FieldsWriter(bigAsString);
  const n = choices.length;
  const codes = choices.map((c) => CHOICES.indexOf(c));
  // `{"Name":` for the first member, `,"Name":` for the others; `}\n` closes the line.
  const names = choices.map((c, i) => utf8.encode(`${i === 0 ? '{' : ','}"${c === 'DynamicFields' ? 'Fields' : c}":`));
  return (w, m) => {
    if (n === 0) w.byte(0x7b);
    for (let i = 0; i < n; i++) {
      w.raw(names[i] as Uint8Array);
      switch (codes[i]) {
        case 0:
          w.string(m.uuidString);
          break;
        case 1:
          if (rfc3339) rfc3339.write(w, m.timestamp);
          else writeNanos(w, m.timestamp, bigAsString);
          break;
        case 2:
          w.string(m.type);
          break;
        case 3:
          w.string(m.logger);
          break;
        case 4:
          w.number(m.severity);
          break;
        case 5:
          // The payload's bytes as they arrived, unless they need the text's reading (see utf8String).
          if (!w.utf8String(m.payloadBytes)) w.string(m.payload);
          break;
        case 6:
          w.string(m.envVersion);
          break;
        case 7:
          w.number(m.pid);
          break;
        case 8:
          w.string(m.hostname);
          break;
        default:
          fields.write(w, m.fields);
      }
    }
    w.byte(0x7d);
    w.byte(0x0a);
  };
}

export default definePlugin<'encoder', Config>({
  type: 'JsonEncoder',
  kind: 'encoder',
  description: 'Encodes each message as one line of JSON: its headers and an object of its fields.',
  configSchema: {
    type: 'object',
    properties: {
      fields: {
        type: 'array',
        items: { type: 'string' },
        default: [...CHOICES],
        description: `Message parts to write, in this order: any of ${CHOICES.join(', ')} (case-insensitive).`,
      },
      timestamp_format: {
        enum: ['rfc3339nano', 'nanoseconds'],
        default: 'rfc3339nano',
        description: 'Timestamp as RFC 3339 UTC text with nine fraction digits, or as integer nanoseconds.',
      },
      big_integers: {
        enum: ['string', 'number'],
        default: 'string',
        description: 'Integers beyond ±(2^53-1) as decimal strings (safe for every JSON parser) or as exact numbers.',
      },
    },
  },
  create(config) {
    const choices = config.fields.map((name): Choice => {
      const low = name.toLowerCase();
      const choice = low === 'fields' ? 'DynamicFields' : BY_LOWER.get(low);
      if (!choice) {
        throw new PluginConfigError(`fields: unsupported value "${name}", must be one of ${CHOICES.join(', ')}`);
      }
      return choice;
    });
    const line = lineWriter(choices, config);
    const w = new JsonWriter();
    return {
      encode(m: Message): Uint8Array {
        try {
          line(w, m);
        } catch (e) {
          w.abort();
          throw e;
        }
        return w.finish();
      },
    };
  },
});
