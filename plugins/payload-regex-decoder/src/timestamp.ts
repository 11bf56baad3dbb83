/**
 * The Timestamp capture, as Heka's PayloadDecoderHelper.DecodeTimestamp reads it: parsed with
 * timestamp_layout in timestamp_location (Heka's ForgivingTimeParse), then completed with today's date
 * when the layout has no date, or this year when it has no year.
 */
import { GoTime, HekaTimestampParser, type Location, localLocation } from '@heka/go-time';

export class TimestampReader {
  private readonly parser: HekaTimestampParser;
  // Log lines come in runs with the same timestamp text: the last full-date result is reused. (Texts
  // without a year are completed with today's date, so they are parsed every time.)
  private lastText = '';
  private lastValue = 0n;

  constructor(layout: string, location: Location) {
    this.parser = new HekaTimestampParser(layout, location);
  }

  /** Nanoseconds since the epoch; throws when the text fits neither the layout nor a fallback. */
  read(text: string): bigint {
    if (text === this.lastText && text !== '') return this.lastValue;
    let t = this.parser.parse(text);
    const [year, month, day] = t.date();
    if (year !== 0) {
      this.lastText = text;
      this.lastValue = t.unixNano();
      return this.lastValue;
    }
    // Go's time.Now() is in Local: "today" and "this year" are the local ones.
    const [ny, nm, nd] = GoTime.now(localLocation()).date();
    t = month === 1 && day === 1 ? t.addDate(ny, nm - 1, nd - 1) : t.addDate(ny, 0, 0);
    return t.unixNano();
  }
}
