/**
 * @heka/go-time: Go's time layouts ("2006-01-02T15:04:05Z07:00") for parsing and formatting, with
 * IANA time zones from Intl, giving int64 nanoseconds as bigint; Heka's timestamp_layout rule;
 * strftime formatting as Heka's gostrftime did it (./strftime.ts); strptime as Heka's JsonDecoder read
 * timestamp_format (./strptime.ts); and Go's shortest float text (./go-float.ts).
 */
export { daysIn, isLeap } from './civil.js';
export { formatTime, LONG_DAY_NAMES, LONG_MONTH_NAMES } from './format.js';
export { formatGoFloat } from './go-float.js';
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
export { compileStrftime, type Strftime, strftime } from './strftime.js';
export { localParts, nowParts, splitNanos, type TimeParts, utcParts } from './strftime-parts.js';
export { StrptimeFormat } from './strptime.js';
export { abortableSleep, Ticker } from './ticker.js';
export { GoTime } from './time.js';
