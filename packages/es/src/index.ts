/**
 * @heka/es: what Heka's ElasticSearch encoders (ESJsonEncoder, ESLogstashV0Encoder) share: the bulk API
 * action line with `%{...}` interpolation, Heka's JSON string quoting, dynamic field rendering, the
 * `fields` option, and strftime as Heka formats it.
 */
export { Coordinates, type CoordinatesConfig } from './coordinates.js';
export { DynamicFieldRules, FIELD_CHOICES, type FieldChoice, parseFieldsOption } from './document.js';
export { formatGoFloat } from './go-float.js';
export { goQuote, goToLower, goUtf8 } from './go-text.js';
export { fieldText, type Interpolated, type InterpolationClock, Template } from './interpolate.js';
export { type EsOptions, esOptions } from './options.js';
export {
  compileStrftime,
  localParts,
  nowParts,
  type Strftime,
  splitNanos,
  type TimeParts,
  utcParts,
} from './strftime.js';
export { ByteWriter, memberBytes } from './writer.js';
