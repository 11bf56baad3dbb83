// Go's strconv.Quote, strings.ToLower and invalid UTF-8 handling; expectations checked against Go 1.19.
import { describe, expect, it } from 'vitest';
import { goQuote, goToLower, goUtf8 } from '../src/index.js';

describe('goQuote (strconv.Quote)', () => {
  it.each([
    ['logs-2024', '"logs-2024"'],
    ['say "hi" \\o/', '"say \\"hi\\" \\\\o/"'],
    ['\n\t\u0000\u007f\u0007\u000b\f\r\b\u001b', '"\\n\\t\\x00\\x7f\\a\\v\\f\\r\\b\\x1b"'],
    ['café', '"café"'],
    ['no\u00a0break', '"no\\u00a0break"'],
    ['line\u2028sep', '"line\\u2028sep"'],
    ['smile 😀', '"smile 😀"'],
    ['private \ue000', '"private \\ue000"'],
    ['plane 15 \u{f0000}', '"plane 15 \\U000f0000"'],
    ['zero\u200bwidth', '"zero\\u200bwidth"'],
    ['tab\there\u0085\u00ad\u{1F600}\u{E0001}\u0600', '"tab\\there\\u0085\\u00ad😀\\U000e0001\\u0600"'],
    ['\ufffd', '"\ufffd"'],
    ['\u0378', '"\\u0378"'],
  ])('%j → %s', (input, quoted) => {
    expect(goQuote(input)).toBe(quoted);
  });

  it('treats a lone surrogate as U+FFFD, as Go never sees one', () => {
    expect(goQuote('a\ud800b')).toBe('"a\ufffdb"');
  });
});

describe('goToLower (strings.ToLower)', () => {
  it('lower-cases ASCII and Unicode one rune at a time', () => {
    expect(goToLower('Logs-WEB')).toBe('logs-web');
    expect(goToLower('HEKA-ÜNÏCODE')).toBe('heka-ünïcode');
    expect(goToLower('already lower')).toBe('already lower');
  });
  it("uses Go's simple mappings: İ is i, a final Σ is σ, ǅ is ǆ", () => {
    expect(goToLower('İ')).toBe('i');
    expect(goToLower('ΑΣ')).toBe('ασ');
    expect(goToLower('ǅ')).toBe('ǆ');
  });
});

describe('goUtf8', () => {
  const b = (...x: number[]) => new Uint8Array(x);
  it('decodes valid UTF-8 as is', () => {
    expect(goUtf8(new TextEncoder().encode('naïve ☃ 😀'))).toBe('naïve ☃ 😀');
  });
  it('turns every invalid byte into one U+FFFD', () => {
    expect(goUtf8(b(0x61, 0xa3, 0x62))).toBe('a\ufffdb');
    // A truncated 3-byte sequence is two bad bytes for Go (WHATWG would make it one U+FFFD).
    expect(goUtf8(b(0xe2, 0x82, 0x41))).toBe('\ufffd\ufffdA');
    // An encoded surrogate and an overlong slash are invalid byte by byte.
    expect(goUtf8(b(0xed, 0xa0, 0x80))).toBe('\ufffd\ufffd\ufffd');
    expect(goUtf8(b(0xc0, 0xaf))).toBe('\ufffd\ufffd');
    expect(goUtf8(b(0xf4, 0x90, 0x80, 0x80))).toBe('\ufffd\ufffd\ufffd\ufffd');
  });
  it('keeps a real U+FFFD', () => {
    expect(goUtf8(new TextEncoder().encode('x\ufffdy'))).toBe('x\ufffdy');
  });
});
