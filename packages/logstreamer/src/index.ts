/**
 * @heka/logstreamer: Heka's logstreams, shared by LogstreamerInput and the heka-logstreamer tool —
 * configuration (schema and checks), file discovery, grouping and ordering, journals, and reading
 * files (gzip included) from an offset.
 */
export { parseDurationMs } from './duration.js';
export {
  encodeJournal,
  HASH_WINDOW,
  hashWindow,
  type JournalPosition,
  type JournalRead,
  journalPath,
  readJournal,
  writeJournal,
} from './journal.js';
export { type Located, locatePosition, tailPosition } from './locate.js';
export { compareByPriority, differentiatedName, type MatchParts, matchParts, sortFiles } from './order.js';
export { type Logfile, type ScanResult, scanLogstreams, walk } from './scan.js';
export { LOGSTREAMER_COMMON_DEFAULTS, LOGSTREAMER_SCHEMA, type LogstreamerConfig } from './schema.js';
export {
  LogstreamerConfigError,
  type LogstreamerSettings,
  type PriorityPart,
  prepareSettings,
  quoteMeta,
  type SettingsEnv,
} from './settings.js';
export { GzipReader, isGzipFile, windowBefore } from './source.js';
