/**
 * Text the way Go's standard library renders it, for the parts of Heka's ElasticSearch encoders that
 * use it: `strconv.Quote` (the bulk action line), `strings.ToLower` (index names), and Go's reading of
 * invalid UTF-8 (one U+FFFD per bad byte).
 */
import { decodeUtf8 } from '@heka/core';

const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
// Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols (and the ASCII space).
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const NAMED: Readonly<Record<number, string>> = {
  7: '\\a',
  8: '\\b',
  12: '\\f',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  11: '\\v',
};

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Go's strconv.Quote: a double-quoted Go string literal (non-printable runes escaped). */
export function goQuote(s: string): string {
  if (PLAIN_ASCII.test(s)) return `"${s}"`;
  let out = '"';
  for (const ch of s) {
    let cp = ch.codePointAt(0) as number;
    if (cp === 0x22 || cp === 0x5c) {
      out += `\\${ch}`;
      continue;
    }
    if (cp >= 0x20 && cp < 0x7f) {
      out += ch;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd; // a lone surrogate: Go never sees one (U+FFFD)
    const c = String.fromCodePoint(cp);
    if (cp >= 0x80 && PRINTABLE.test(c)) {
      out += c;
      continue;
    }
    const named = NAMED[cp];
    if (named !== undefined) out += named;
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const HAS_UPPER_OR_NON_ASCII = /[A-Z\u0080-\uffff]/;

/** Go's strings.ToLower: simple (one rune to one rune) lower-casing, without context rules. */
export function goToLower(s: string): string {
  if (!HAS_UPPER_OR_NON_ASCII.test(s)) return s;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the test is for ASCII only
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) {
    if (ch === '\u0130') {
      out += 'i'; // Go's simple mapping; JavaScript's full mapping adds U+0307
      continue;
    }
    const lower = ch.toLowerCase();
    out += [...lower].length === 1 ? lower : ch;
  }
  return out;
}

/**
 * Bytes as a Go string is read rune by rune: each invalid byte becomes one U+FFFD (@heka/core's
 * decoder, which the wire format uses for the same reason).
 */
export function goUtf8(b: Uint8Array): string {
  return decodeUtf8(b, 0, b.length);
}
