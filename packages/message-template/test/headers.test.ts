import { describe, expect, it } from 'vitest';
import { headerValue, isHeaderKey, parseInt32, parseUuid } from '../src/index.js';

describe('header values (Heka converts them as Go does)', () => {
  it('parses int32 as strconv.ParseInt(s, 10, 32), with Go error texts', () => {
    expect(parseInt32('+5')).toBe(5);
    expect(parseInt32('-2147483648')).toBe(-2147483648);
    expect(parseInt32('2147483647')).toBe(2147483647);
    expect(parseInt32('007')).toBe(7);
    expect(() => parseInt32('2147483648')).toThrow('strconv.ParseInt: parsing "2147483648": value out of range');
    expect(() => parseInt32('')).toThrow('strconv.ParseInt: parsing "": invalid syntax');
    expect(() => parseInt32('1.5')).toThrow('strconv.ParseInt: parsing "1.5": invalid syntax');
    expect(() => parseInt32(' 1')).toThrow('invalid syntax');
  });

  it('keeps what comes before the first "." of a Pid, and all of a Severity', () => {
    expect(headerValue('Pid', '123.456.7')).toBe(123);
    expect(() => headerValue('Pid', '.5')).toThrow('message_fields.Pid: strconv.ParseInt: parsing "": invalid syntax');
    expect(() => headerValue('Severity', '3.0')).toThrow('message_fields.Severity: strconv.ParseInt: parsing "3.0"');
    expect(headerValue('Hostname', '%not interpolated%')).toBe('%not interpolated%');
  });

  it('reads a uuid from 16 bytes of text or 8-4-4-4-12 hex, optionally urn:uuid:', () => {
    expect(parseUuid('0123456789abcdef')).toEqual(new TextEncoder().encode('0123456789abcdef'));
    expect(parseUuid('ééééééé!!')).toHaveLength(16); // 16 bytes of UTF-8, whatever the characters
    expect([...parseUuid('Urn:Uuid:00000000-0000-0000-0000-0000000000ff')].at(-1)).toBe(0xff);
    expect(() => parseUuid('urn:uuid:0000000000000000000000000000000000')).toThrow('Invalid UUID string.');
    expect(() => parseUuid('00000000-0000-0000-0000-00000000000g')).toThrow('Invalid UUID string.');
  });

  it('knows the header keys by their exact spelling', () => {
    for (const key of ['Logger', 'Type', 'Payload', 'Hostname', 'Pid', 'Severity', 'Uuid']) {
      expect(isHeaderKey(key)).toBe(true);
    }
    for (const key of ['logger', 'Timestamp', 'EnvVersion', 'Fields', 'Type|x']) expect(isHeaderKey(key)).toBe(false);
  });
});
