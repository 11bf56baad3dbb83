/** The options both ElasticSearch encoders take, with Heka's names, defaults and meaning. */
import type { JsonSchema } from '@heka/core';
import { FIELD_CHOICES } from './document.js';

const stringList = (description: string, def: readonly string[] = []): JsonSchema => ({
  type: 'array',
  items: { type: 'string' },
  default: def,
  description,
});

/** Schema properties shared by ESJsonEncoder and ESLogstashV0Encoder; `index` defaults differ. */
export function esOptions(defaultIndex: string): Record<string, JsonSchema> {
  return {
    index: {
      type: 'string',
      default: defaultIndex,
      description:
        'Index name; %{Type}, %{Hostname}, %{Pid}, %{UUID}, %{Logger}, %{EnvVersion}, %{Severity}, %{<field>} and ' +
        '%{<strftime format>} are interpolated. Lower-cased.',
    },
    type_name: {
      type: 'string',
      default: 'message',
      description: 'Document type, interpolated like index.',
    },
    fields: stringList(
      `Message parts the document contains, in this order: any of ${FIELD_CHOICES.join(', ')} (case-insensitive).`,
      FIELD_CHOICES,
    ),
    timestamp: {
      type: 'string',
      default: '%Y-%m-%dT%H:%M:%S',
      description: 'strftime format of the document timestamp (UTC).',
    },
    es_index_from_timestamp: {
      type: 'boolean',
      default: false,
      description: 'Interpolate time in index, type_name and id from the message timestamp instead of now.',
    },
    id: {
      type: 'string',
      default: '',
      description: 'Document id, interpolated like index; "" (or a failed interpolation) lets ElasticSearch pick one.',
    },
    raw_bytes_fields: stringList('Dynamic fields written verbatim (already JSON), without quoting or escaping.'),
    dynamic_fields: stringList(
      'Dynamic fields to include (all when empty); needs DynamicFields in fields when not empty.',
    ),
    replace_dots_with: {
      type: 'string',
      default: '.',
      description: 'Replaces "." in dynamic field names.',
    },
  };
}

/** The own config both encoders receive for the shared options (defaults applied). */
export type EsOptions = {
  index: string;
  type_name: string;
  fields: string[];
  timestamp: string;
  es_index_from_timestamp: boolean;
  id: string;
  raw_bytes_fields: string[];
  dynamic_fields: string[];
  replace_dots_with: string;
};
