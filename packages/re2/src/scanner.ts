/**
 * The cursor over a pattern that the parser builds on: flags in force, code point reads, Go's
 * single-character escapes and error construction.
 *
 * Go parses UTF-8 and reports `invalid UTF-8` where it first decodes a bad byte, so an earlier
 * syntax error wins over a later bad byte. A JavaScript string cannot hold invalid UTF-8; its
 * equivalent is a lone surrogate, which we reject at the same points Go decodes text.
 */
import { type Re2ErrorCode, Re2SyntaxError } from './errors.js';
import { MAX_RUNE } from './ranges.js';

export interface Flags {
  foldCase: boolean;
  /** Not (?m): ^ and $ match only at the ends of the text. */
  oneLine: boolean;
  /** (?s): . matches \n. */
  dotNL: boolean;
  /** (?U): repetitions are lazy unless followed by ?. */
  nonGreedy: boolean;
}

export const isAlnum = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);

const isOctal = (c: number): boolean => c >= 0x30 && c <= 0x37;

function unhex(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Index of the first lone surrogate in s, or -1. */
export function loneSurrogate(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) return i;
  }
  return -1;
}

export class Scanner {
  protected pos = 0;
  protected flags: Flags = { foldCase: false, oneLine: true, dotNL: false, nonGreedy: false };

  constructor(protected readonly src: string) {}

  protected error(code: Re2ErrorCode, expr: string, offset: number): Re2SyntaxError {
    return new Re2SyntaxError(code, expr, offset);
  }

  /** Go's checkUTF8 of `text`, which starts at `offset` in the pattern. */
  protected checkUtf8(text: string, offset: number): void {
    const bad = loneSurrogate(text);
    if (bad >= 0) throw this.error('invalid UTF-8', text.slice(bad), offset + bad);
  }

  protected peek(offset = 0): number {
    return this.src.codePointAt(this.pos + offset) ?? -1;
  }

  /** Consumes one code point (Go's nextRune). */
  protected next(): number {
    const c = this.src.codePointAt(this.pos) as number;
    if (c >= 0xd800 && c <= 0xdfff) throw this.error('invalid UTF-8', this.src.slice(this.pos), this.pos);
    this.pos += c > 0xffff ? 2 : 1;
    return c;
  }

  /** Decimal integer without leading zeros (Go's parseInt); -2 when it reaches 1e8 or more. */
  protected parseInt(): number | undefined {
    const s = this.src;
    const start = this.pos;
    const c0 = s.charCodeAt(start);
    if (!(c0 >= 0x30 && c0 <= 0x39)) return undefined;
    const c1 = s.charCodeAt(start + 1);
    if (c0 === 0x30 && c1 >= 0x30 && c1 <= 0x39) return undefined;
    let end = start;
    while (end < s.length && s.charCodeAt(end) >= 0x30 && s.charCodeAt(end) <= 0x39) end++;
    this.pos = end;
    let n = 0;
    for (let i = start; i < end; i++) {
      if (n >= 1e8) return -2;
      n = n * 10 + s.charCodeAt(i) - 0x30;
    }
    return n;
  }

  /** A single-character escape at pos (Go's parseEscape). */
  protected parseEscape(): number {
    const start = this.pos;
    this.pos++;
    if (this.pos >= this.src.length) throw this.error('trailing backslash at end of expression', '', start);
    const c = this.next();
    const fail = (): Re2SyntaxError => this.error('invalid escape sequence', this.src.slice(start, this.pos), start);
    if (c < 0x80 && !isAlnum(c)) return c; // escaped punctuation (and \_) is itself
    // A single non-zero digit would be a backreference, which RE2 does not support.
    if (c >= 0x31 && c <= 0x37 && !isOctal(this.peek())) throw fail();
    if (isOctal(c)) {
      let r = c - 0x30;
      for (let i = 1; i < 3 && isOctal(this.peek()); i++) r = r * 8 + this.src.charCodeAt(this.pos++) - 0x30;
      return r;
    }
    switch (c) {
      case 0x78 /* x */:
        return this.parseHex(fail);
      case 0x61 /* a */:
        return 0x07;
      case 0x66 /* f */:
        return 0x0c;
      case 0x6e /* n */:
        return 0x0a;
      case 0x72 /* r */:
        return 0x0d;
      case 0x74 /* t */:
        return 0x09;
      case 0x76 /* v */:
        return 0x0b;
    }
    throw fail();
  }

  /** `\xFF` or `\x{10FFFF}` after the `\x`. */
  private parseHex(fail: () => Re2SyntaxError): number {
    if (this.pos >= this.src.length) throw fail();
    const c1 = this.next();
    if (c1 === 0x7b /* { */) {
      let r = 0;
      let digits = 0;
      for (;;) {
        if (this.pos >= this.src.length) throw fail();
        const d = this.next();
        if (d === 0x7d /* } */) break;
        const v = unhex(d);
        if (v < 0) throw fail();
        r = r * 16 + v;
        if (r > MAX_RUNE) throw fail();
        digits++;
      }
      if (digits === 0) throw fail();
      return r;
    }
    const x = unhex(c1);
    if (this.pos >= this.src.length) throw fail();
    const y = unhex(this.next());
    if (x < 0 || y < 0) throw fail();
    return x * 16 + y;
  }
}
