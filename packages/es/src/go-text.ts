/**
 * Text the way Go's standard library renders it, for the parts of Heka's ElasticSearch encoders that
 * use it: `strconv.Quote` (the bulk action line), `strings.ToLower` (index names), and Go's reading of
 * invalid UTF-8 (one U+FFFD per bad byte).
 */

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

function isCont(c: number | undefined): boolean {
  return c !== undefined && (c & 0xc0) === 0x80;
}

/** Decodes bytes as a Go string is read rune by rune: each invalid byte becomes one U+FFFD. */
export function goUtf8(b: Uint8Array): string {
  const s = Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');
  return s.includes('\ufffd') ? goUtf8Slow(b) : s;
}

function goUtf8Slow(b: Uint8Array): string {
  let out = '';
  let i = 0;
  const end = b.length;
  while (i < end) {
    const c = b[i] as number;
    let cp = 0xfffd;
    let n = 1;
    if (c < 0x80) {
      cp = c;
    } else if (c >= 0xc2 && c <= 0xdf && isCont(b[i + 1])) {
      cp = ((c & 0x1f) << 6) | ((b[i + 1] as number) & 0x3f);
      n = 2;
    } else if (c >= 0xe0 && c <= 0xef && isCont(b[i + 1]) && isCont(b[i + 2])) {
      const v = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
      if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) {
        cp = v;
        n = 3;
      }
    } else if (c >= 0xf0 && c <= 0xf4 && isCont(b[i + 1]) && isCont(b[i + 2]) && isCont(b[i + 3])) {
      const v =
        ((c & 0x07) << 18) |
        (((b[i + 1] as number) & 0x3f) << 12) |
        (((b[i + 2] as number) & 0x3f) << 6) |
        ((b[i + 3] as number) & 0x3f);
      if (v >= 0x10000 && v <= 0x10ffff) {
        cp = v;
        n = 4;
      }
    }
    out += String.fromCodePoint(cp);
    i += n;
  }
  return out;
}
