/**
 * ESLogstashV0Encoder: a message as an ElasticSearch bulk API pair in Logstash's original ("v0")
 * document schema (@timestamp, @message, @source_host, @fields, ...), byte for byte as Heka writes it.
 */
import { definePlugin, type Field, type Message } from '@heka/core';
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
  type Template,
} from '@heka/es';

type Config = EsOptions & {
  use_message_type: boolean;
};

const MEMBER: Readonly<Record<Exclude<FieldChoice, 'DynamicFields'>, string>> = {
  Uuid: '@uuid',
  Timestamp: '@timestamp',
  Type: '@type',
  Logger: '@logger',
  Severity: '@severity',
  Payload: '@message',
  EnvVersion: '@envversion',
  Pid: '@pid',
  Hostname: '@source_host',
};

const FIELDS_OPEN = new TextEncoder().encode('"@fields":{');

type ValueWriter = (w: ByteWriter, m: Message) => void;

/**
 * @type: the message Type with use_message_type (or an empty type_name), else type_name interpolated;
 * when that comes out empty, the type_name as written. A placeholder that cannot be interpolated makes
 * the message fail to encode, as in Heka.
 */
function typeWriter(config: Config, template: Template): ValueWriter {
  if (config.use_message_type || config.type_name.length < 1) return (w, m) => void w.quoted(m.type);
  return (w, m) => {
    const r = template.interpolate(m);
    if (!r.ok) throw new Error(`Could not interpolate field from config: ${config.type_name}`);
    w.quoted(r.value.length > 0 ? r.value : config.type_name);
  };
}

function valueWriter(choice: Exclude<FieldChoice, 'DynamicFields'>, ts: Strftime, type: ValueWriter): ValueWriter {
  switch (choice) {
    case 'Uuid':
      return (w, m) => void w.quoted(m.uuidString);
    case 'Timestamp':
      return (w, m) => void w.quoted(ts.nanos(m.timestamp));
    case 'Type':
      return type;
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
  type: 'ESLogstashV0Encoder',
  kind: 'encoder',
  description: 'Encodes messages as ElasticSearch bulk API lines in the Logstash v0 schema (@timestamp, @fields...).',
  configSchema: {
    type: 'object',
    properties: {
      ...esOptions('logstash-%{%Y.%m.%d}'),
      use_message_type: {
        type: 'boolean',
        default: false,
        description: "@type is the message's Type instead of the (interpolated) type_name.",
      },
    },
  },
  create(config) {
    const choices = parseFieldsOption(config.fields, config.dynamic_fields, true);
    const coordinates = new Coordinates({
      index: config.index,
      typeName: config.type_name,
      id: config.id,
      esIndexFromTimestamp: config.es_index_from_timestamp,
    });
    const rules = new DynamicFieldRules(config.dynamic_fields, config.raw_bytes_fields, config.replace_dots_with);
    const ts = compileStrftime(config.timestamp, 'utc');
    const type = typeWriter(config, coordinates.typeTemplate);
    const plan = choices.map((choice) =>
      choice === 'DynamicFields'
        ? undefined
        : { name: memberBytes(MEMBER[choice]), value: valueWriter(choice, ts, type) },
    );
    const w = new ByteWriter();
    return {
      encode(m: Message) {
        w.reset();
        coordinates.write(m, w);
        w.byte(0x0a).byte(0x7b);
        let first = true;
        for (const step of plan) {
          if (!first) w.byte(0x2c);
          first = false;
          if (step) {
            w.bytes(step.name);
            step.value(w, m);
            continue;
          }
          w.bytes(FIELDS_OPEN);
          const fields = m.fields;
          let firstField = true;
          for (let i = 0; i < fields.length; i++) {
            const f = fields[i] as Field;
            if (!rules.includes(f)) continue;
            rules.write(w, f, firstField);
            firstField = false;
          }
          w.byte(0x7d);
        }
        w.byte(0x7d).byte(0x0a);
        return w.finish();
      },
    };
  },
});
