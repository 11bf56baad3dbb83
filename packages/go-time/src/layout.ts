/**
 * Go layout strings cut into chunks: literal text, then one element of the reference time
 * ("Mon Jan 2 15:04:05 MST 2006"). Recognition follows Go's nextStdChunk rule for rule, so a layout
 * means here what it means to Go. Layouts are cut once and kept (see `chunksOf`).
 */

export enum Std {
  None = 0,
  LongMonth, // January
  Month, // Jan
  NumMonth, // 1
  ZeroMonth, // 01
  LongWeekDay, // Monday
  WeekDay, // Mon
  Day, // 2
  UnderDay, // _2
  ZeroDay, // 02
  UnderYearDay, // __2
  ZeroYearDay, // 002
  Hour, // 15
  Hour12, // 3
  ZeroHour12, // 03
  Minute, // 4
  ZeroMinute, // 04
  Second, // 5
  ZeroSecond, // 05
  LongYear, // 2006
  Year, // 06
  PM, // PM
  pm, // pm
  TZ, // MST
  ISO8601TZ, // Z0700
  ISO8601SecondsTZ, // Z070000
  ISO8601ShortTZ, // Z07
  ISO8601ColonTZ, // Z07:00
  ISO8601ColonSecondsTZ, // Z07:00:00
  NumTZ, // -0700
  NumSecondsTz, // -070000
  NumShortTZ, // -07
  NumColonTZ, // -07:00
  NumColonSecondsTZ, // -07:00:00
  FracSecond0, // .000 or ,000: exactly that many digits
  FracSecond9, // .999 or ,999: up to that many digits, trailing zeros dropped
}

export interface Chunk {
  /** Literal text before the element. */
  readonly prefix: string;
  /** The element (None for the final literal). */
  readonly std: Std;
  /** The element as written in the layout. */
  readonly text: string;
  /** Digits of a fractional second element. */
  readonly digits: number;
  /** Separator of a fractional second element ("." or ","). */
  readonly separator: string;
}

const ZERO_STDS = [Std.ZeroMonth, Std.ZeroDay, Std.ZeroHour12, Std.ZeroMinute, Std.ZeroSecond, Std.Year] as const;

function lowerAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x61 && c <= 0x7a;
}

function digitAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0x30 && c <= 0x39;
}

/** [index, length, std, digits] of the first element in `layout`, or undefined. */
function nextStd(layout: string): [number, number, Std, number] | undefined {
  const n = layout.length;
  for (let i = 0; i < n; i++) {
    const c = layout[i];
    const at = (s: string) => layout.startsWith(s, i);
    switch (c) {
      case 'J':
        if (at('Jan')) {
          if (at('January')) return [i, 7, Std.LongMonth, 0];
          if (!lowerAt(layout, i + 3)) return [i, 3, Std.Month, 0];
        }
        break;
      case 'M':
        if (at('Mon')) {
          if (at('Monday')) return [i, 6, Std.LongWeekDay, 0];
          if (!lowerAt(layout, i + 3)) return [i, 3, Std.WeekDay, 0];
        }
        if (at('MST')) return [i, 3, Std.TZ, 0];
        break;
      case '0': {
        const d = layout.charCodeAt(i + 1);
        if (d >= 0x31 && d <= 0x36) return [i, 2, ZERO_STDS[d - 0x31] as Std, 0];
        if (at('002')) return [i, 3, Std.ZeroYearDay, 0];
        break;
      }
      case '1':
        if (at('15')) return [i, 2, Std.Hour, 0];
        return [i, 1, Std.NumMonth, 0];
      case '2':
        if (at('2006')) return [i, 4, Std.LongYear, 0];
        return [i, 1, Std.Day, 0];
      case '_':
        if (layout[i + 1] === '2') {
          // "_2006" is a literal underscore followed by the year.
          if (layout.startsWith('2006', i + 1)) return [i + 1, 4, Std.LongYear, 0];
          return [i, 2, Std.UnderDay, 0];
        }
        if (at('__2')) return [i, 3, Std.UnderYearDay, 0];
        break;
      case '3':
        return [i, 1, Std.Hour12, 0];
      case '4':
        return [i, 1, Std.Minute, 0];
      case '5':
        return [i, 1, Std.Second, 0];
      case 'P':
        if (layout[i + 1] === 'M') return [i, 2, Std.PM, 0];
        break;
      case 'p':
        if (layout[i + 1] === 'm') return [i, 2, Std.pm, 0];
        break;
      case '-':
        if (at('-070000')) return [i, 7, Std.NumSecondsTz, 0];
        if (at('-07:00:00')) return [i, 9, Std.NumColonSecondsTZ, 0];
        if (at('-0700')) return [i, 5, Std.NumTZ, 0];
        if (at('-07:00')) return [i, 6, Std.NumColonTZ, 0];
        if (at('-07')) return [i, 3, Std.NumShortTZ, 0];
        break;
      case 'Z':
        if (at('Z070000')) return [i, 7, Std.ISO8601SecondsTZ, 0];
        if (at('Z07:00:00')) return [i, 9, Std.ISO8601ColonSecondsTZ, 0];
        if (at('Z0700')) return [i, 5, Std.ISO8601TZ, 0];
        if (at('Z07:00')) return [i, 6, Std.ISO8601ColonTZ, 0];
        if (at('Z07')) return [i, 3, Std.ISO8601ShortTZ, 0];
        break;
      case '.':
      case ',': {
        const ch = layout[i + 1];
        if (ch === '0' || ch === '9') {
          let j = i + 1;
          while (j < n && layout[j] === ch) j++;
          // The run of digits must end here: only a fractional second is all digits.
          if (!digitAt(layout, j)) return [i, j - i, ch === '0' ? Std.FracSecond0 : Std.FracSecond9, j - (i + 1)];
        }
        break;
      }
    }
  }
  return undefined;
}

/** Cuts a layout into chunks; the last chunk has std None and holds the trailing literal. */
export function cutLayout(layout: string): Chunk[] {
  const chunks: Chunk[] = [];
  let rest = layout;
  for (;;) {
    const found = nextStd(rest);
    if (!found) {
      chunks.push({ prefix: rest, std: Std.None, text: '', digits: 0, separator: '' });
      return chunks;
    }
    const [i, len, std, digits] = found;
    const text = rest.slice(i, i + len);
    chunks.push({ prefix: rest.slice(0, i), std, text, digits, separator: text[0] === ',' ? ',' : '.' });
    rest = rest.slice(i + len);
  }
}

const cache = new Map<string, Chunk[]>();

/** The chunks of a layout, cut once and kept (up to a few hundred layouts). */
export function chunksOf(layout: string): Chunk[] {
  let c = cache.get(layout);
  if (!c) {
    c = cutLayout(layout);
    if (cache.size >= 256) cache.clear();
    cache.set(layout, c);
  }
  return c;
}
