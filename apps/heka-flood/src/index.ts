/** heka-flood as a library: its config, message set, selection rule and send loop. */
export {
  FloodConfigError,
  type FloodTest,
  floodTest,
  type HmacHash,
  loadFloodTest,
  type SenderNet,
  type SignerConfig,
} from './config.js';
export { parseGoDuration } from './duration.js';
export { type FloodIo, type FloodResult, flood } from './flood.js';
export { buildMessages, fixedMessage, type TestMessages, variableMessage } from './messages.js';
export { type MessageKind, Selector } from './select.js';
export { BATCH_SIZE, createSender, type Sender } from './sender.js';
