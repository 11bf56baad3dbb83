/** date_time and ip_address in the sandbox: captures, conversions to nanoseconds, strftime grammars. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LuaFn, luaFunction } from './helpers.js';

const msOf = (iso: string): number => Date.parse(iso);
const nsOf = (iso: string, fracSeconds = 0): number => (msOf(iso) / 1000 + fracSeconds) * 1e9;

let match: LuaFn; // (grammar name) + "\t" + text -> captures, ns
let strftime: LuaFn; // format + "\t" + text -> captures, ns
let ip: LuaFn;

beforeAll(async () => {
  match = await luaFunction(`
    local dt = require "date_time"
    return function(input)
      local name, text = string.match(input, "^([^\\t]*)\\t(.*)$")
      local t = lpeg.match(lpeg.Ct(dt[name]), text)
      if name == "rfc3339" or name == "clf_timestamp" or name == "rfc3164_timestamp"
        or name == "mysql_timestamp" or name == "pgsql_timestamp" then
        t = dt[name]:match(text)
        return t, t and dt.time_to_ns(t)
      end
      return t
    end`);
  strftime = await luaFunction(`
    local dt = require "date_time"
    return function(input)
      local format, text = string.match(input, "^([^\\t]*)\\t(.*)$")
      local t = dt.build_strftime_grammar(format):match(text)
      return t, t and dt.time_to_ns(t)
    end`);
  ip = await luaFunction(`
    local ip = require "ip_address"
    local v4 = lpeg.C(ip.v4) * -1
    local v6 = lpeg.C(ip.v6) * -1
    return function(s) return v4:match(s), v6:match(s) end`);
});
afterAll(() => {
  for (const f of [match, strftime, ip]) f?.close();
});

describe('date_time grammars', () => {
  it('rfc3339 captures the parts as text, the fraction and offset as numbers', () => {
    const [t, ns] = match('rfc3339\t1999-05-05T23:23:59.217-07:00');
    expect(t).toEqual({
      year: '1999',
      month: '05',
      day: '05',
      hour: '23',
      min: '23',
      sec: '59',
      sec_frac: 0.217,
      offset_sign: '-',
      offset_hour: 7,
      offset_min: 0,
    });
    // Heka's value, float rounding included ((seconds + 0.217 + offset) * 1e9 in doubles)
    expect(ns).toBe(Number('925971839217000064'));
  });

  it.each([
    ['1985-04-12T23:20:50.52Z', nsOf('1985-04-12T23:20:50Z', 0.52)],
    ['1996-12-19T16:39:57-08:00', nsOf('1996-12-19T16:39:57-08:00')],
    ['1990-12-31T23:59:60Z', nsOf('1991-01-01T00:00:00Z')],
    ['1937-01-01T12:00:27.87+00:20', -1041337172130000000],
    ['2038-01-19T03:14:08Z', nsOf('2038-01-19T03:14:08Z')],
    ['2100-02-28T23:59:59Z', nsOf('2100-02-28T23:59:59Z')],
  ])('rfc3339 %s is %d ns (floats: exact past 2038 and before 1970)', (text, want) => {
    const [, ns] = match(`rfc3339\t${text}`);
    expect(ns).toBe(want);
  });

  it.each([
    ['1985-04-12t23:20:50.52Z'],
    ['1985-04-12T23:20:50.52z'],
    ['1985-04-12'],
    ['1999-05-05T23:23:59.217-0700'],
    ['2026-13-01T00:00:00Z'],
  ])('rfc3339 rejects %s', (text) => {
    expect(match(`rfc3339\t${text}`)).toEqual([null, null]);
  });

  it('clf_timestamp (nginx $time_local, Apache %t) gives the month number as text', () => {
    const [t, ns] = match('clf_timestamp\t10/Feb/2014:08:46:36 -0800');
    expect(t).toMatchObject({ day: '10', month: '2', year: '2014', offset_sign: '-', offset_hour: 8 });
    expect(ns).toBe(1392050796000000000);
  });

  it('rfc3164_timestamp takes the current year and single-digit days with two spaces', () => {
    const year = new Date().getUTCFullYear();
    const [t, ns] = match('rfc3164_timestamp\tFeb  9 16:46:36');
    expect(t).toEqual({ month: '2', day: '9', hour: '16', min: '46', sec: '36', year: String(year) });
    expect(ns).toBe(nsOf(`${year}-02-09T16:46:36Z`));
  });

  it('mysql and pgsql timestamps', () => {
    expect(match('mysql_timestamp\t20140210164636')[1]).toBe(1392050796000000000);
    expect(match('pgsql_timestamp\t2014-02-10 16:46:36')[1]).toBe(1392050796000000000);
    expect(match('mysql_timestamp\t2014021016463')[0]).toBeNull();
  });

  it('exports the building blocks with their capture names', () => {
    expect(match('date_mabbr\tSep')[0]).toEqual({ month: '9' });
    expect(match('date_mfull\tSeptember')[0]).toEqual({ month: '9' });
    expect(match('date_mday_sp\t 9')[0]).toEqual({ day: ' 9' });
    expect(match('timezone\tPST')[0]).toEqual({ offset_sign: '-', offset_hour: 8, offset_min: 0 });
    expect(match('timezone\tXYZ')[0]).toEqual({ offset_sign: '+', offset_hour: 0, offset_min: 0 });
    expect(match('timezone_offset\t+0130')[0]).toEqual({ offset_sign: '+', offset_hour: 1, offset_min: 30 });
    expect(match('rfc3339_time_numoffset\t-01:30')[0]).toEqual({ offset_sign: '-', offset_hour: 1, offset_min: 30 });
    expect(match('time_secfrac\t.25')[0]).toEqual({ sec_frac: 0.25 });
    expect(match('time_second\t60')[0]).toEqual({ sec: '60' });
    expect(match('rfc3339_full_date\t2014-02-10')[0]).toEqual({ year: '2014', month: '02', day: '10' });
  });
});

describe('build_strftime_grammar', () => {
  it.each([
    ['%c', 'Mon Feb 10 16:46:36 2014'],
    ['%D %T', '02/10/14 16:46:36'],
    ['%D %r', '02/10/14 04:46:36 PM'],
    ['%d/%b/%Y:%H:%M:%S %z', '10/Feb/2014:16:46:36 +0000'],
    ['%a, %d %b %Y %T GMT', 'Mon, 10 Feb 2014 16:46:36 GMT'],
    ['%Y-%m-%dT%H:%M:%S%z', '2014-02-10T17:46:36+0100'],
    ['%A %B %e %k:%M:%S %Z %Y', 'Monday February 10  8:46:36 PST 2014'],
    ['%s', '1392050796'],
    ['%F %l:%M:%S %p', '2014-02-10  4:46:36 PM'],
    ['%Y %j %U %u %w %W %V %C %G %g %h %n%t%%%e %H:%M:%S', '2014 041 06 1 1 06 07 20 2014 14 Feb \n\t%10 16:46:36'],
  ])('%s parses %j', (format, text) => {
    const [t, ns] = strftime(`${format}\t${text}`);
    expect(t).not.toBeNull();
    expect(ns).toBe(1392050796000000000);
  });

  it('12 AM is hour 0 and a missing time of day is noon (os.time defaults)', () => {
    expect(strftime('%D %r\t02/10/14 12:46:36 AM')[1]).toBe(nsOf('2014-02-10T00:46:36Z'));
    expect(strftime('%Y-%m-%d\t2014-02-10')[1]).toBe(nsOf('2014-02-10T12:00:00Z'));
  });

  it('a whitespace in the format matches any one whitespace character', () => {
    expect(strftime('%Y %m %d\t2014\t02\n10')[1]).toBe(nsOf('2014-02-10T12:00:00Z'));
    expect(strftime('%Y %m %d\t2014  02 10')[0]).toBeNull();
  });

  it('raises on unknown conversions, an empty format, and a date without a day', () => {
    expect(() => strftime('%E\tx')).toThrow(/unknown strftime specifier: E/);
    expect(() => strftime('\tx')).toThrow(/could not parse the strftime format/);
    expect(() => strftime('%H:%M\t16:46')).toThrow(/field 'day' missing in date table/);
  });
});

describe('time_to_ns and seconds_to_ns', () => {
  let conv: LuaFn;
  beforeAll(async () => {
    conv = await luaFunction(`
      local dt = require "date_time"
      return function()
        return dt.time_to_ns(nil), dt.time_to_ns({time_t = 12.5}), dt.seconds_to_ns("1392050796.5"),
          dt.time_to_ns({year = "2014", month = 14, day = 1, hour = 0}),
          dt.time_to_ns({year = 1969, month = 12, day = 31, hour = 23, min = 59, sec = 59}),
          dt.time_to_ns({year = 2014, month = 2, day = 10, hour = "16", min = 46, sec = 36, sec_frac = 0.5,
                         offset_sign = "+", offset_hour = 1, offset_min = 30})
      end`);
  });
  afterAll(() => conv.close());

  it('converts, normalises months past 12, and keeps times before 1970 negative', () => {
    expect(conv()).toEqual([
      0,
      12.5e9,
      1392050796.5e9,
      nsOf('2015-02-01T00:00:00Z'),
      -1e9,
      nsOf('2014-02-10T15:16:36Z', 0.5),
    ]);
  });
});

describe('ip_address', () => {
  it.each([
    ['127.0.0.1', true],
    ['255.255.255.255', true],
    ['192.168.1.254', true],
    ['256.1.1.1', false],
    ['1.2.3', false],
    ['01.2.3.4', false],
  ])('v4 %s -> %s', (s, ok) => {
    expect(ip(s)[0]).toBe(ok ? s : null);
  });

  it.each([
    ['::1', true],
    ['::', true],
    ['2001:db8::8a2e:370:7334', true],
    ['2001:0db8:85a3:0000:0000:8a2e:0370:7334', true],
    ['fe80::1ff:fe23:4567:890a', true],
    ['::ffff:192.0.2.128', true],
    ['1:2:3:4:5:6:7::', true],
    ['2001:db8::g', false],
    ['1:2:3:4:5:6:7:8:9', false],
    ['12345::', false],
  ])('v6 %s -> %s', (s, ok) => {
    expect(ip(s)[1]).toBe(ok ? s : null);
  });
});
