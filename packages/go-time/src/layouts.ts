/** Go's predefined layouts, and compiled layouts for parsing and formatting many values. */
import { type Chunk, chunksOf } from './layout.js';
import { type Location, localLocation, UTC } from './location.js';
import { parseChunks } from './parse.js';
import type { GoTime } from './time.js';

/** The reference time, in numerical order. */
export const ReferenceLayout = "01/02 03:04:05PM '06 -0700";
export const ANSIC = 'Mon Jan _2 15:04:05 2006';
export const UnixDate = 'Mon Jan _2 15:04:05 MST 2006';
export const RubyDate = 'Mon Jan 02 15:04:05 -0700 2006';
export const RFC822 = '02 Jan 06 15:04 MST';
export const RFC822Z = '02 Jan 06 15:04 -0700';
export const RFC850 = 'Monday, 02-Jan-06 15:04:05 MST';
export const RFC1123 = 'Mon, 02 Jan 2006 15:04:05 MST';
export const RFC1123Z = 'Mon, 02 Jan 2006 15:04:05 -0700';
export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339Nano = '2006-01-02T15:04:05.999999999Z07:00';
export const Kitchen = '3:04PM';
export const Stamp = 'Jan _2 15:04:05';
export const StampMilli = 'Jan _2 15:04:05.000';
export const StampMicro = 'Jan _2 15:04:05.000000';
export const StampNano = 'Jan _2 15:04:05.000000000';
export const DateTime = '2006-01-02 15:04:05';
export const DateOnly = '2006-01-02';
export const TimeOnly = '15:04:05';

/** A layout cut once, for parsing or formatting many values with it. */
export class Layout {
  private readonly chunks: readonly Chunk[];

  constructor(readonly layout: string) {
    this.chunks = chunksOf(layout);
  }

  /**
   * Parses a value. With a location this is Go's ParseInLocation (no zone in the value means `loc`);
   * without, Go's Parse (UTC, zone names matched against Local).
   */
  parse(value: string, loc?: Location): GoTime {
    return loc === undefined
      ? parseChunks(this.layout, this.chunks, value, UTC, localLocation())
      : parseChunks(this.layout, this.chunks, value, loc, loc);
  }

  format(t: GoTime): string {
    return t.format(this.layout);
  }
}
