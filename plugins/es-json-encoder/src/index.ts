/**
 * ESJsonEncoder: a message as an ElasticSearch bulk API pair, byte for byte as Heka writes it: the
 * action line ({"index":{...}}) and a flat JSON document of the chosen headers (under field_mappings
 * names) and dynamic fields, each line ending in "\n".
 */
import { definePlugin, type Field, type JsonSchema, type Message } from '@heka/core';
import {
  ByteWriter,
  Coordinates,
  compileStrftime,
  DynamicFieldRules,
  type EsOptions,
  esOptions,
  type FieldChoice,
  memberBytes,
  parseFieldsOption,
  type Strftime,
} from '@heka/es';

const HEADERS = [
  'Timestamp',
  'Uuid',
  'Type',
  'Logger',
  'Severity',
  'Payload',
  'EnvVersion',
  'Pid',
  'Hostname',
] as const;
type Header = (typeof HEADERS)[number];

type Config = EsOptions & {
  field_mappings: Record<Header, string>;
};

const mappingProperties: Record<string, JsonSchema> = Object.fromEntries(
  HEADERS.map((h): [string, JsonSchema] => [h, { type: 'string', default: h, description: `Document key of ${h}.` }]),
);

/** Writes one header's value; dynamic fields are handled by the encoder loop. */
type ValueWriter = (w: ByteWriter, m: Message) => void;

function valueWriter(choice: Exclude<FieldChoice, 'DynamicFields'>, timestamp: Strftime): ValueWriter {
  switch (choice) {
    case 'Uuid':
      return (w, m) => void w.quoted(m.uuidString);
    case 'Timestamp':
      return (w, m) => void w.quoted(timestamp.nanos(m.timestamp));
    case 'Type':
      return (w, m) => void w.quoted(m.type);
    case 'Logger':
      return (w, m) => void w.quoted(m.logger);
    case 'Severity':
      return (w, m) => void w.text(String(m.severity));
    case 'Payload':
      return (w, m) => void w.quoted(m.payload);
    case 'EnvVersion':
      return (w, m) => void w.quoted(m.envVersion);
    case 'Pid':
      return (w, m) => void w.text(String(m.pid));
    case 'Hostname':
      return (w, m) => void w.quoted(m.hostname);
  }
}

export default definePlugin<'encoder', Config>({
  type: 'ESJsonEncoder',
  kind: 'encoder',
  description: 'Encodes messages as ElasticSearch bulk API lines: an index action and a flat JSON document.',
  configSchema: {
    type: 'object',
    properties: {
      ...esOptions('heka-%{%Y.%m.%d}'),
      field_mappings: {
        type: 'object',
        additionalProperties: false,
        properties: mappingProperties,
        default: {},
        description: 'Document keys for the headers (Timestamp, Uuid, Type, ...); unlisted ones keep their own name.',
      },
    },
  },
  create(config) {
    const choices = parseFieldsOption(config.fields, config.dynamic_fields);
    const coordinates = new Coordinates({
      index: config.index,
      typeName: config.type_name,
      id: config.id,
      esIndexFromTimestamp: config.es_index_from_timestamp,
    });
    const rules = new DynamicFieldRules(config.dynamic_fields, config.raw_bytes_fields, config.replace_dots_with);
    const timestamp = compileStrftime(config.timestamp, 'utc');
    const mappings = { ...Object.fromEntries(HEADERS.map((h) => [h, h])), ...config.field_mappings };
    const plan = choices.map((choice) =>
      choice === 'DynamicFields'
        ? undefined
        : { name: memberBytes(mappings[choice] as string), value: valueWriter(choice, timestamp) },
    );
    const w = new ByteWriter();
    return {
      encode(m: Message) {
        w.reset();
        coordinates.write(m, w);
        w.byte(0x0a).byte(0x7b);
        let first = true;
        for (const step of plan) {
          if (step) {
            if (!first) w.byte(0x2c);
            w.bytes(step.name);
            step.value(w, m);
            first = false;
            continue;
          }
          const fields = m.fields;
          for (let i = 0; i < fields.length; i++) {
            const f = fields[i] as Field;
            if (!rules.includes(f)) continue;
            rules.write(w, f, first);
            first = false;
          }
        }
        w.byte(0x7d).byte(0x0a);
        return w.finish();
      },
    };
  },
});
