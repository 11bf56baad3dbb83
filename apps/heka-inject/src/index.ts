/** heka-inject as a library: build the message Heka's heka-inject would send, and send it. */
export { type HostPort, splitHostPort } from './address.js';
export { buildMessage, frameMessage, INJECT_DEFAULTS, type InjectOptions, send } from './inject.js';
