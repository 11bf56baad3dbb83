import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatJson, formatTxt } from '../src/format.js';
import { goFloat, goJsonString, goQuote, protoTextString } from '../src/gofmt.js';
import { goTimeString, parseTzif, zoneFile } from '../src/gotime.js';
import { goView } from '../src/goview.js';
import { fixtureMessages } from './fixtures.js';

const b = (s: string | number[]) => (typeof s === 'string' ? Buffer.from(s, 'utf8') : Buffer.from(s));

describe("Go's number and string forms", () => {
  it('%v / %g of float64 (values checked against Go 1.19 fmt)', () => {
    const cases: [number, string][] = [
      [1e6, '1e+06'],
      [123456789, '1.23456789e+08'],
      [1e-5, '1e-05'],
      [1e-7, '1e-07'],
      [1e21, '1e+21'],
      [100000, '100000'],
      [0.0001, '0.0001'],
      [-0, '-0'],
      [5e-324, '5e-324'],
      [Number.MAX_VALUE, '1.7976931348623157e+308'],
      [123456.7, '123456.7'],
      [1234567, '1.234567e+06'],
      [0.1, '0.1'],
      [999999.9, '999999.9'],
      [1.2345678901234567e19, '1.2345678901234567e+19'],
      [-1.5, '-1.5'],
      [0.000123, '0.000123'],
      [100, '100'],
      [1e100, '1e+100'],
      [Number.NaN, 'NaN'],
      [Number.POSITIVE_INFINITY, '+Inf'],
      [Number.NEGATIVE_INFINITY, '-Inf'],
    ];
    for (const [x, s] of cases) expect(goFloat(x)).toBe(s);
  });

  it('protobuf text strings: byte-level octal escapes', () => {
    expect(protoTextString(b('a"b\\c\n\r\té\u0001~\u007f'))).toBe('"a\\"b\\\\c\\n\\r\\t\\303\\251\\001~\\177"');
  });

  it("Go's %q of bytes: printable runes kept, invalid bytes as \\x", () => {
    expect(goQuote(b([0x61, 0xff, 0x0a, 0x07, 0x7f, 0xc3, 0xa9, 0xe2, 0x80, 0xa8, 0xf0, 0x9f, 0x98, 0x80]))).toBe(
      '"a\\xff\\n\\a\\x7fé\\u2028😀"',
    );
  });

  it('encoding/json strings: HTML-safe, \\u2028, one \\ufffd per invalid byte', () => {
    expect(goJsonString(b([0x3c, 0x26, 0x3e, 0x08, 0x09, 0xe2, 0x82, 0x41, 0xe2, 0x80, 0xa9, 0x22]))).toBe(
      '"\\u003c\\u0026\\u003e\\u0008\\t\\ufffd\\ufffdA\\u2029\\""',
    );
  });
});

describe("Go's time zones", () => {
  it('finds the zoneinfo file Go would load', () => {
    expect(zoneFile(undefined)).toBe('/etc/localtime');
    expect(zoneFile('')).toBeUndefined();
    expect(zoneFile('UTC')).toBeUndefined();
    expect(zoneFile(':Europe/Paris')).toMatch(/zoneinfo\/Europe\/Paris$/);
    expect(zoneFile('/x/y')).toBe('/x/y');
  });

  it('prints times with the zone abbreviation (checked against Go 1.19)', () => {
    const zone = parseTzif(readFileSync('/usr/share/zoneinfo/Europe/Berlin'));
    expect(zone).toBeDefined();
    expect(goTimeString(1700000000123456789n, zone)).toBe('2023-11-14 23:13:20.123456789 +0100 CET');
    expect(goTimeString(1690000000000000000n, zone)).toBe('2023-07-22 06:26:40 +0200 CEST');
    expect(goTimeString(-9223372036854775808n, zone)).toBe('1677-09-21 01:06:11.145224192 +0053 LMT');
    expect(goTimeString(0n, parseTzif(readFileSync('/usr/share/zoneinfo/UTC')))).toBe('1970-01-01 00:00:00 +0000 UTC');
    const kolkata = parseTzif(readFileSync('/usr/share/zoneinfo/Asia/Kolkata'));
    expect(goTimeString(-2208988800000000000n, kolkata)).toBe('1900-01-01 05:21:10 +0521 MMT');
    expect(parseTzif(Buffer.from('not a zone file at all, definitely not one'))).toBeUndefined();
  });
});

describe('formatting decoded messages', () => {
  it('txt and json of the fixtures agree with the golden files message by message', () => {
    const messages = fixtureMessages();
    const json = readFileSync(new URL('./fixtures/golden-json.txt', import.meta.url), 'utf8').split('\n');
    messages.forEach((m, i) => {
      expect(formatJson(goView(m)) ?? '').toBe(json[i]);
      expect(formatTxt(goView(m)).toString('latin1')).toContain('\nFields: [');
    });
  });
});

describe('README', () => {
  it('documents every flag', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const flag of ['match', 'format', 'output', 'tail', 'offset', 'max-message-size']) {
      expect(readme).toMatch(new RegExp(`^\\| \`-${flag}[ \`]`, 'm'));
    }
    expect(readme).toContain('## Differences from Heka');
  });
});
