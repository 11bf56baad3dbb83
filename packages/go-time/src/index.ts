/**
 * @heka/go-time: Go's time layouts ("2006-01-02T15:04:05Z07:00") for parsing and formatting, with
 * IANA time zones from Intl, giving int64 nanoseconds as bigint; Heka's timestamp_layout rule; and
 * strftime formatting (./strftime.ts).
 */
export { daysIn, isLeap } from './civil.js';
export { formatTime } from './format.js';
export { HEKA_FALLBACK_LAYOUTS, HekaTimestampParser, parseHekaTimestamp } from './heka.js';
export * from './layouts.js';
export {
  fixedZone,
  Location,
  loadLocation,
  localLocation,
  numericZoneName,
  UnknownTimeZoneError,
  UTC,
  type Zone,
} from './location.js';
export { parse, parseInLocation, TimeParseError } from './parse.js';
export * from './strftime.js';
export { GoTime } from './time.js';
