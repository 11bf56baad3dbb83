/**
 * @heka/es: what Heka's ElasticSearch encoders (ESJsonEncoder, ESLogstashV0Encoder) share: the bulk API
 * action line with `%{...}` interpolation, Heka's JSON string quoting, dynamic field rendering and the
 * `fields` option. strftime comes from @heka/go-time; it is re-exported because the encoders format
 * their document timestamps with it and depend on this package only.
 */

export { compileStrftime, type Strftime } from '@heka/go-time';
export { Coordinates, type CoordinatesConfig } from './coordinates.js';
export { DynamicFieldRules, FIELD_CHOICES, type FieldChoice, parseFieldsOption } from './document.js';
export { goQuote, goToLower, goUtf8 } from './go-text.js';
export { fieldText, type Interpolated, type InterpolationClock, Template } from './interpolate.js';
export { type EsOptions, esOptions } from './options.js';
export { ByteWriter, memberBytes } from './writer.js';
