import { describe, expect, it } from 'vitest';
import { StrptimeFormat } from '../src/strptime.js';

const ns = (format: string, value: string) => new StrptimeFormat(format).parse(value);
const at = (iso: string) => BigInt(Date.parse(iso)) * 1_000_000n;
const thisCentury = Math.floor(new Date().getUTCFullYear() / 100) * 100;

describe('timestamp_format (the date_time module strftime grammar)', () => {
  it('reads dates, clocks and numeric offsets', () => {
    expect(ns('%Y-%m-%dT%H:%M:%S%z', '2015-05-06T20:40:05-0800')).toBe(at('2015-05-07T04:40:05Z'));
    expect(ns('%Y-%m-%d %H:%M:%S', '2015-05-06 20:40:05')).toBe(at('2015-05-06T20:40:05Z'));
    expect(ns('%d/%b/%Y:%H:%M:%S %z', '10/Oct/2000:13:55:36 +0200')).toBe(at('2000-10-10T11:55:36Z'));
    expect(ns('%F %T', '2024-02-29 23:59:60')).toBe(at('2024-03-01T00:00:00Z')); // leap second rolls over
    expect(ns('%a, %e %B %Y %R', 'Sat,  7 March 2015 11:06')).toBe(at('2015-03-07T11:06:00Z'));
    expect(ns('%c', 'Sat Mar  7 11:06:39 2015')).toBe(at('2015-03-07T11:06:39Z'));
    expect(ns('%D %r', `03/07/15 11:06:39 PM`)).toBe(at(`${thisCentury + 15}-03-07T23:06:39Z`));
    expect(ns('%x %I:%M %p', '03/07/15 12:30 AM')).toBe(at(`${thisCentury + 15}-03-07T00:30:00Z`));
    expect(ns('%G-%m-%d %k|%l', '2015-03-07  9| 8')).toBe(at('2015-03-07T08:00:00Z'));
  });

  it('knows the US zone abbreviations of %Z; others (and none) are UTC', () => {
    expect(ns('%Y-%m-%d %H:%M %Z', '2015-01-01 12:00 PST')).toBe(at('2015-01-01T20:00:00Z'));
    expect(ns('%Y-%m-%d %H:%M %Z', '2015-01-01 12:00 EDT')).toBe(at('2015-01-01T16:00:00Z'));
    expect(ns('%Y-%m-%d %H:%M %Z', '2015-01-01 12:00 CET')).toBe(at('2015-01-01T12:00:00Z'));
  });

  it('takes %s as seconds since the epoch, over anything else', () => {
    expect(ns('%s', '1430945205')).toBe(1430945205000000000n);
    expect(ns('%Y %s', '1999 1430945205')).toBe(1430945205000000000n);
  });

  it('uses noon when there is no hour (os.time), and normalises days past the month end', () => {
    expect(ns('%Y-%m-%d', '2015-05-06')).toBe(at('2015-05-06T12:00:00Z'));
    expect(ns('%Y-%m-%d', '2015-02-31')).toBe(at('2015-03-03T12:00:00Z'));
  });

  it('matches a prefix of the value (a fraction or zone after it is ignored) and one space per space', () => {
    expect(ns('%Y-%m-%dT%H:%M:%S', '2015-05-06T20:40:05.509926234Z')).toBe(at('2015-05-06T20:40:05Z'));
    expect(ns('%Y %m %d', '2015\t05\n06')).toBe(at('2015-05-06T12:00:00Z'));
    expect(ns('%Y %m %d', '2015  05 06')).toBeUndefined();
  });

  it('skips week days, week numbers, day of year, %n %t %% and literal text', () => {
    expect(ns('%A %j %U %V %W %u %w %C%n%t%%[%Y/%m/%d]', 'Friday 365 53 01 00 7 6 20\n\t%[2015/12/31]')).toBe(
      at('2015-12-31T12:00:00Z'),
    );
  });

  it('fails values that do not fit', () => {
    for (const [format, value] of [
      ['%Y-%m-%d', '15-05-06'],
      ['%Y-%m-%d', '2015-13-06'],
      ['%Y-%m-%d', '2015-05-32'],
      ['%Y-%m-%d %H', '2015-05-06 24'],
      ['%Y-%m-%d %z', '2015-05-06 0800'],
      ['%Y-%m-%d %p', '2015-05-06 pm'],
      ['%s', 'soon'],
    ] as const) {
      expect(ns(format, value), `${format} ${value}`).toBeUndefined();
    }
  });

  it('refuses unknown conversions, empty formats and formats that give no date', () => {
    expect(() => new StrptimeFormat('%Y-%m-%d %Q')).toThrow('unknown strftime specifier: Q');
    expect(() => new StrptimeFormat('')).toThrow('could not parse the strftime format');
    expect(() => new StrptimeFormat('%H:%M:%S')).toThrow(/no full date/);
    expect(() => new StrptimeFormat('%b %e %H:%M:%S')).toThrow(/no full date/);
    expect(new StrptimeFormat('%s%-').parse('5%-')).toBe(5_000_000_000n); // % before no letter is literal text
  });
});
