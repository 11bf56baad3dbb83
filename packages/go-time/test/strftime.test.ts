import { afterEach, describe, expect, it } from 'vitest';
import { strftime } from '../src/strftime.js';

// Produced by the real github.com/cactus/gostrftime at the commit Heka pinned (d329f83), formatting
// time.Unix(0, ms * 1e6).In(zone) with each format: [ms since the epoch, zone, outputs by format].
const FORMATS = [
  '%Y-%m-%d %H:%M:%S',
  '%a %A %b %B %h',
  '%C|%D|%e|%F|%f',
  '%I|%j|%k|%l|%M|%P|%p',
  '%R|%r|%s|%T|%v|%w|%y',
  '%Z|%z',
  '%%|%Q|%L|%N|%U|%c|abc%',
  '%',
  'no percent',
  '%n%t',
  'é%é%Y',
  '/var/log/heka/%Y/%m/%d/%H.log',
];
const GOLDEN: [number, string, string[]][] = [
  [
    0,
    'UTC',
    [
      '1970-01-01 00:00:00',
      'Thu Thursday Jan January Jan',
      '1970|01/01/70| 1|1970-01-01|000000',
      '12|001| 0|12|00|am|AM',
      '00:00|12:00:00 AM|0|00:00:00| 1-Jan-1970|4|70',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é1970',
      '/var/log/heka/1970/01/01/00.log',
    ],
  ],
  [
    1410000000123,
    'UTC',
    [
      '2014-09-06 10:40:00',
      'Sat Saturday Sep September Sep',
      '2014|09/06/14| 6|2014-09-06|123000',
      '10|249|10|10|40|am|AM',
      '10:40|10:40:00 AM|1410000000|10:40:00| 6-Sep-2014|6|14',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2014',
      '/var/log/heka/2014/09/06/10.log',
    ],
  ],
  [
    1704067200000,
    'UTC',
    [
      '2024-01-01 00:00:00',
      'Mon Monday Jan January Jan',
      '2024|01/01/24| 1|2024-01-01|000000',
      '12|001| 0|12|00|am|AM',
      '00:00|12:00:00 AM|1704067200|00:00:00| 1-Jan-2024|1|24',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2024',
      '/var/log/heka/2024/01/01/00.log',
    ],
  ],
  [
    1704110399999,
    'UTC',
    [
      '2024-01-01 11:59:59',
      'Mon Monday Jan January Jan',
      '2024|01/01/24| 1|2024-01-01|999000',
      '11|001|11|11|59|am|AM',
      '11:59|11:59:59 AM|1704110399|11:59:59| 1-Jan-2024|1|24',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2024',
      '/var/log/heka/2024/01/01/11.log',
    ],
  ],
  [
    1709164800000,
    'UTC',
    [
      '2024-02-29 00:00:00',
      'Thu Thursday Feb February Feb',
      '2024|02/29/24|29|2024-02-29|000000',
      '12|060| 0|12|00|am|AM',
      '00:00|12:00:00 AM|1709164800|00:00:00|29-Feb-2024|4|24',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2024',
      '/var/log/heka/2024/02/29/00.log',
    ],
  ],
  [
    951782400000,
    'UTC',
    [
      '2000-02-29 00:00:00',
      'Tue Tuesday Feb February Feb',
      '2000|02/29/00|29|2000-02-29|000000',
      '12|060| 0|12|00|am|AM',
      '00:00|12:00:00 AM|951782400|00:00:00|29-Feb-2000|2|00',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2000',
      '/var/log/heka/2000/02/29/00.log',
    ],
  ],
  [
    1735603200000,
    'UTC',
    [
      '2024-12-31 00:00:00',
      'Tue Tuesday Dec December Dec',
      '2024|12/31/24|31|2024-12-31|000000',
      '12|366| 0|12|00|am|AM',
      '00:00|12:00:00 AM|1735603200|00:00:00|31-Dec-2024|2|24',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2024',
      '/var/log/heka/2024/12/31/00.log',
    ],
  ],
  [
    1410000000123,
    'America/New_York',
    [
      '2014-09-06 06:40:00',
      'Sat Saturday Sep September Sep',
      '2014|09/06/14| 6|2014-09-06|123000',
      '06|249| 6| 6|40|am|AM',
      '06:40|06:40:00 AM|1410000000|06:40:00| 6-Sep-2014|6|14',
      'EDT|-0400',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2014',
      '/var/log/heka/2014/09/06/06.log',
    ],
  ],
  [
    1720000000000,
    'Europe/Berlin',
    [
      '2024-07-03 11:46:40',
      'Wed Wednesday Jul July Jul',
      '2024|07/03/24| 3|2024-07-03|000000',
      '11|185|11|11|46|am|AM',
      '11:46|11:46:40 AM|1720000000|11:46:40| 3-Jul-2024|3|24',
      'CEST|+0200',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2024',
      '/var/log/heka/2024/07/03/11.log',
    ],
  ],
  [
    1704067200000,
    'America/St_Johns',
    [
      '2023-12-31 20:30:00',
      'Sun Sunday Dec December Dec',
      '2023|12/31/23|31|2023-12-31|000000',
      '08|365|20| 8|30|pm|PM',
      '20:30|08:30:00 PM|1704067200|20:30:00|31-Dec-2023|0|23',
      'NST|-03-30',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2023',
      '/var/log/heka/2023/12/31/20.log',
    ],
  ],
  [
    1704067200000,
    'Asia/Kolkata',
    [
      '2024-01-01 05:30:00',
      'Mon Monday Jan January Jan',
      '2024|01/01/24| 1|2024-01-01|000000',
      '05|001| 5| 5|30|am|AM',
      '05:30|05:30:00 AM|1704067200|05:30:00| 1-Jan-2024|1|24',
      'IST|+0530',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2024',
      '/var/log/heka/2024/01/01/05.log',
    ],
  ],
  [
    -1000,
    'UTC',
    [
      '1969-12-31 23:59:59',
      'Wed Wednesday Dec December Dec',
      '1969|12/31/69|31|1969-12-31|000000',
      '11|365|23|11|59|pm|PM',
      '23:59|11:59:59 PM|-1|23:59:59|31-Dec-1969|3|69',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é1969',
      '/var/log/heka/1969/12/31/23.log',
    ],
  ],
  [
    1704153600000,
    'UTC',
    [
      '2024-01-02 00:00:00',
      'Tue Tuesday Jan January Jan',
      '2024|01/02/24| 2|2024-01-02|000000',
      '12|002| 0|12|00|am|AM',
      '00:00|12:00:00 AM|1704153600|00:00:00| 2-Jan-2024|2|24',
      'UTC|+0000',
      '%|%Q|%L|%N|%U|%c|abc%',
      '%',
      'no percent',
      '\n\t',
      'é%é2024',
      '/var/log/heka/2024/01/02/00.log',
    ],
  ],
];

const savedTz = process.env.TZ;
function inZone(tz: string): void {
  process.env.TZ = tz;
}
afterEach(() => {
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

describe('strftime matches gostrftime (golden vectors from the Go library)', () => {
  for (const [ms, zone, outputs] of GOLDEN) {
    it(`${new Date(ms).toISOString()} in ${zone}, local time`, () => {
      inZone(zone);
      const got = FORMATS.map((f) => strftime(f, new Date(ms)));
      expect(got).toEqual(outputs);
    });
    if (zone === 'UTC') {
      it(`${new Date(ms).toISOString()} with utc = true, whatever the local zone`, () => {
        inZone('Asia/Kolkata');
        const got = FORMATS.map((f) => strftime(f, new Date(ms), true));
        expect(got).toEqual(outputs);
      });
    }
  }
});

describe('strftime details', () => {
  const t = new Date(Date.UTC(2016, 1, 29, 13, 5, 9, 7)); // a leap day, 13:05:09.007 UTC

  it('pads like Go: zeros for %d %m %H %M %S %j %y, spaces for %e %k %l', () => {
    expect(strftime('%d|%m|%H|%M|%S|%j|%y|%e|%k|%l', new Date(Date.UTC(2009, 0, 2, 3, 4, 5)), true)).toBe(
      '02|01|03|04|05|002|09| 2| 3| 3',
    );
  });

  it('counts the day of the year through a leap day, and at the last day of a leap year', () => {
    expect(strftime('%j', t, true)).toBe('060');
    expect(strftime('%j', new Date(Date.UTC(2016, 11, 31, 23, 59, 59)), true)).toBe('366');
    expect(strftime('%j', new Date(Date.UTC(2015, 11, 31)), true)).toBe('365');
  });

  it('renders the 12-hour clock and AM/PM at midnight and noon', () => {
    expect(strftime('%I %l %p %P', new Date(Date.UTC(2016, 0, 1, 0, 30)), true)).toBe('12 12 AM am');
    expect(strftime('%I %l %p %P', new Date(Date.UTC(2016, 0, 1, 12, 30)), true)).toBe('12 12 PM pm');
    expect(strftime('%r', new Date(Date.UTC(2016, 0, 1, 23, 1, 2)), true)).toBe('11:01:02 PM');
  });

  it('gives milliseconds as microseconds with %f and seconds since the epoch with %s', () => {
    expect(strftime('%f', t, true)).toBe('007000');
    expect(strftime('%s', t, true)).toBe(String(Math.floor(t.getTime() / 1000)));
    expect(strftime('%s', new Date(-1500), true)).toBe('-2');
  });

  it('keeps unknown conversions, a trailing percent and non-ASCII text as they are', () => {
    expect(strftime('%Q%', t, true)).toBe('%Q%');
    expect(strftime('%😀 %Y', t, true)).toBe('%😀 2016');
    expect(strftime('日志-%Y.log', t, true)).toBe('日志-2016.log');
    expect(strftime('100%%', t, true)).toBe('100%');
  });

  it('returns a format without conversions unchanged', () => {
    const format = '/var/log/heka/out.log';
    expect(strftime(format, t)).toBe(format);
  });

  it('formats in the local zone by default and in UTC when asked', () => {
    inZone('America/New_York');
    expect(strftime('%Y-%m-%d %H:%M %Z %z', t)).toBe('2016-02-29 08:05 EST -0500');
    expect(strftime('%Y-%m-%d %H:%M %Z %z', t, true)).toBe('2016-02-29 13:05 UTC +0000');
  });

  it("writes a zone without an English abbreviation in the tz database's numeric form", () => {
    inZone('America/Sao_Paulo');
    expect(strftime('%Z %z', t)).toBe('-03 -0300');
    inZone('Asia/Kathmandu');
    expect(strftime('%Z %z', t)).toBe('+0545 +0545');
    inZone('Asia/Tokyo');
    expect(strftime('%Z %z', t)).toBe('JST +0900');
  });

  it('keeps the %C and negative %z quirks of the library Heka used', () => {
    expect(strftime('%C', t, true)).toBe('2016');
    inZone('America/St_Johns');
    expect(strftime('%z', t)).toBe('-03-30');
  });

  it('pads years before 1000 to four digits, as Go formats its zero time', () => {
    const year1 = new Date(0);
    year1.setUTCFullYear(1, 0, 1);
    expect(strftime('%Y-%m-%d %j %y %C %F', year1, true)).toBe('0001-01-01 001 01 01 0001-01-01');
  });

  it('rejects an invalid Date', () => {
    expect(() => strftime('%Y', new Date(Number.NaN))).toThrow(RangeError);
  });
});
