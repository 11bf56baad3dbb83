/**
 * Heka's ForgivingTimeParse (message/date_helpers.go), the `timestamp_layout` rule of its payload
 * decoders: `Epoch`, `EpochMilli`, `EpochMicro` and `EpochNano` read decimal numbers (with an optional
 * fraction) exactly, any other layout is a Go layout parsed in the configured location, and when that
 * fails each of Go's predefined layouts is tried in turn.
 */
import {
  ANSIC,
  Kitchen,
  Layout,
  RFC822,
  RFC822Z,
  RFC850,
  RFC1123,
  RFC1123Z,
  RFC3339,
  RFC3339Nano,
  RubyDate,
  Stamp,
  StampMicro,
  StampMilli,
  StampNano,
  UnixDate,
} from './layouts.js';
import { type Location, localLocation } from './location.js';
import { GoTime } from './time.js';

/** The layouts Heka falls back to (its basicTimeLayouts; Go's map order was random, this one is fixed). */
export const HEKA_FALLBACK_LAYOUTS: readonly string[] = [
  ANSIC,
  UnixDate,
  RubyDate,
  RFC822,
  RFC822Z,
  RFC850,
  RFC1123,
  RFC1123Z,
  RFC3339,
  RFC3339Nano,
  Kitchen,
  Stamp,
  StampMilli,
  StampMicro,
  StampNano,
];

/** Digits after the decimal point each Epoch layout needs to reach nanoseconds. */
const EPOCH_DIGITS: Readonly<Record<string, number>> = { Epoch: 9, EpochMilli: 6, EpochMicro: 3, EpochNano: 0 };

const UINT64_MAX = 2n ** 64n - 1n;

let fallbacks: Layout[] | undefined;

/** Parses timestamps the way Heka's payload decoders do; create once per configuration. */
export class HekaTimestampParser {
  private readonly epochDigits: number | undefined;
  private readonly main: Layout | undefined;

  /**
   * Throws for a layout starting with "Epoch" that is not one of the four Epoch layouts (Heka reported
   * that on every message; here it is a configuration error).
   */
  constructor(
    readonly layout: string,
    readonly location: Location,
  ) {
    if (layout.startsWith('Epoch')) {
      const digits = EPOCH_DIGITS[layout];
      if (digits === undefined || !Object.hasOwn(EPOCH_DIGITS, layout)) {
        throw new Error(`Unrecognized \`Epoch\` time format: ${layout}`);
      }
      this.epochDigits = digits;
    } else {
      this.main = new Layout(layout);
    }
  }

  /** The time `value` names; throws (Go's message for the layout) when neither it nor a fallback fits. */
  parse(value: string): GoTime {
    if (this.epochDigits !== undefined) return parseEpoch(this.layout, this.epochDigits, value);
    const main = this.main as Layout;
    let firstError: unknown;
    try {
      return main.parse(value, this.location);
    } catch (e) {
      firstError = e;
    }
    fallbacks ??= HEKA_FALLBACK_LAYOUTS.map((l) => new Layout(l));
    for (const l of fallbacks) {
      try {
        return l.parse(value, this.location);
      } catch {
        // try the next one
      }
    }
    // Heka returned the last fallback's error; the configured layout's says more.
    throw firstError;
  }
}

/** Go's strconv.ParseUint(s, 10, 64) into a bigint; throws Go's error text. */
function parseUint64(s: string): bigint {
  if (!/^[0-9]+$/.test(s)) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: invalid syntax`);
  const n = BigInt(s);
  if (n > UINT64_MAX) throw new Error(`strconv.ParseUint: parsing ${JSON.stringify(s)}: value out of range`);
  return n;
}

function parseEpoch(layout: string, digits: number, input: string): GoTime {
  let text = input;
  const dot = text.indexOf('.');
  if (dot === -1) {
    text += '0'.repeat(digits);
  } else {
    const decimals = text.length - dot - 1;
    if (decimals < digits) text += '0'.repeat(digits - decimals);
    else if (decimals > digits) text = text.slice(0, text.length - (decimals - digits));
    text = text.slice(0, dot) + text.slice(dot + 1);
  }
  let n: bigint;
  try {
    n = parseUint64(text);
  } catch (e) {
    throw new Error(`Error parsing ${layout} time: ${(e as Error).message}`);
  }
  // Go converts the uint64 to int64 (wrapping) and makes a Local time of it.
  return GoTime.fromUnixNano(BigInt.asIntN(64, n), localLocation());
}

/** One-off form of HekaTimestampParser. */
export function parseHekaTimestamp(layout: string, value: string, location: Location): GoTime {
  return new HekaTimestampParser(layout, location).parse(value);
}
