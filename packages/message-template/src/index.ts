/**
 * @heka/message-template: Heka's MessageTemplate, the `message_fields` option of its decoders
 * (PayloadRegexDecoder with `%capture%` interpolation, ScribbleDecoder with fixed values).
 */
export { type HeaderKey, type HeaderValue, headerValue, isHeaderKey, parseInt32, parseUuid } from './headers.js';
export type { Captures } from './interpolate.js';
export { MessageTemplate } from './template.js';
