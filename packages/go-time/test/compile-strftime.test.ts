// strftime as Heka formats it (cactus/gostrftime at the commit Heka pinned); expectations checked
// against that code under Go 1.19.
import { afterAll, describe, expect, it } from 'vitest';
import { compileStrftime, localParts, splitNanos, utcParts } from '../src/index.js';

// 2024-03-09T07:05:03.123456789Z, a Saturday.
const T = splitNanos(1709967903123456789n);
const fmt = (format: string, zone: 'utc' | 'local' = 'utc') => compileStrftime(format, zone)(T.sec, T.nsec);

describe('compileStrftime (UTC)', () => {
  it('formats every directive', () => {
    const all = '%A %a %B %b %C %D %d %e %F %f %H %h %I %j %k %l %M %m %n %P %p %R %r %S %s %T %t %v %w %Y %y %Z %z';
    expect(fmt(all)).toBe(
      'Saturday Sat March Mar 2024 03/09/24 09  9 2024-03-09 123456 07 Mar 07 069  7  7 05 03 \n am AM 07:05 ' +
        '07:05:03 AM 03 1709967903 07:05:03 \t  9-Mar-2024 6 2024 24 UTC +0000',
    );
  });
  it('keeps %%, an unknown directive and a trailing %', () => {
    expect(fmt('%% %Q %U %')).toBe('% %Q %U %');
    expect(fmt('%%%%Y=%Y%')).toBe('%%Y=2024%');
  });
  it('returns a format without % unchanged (and says it is constant)', () => {
    const f = compileStrftime('plain-index');
    expect(f.constant).toBe(true);
    expect(f(0, 0)).toBe('plain-index');
    expect(compileStrftime('%Y').constant).toBe(false);
  });
  it('handles noon, the first and last day of a year, and times before 1970', () => {
    const noon = compileStrftime('%I %l %p %P %r');
    expect(noon(1709942400 + 43200, 0)).toBe('12 12 PM pm 12:00:00 PM');
    const jan1 = Date.UTC(2001, 0, 1) / 1000;
    expect(compileStrftime('%j|%e|%k|%v|%C|%y')(jan1, 0)).toBe('001| 1| 0| 1-Jan-2001|2001|01');
    expect(compileStrftime('%j %a %A')(Date.UTC(2024, 11, 31, 23, 59, 59) / 1000, 999999999)).toBe('366 Tue Tuesday');
    const before = splitNanos(-1500000001n);
    expect(before).toEqual({ sec: -2, nsec: 499999999 });
    expect(compileStrftime('%s %f %F %T')(before.sec, before.nsec)).toBe('-2 499999 1969-12-31 23:59:58');
  });
  it('caches per second, but not across microseconds with %f', () => {
    const f = compileStrftime('%S.%f');
    expect(f(10, 1000)).toBe('10.000001');
    expect(f(10, 1999)).toBe('10.000001');
    expect(f(10, 2000)).toBe('10.000002');
    expect(f(11, 2000)).toBe('11.000002');
  });
  it('formats int64 nanoseconds directly, before 1970 too', () => {
    expect(compileStrftime('%F %T').nanos(1709967903999999999n)).toBe('2024-03-09 07:05:03');
    expect(compileStrftime('%F %T.%f').nanos(1709967903123456789n)).toBe('2024-03-09 07:05:03.123456');
    expect(compileStrftime('%F %T').nanos(-1n)).toBe('1969-12-31 23:59:59');
    expect(compileStrftime('%T.%f').nanos(-1500000001n)).toBe('23:59:58.499999');
    expect(compileStrftime('constant').nanos(5n)).toBe('constant');
  });
  it('breaks a time down as Go does', () => {
    expect(utcParts(T.sec, T.nsec)).toMatchObject({ year: 2024, month: 3, day: 9, hour: 7, weekday: 6, yday: 69 });
  });
});

describe('compileStrftime (local time)', () => {
  const saved = process.env.TZ;
  afterAll(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it('uses the local offset and zone name', () => {
    process.env.TZ = 'America/Chicago';
    expect(fmt('[%Y/%b/%d:%H:%M:%S %z] %Z', 'local')).toBe('[2024/Mar/09:01:05:03 -0600] CST');
    expect(localParts(T.sec, T.nsec).offset).toBe(-6 * 3600);
  });
  it('writes a negative offset with minutes the way Heka does ("-03-30")', () => {
    process.env.TZ = 'America/St_Johns';
    expect(fmt('%H:%M %z %Z', 'local')).toBe('03:35 -03-30 NST');
  });
  it('writes a positive offset with minutes normally', () => {
    process.env.TZ = 'Asia/Kolkata';
    expect(fmt('%H:%M %z %Z', 'local')).toBe('12:35 +0530 IST');
  });
  it('names a zone the platform has no abbreviation for by its offset', () => {
    process.env.TZ = 'America/Sao_Paulo';
    expect(fmt('%z %Z', 'local')).toBe('-0300 -03');
  });
});
