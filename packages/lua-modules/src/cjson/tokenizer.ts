/**
 * lua-cjson's JSON tokenizer: strtod numbers (so "+1", hex, "Infinity" and "NaN" are numbers while
 * decode_invalid_numbers is on), its string escapes and UTF-16 surrogate rules, its token error texts,
 * and the input read as a C string (a NUL byte is the end).
 */
import type { LuaState } from '../lua.js';
import { strtod } from '../strtod.js';
import type { JsonConfig } from './config.js';

/** Token types, numbered as lua-cjson's json_token_type_t (TOKEN_NAMES is indexed by them). */
export const T = {
  OBJ_BEGIN: 0,
  OBJ_END: 1,
  ARR_BEGIN: 2,
  ARR_END: 3,
  STRING: 4,
  NUMBER: 5,
  BOOLEAN: 6,
  NULL: 7,
  COLON: 8,
  COMMA: 9,
  END: 10,
  WHITESPACE: 11,
  ERROR: 12,
  UNKNOWN: 13,
} as const;

export const TOKEN_NAMES = [
  'T_OBJ_BEGIN',
  'T_OBJ_END',
  'T_ARR_BEGIN',
  'T_ARR_END',
  'T_STRING',
  'T_NUMBER',
  'T_BOOLEAN',
  'T_NULL',
  'T_COLON',
  'T_COMMA',
  'T_END',
  'T_WHITESPACE',
  'T_ERROR',
  'T_UNKNOWN',
];

const CH2TOKEN = new Uint8Array(256).fill(T.ERROR);
CH2TOKEN[0x7b] = T.OBJ_BEGIN;
CH2TOKEN[0x7d] = T.OBJ_END;
CH2TOKEN[0x5b] = T.ARR_BEGIN;
CH2TOKEN[0x5d] = T.ARR_END;
CH2TOKEN[0x2c] = T.COMMA;
CH2TOKEN[0x3a] = T.COLON;
CH2TOKEN[0] = T.END;
for (const c of [0x20, 0x09, 0x0a, 0x0d]) CH2TOKEN[c] = T.WHITESPACE;
for (const c of 'fiIntN"+-0123456789') CH2TOKEN[c.charCodeAt(0)] = T.UNKNOWN;

const ESCAPE2CHAR = new Uint8Array(256);
for (const [k, v] of [
  ['"', 0x22],
  ['\\', 0x5c],
  ['/', 0x2f],
  ['b', 0x08],
  ['t', 0x09],
  ['n', 0x0a],
  ['f', 0x0c],
  ['r', 0x0d],
  ['u', 0x75],
] as const) {
  ESCAPE2CHAR[k.charCodeAt(0)] = v;
}

interface Token {
  type: number;
  index: number;
  number: number;
  string: Uint8Array;
  boolean: boolean;
  error: string;
}
export class Tokenizer {
  ptr = 0;
  depth = 0;
  readonly tmp: Uint8Array;
  readonly tok: Token = { type: T.END, index: 0, number: 0, string: new Uint8Array(0), boolean: false, error: '' };

  constructor(
    readonly L: LuaState,
    readonly cfg: JsonConfig,
    readonly data: Uint8Array,
  ) {
    this.tmp = new Uint8Array(data.length);
  }

  /** The current token's type (a call, so TypeScript does not narrow it across next()). */
  kind(): number {
    return this.tok.type;
  }

  at(i: number): number {
    return i < this.data.length ? (this.data[i] as number) : 0;
  }

  fail(message: string): void {
    this.tok.type = T.ERROR;
    this.tok.index = this.ptr;
    this.tok.error = message;
  }

  hex4(i: number): number {
    let v = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.at(i + k);
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x66) d = (c | 0x20) - 0x61 + 10;
      else return -1;
      v = (v << 4) | d;
    }
    return v;
  }

  /** \uXXXX (and a following low surrogate) at ptr → UTF-8 into tmp; false on a bad escape. */
  unicodeEscape(out: { n: number }): boolean {
    let cp = this.hex4(this.ptr + 2);
    if (cp < 0) return false;
    let len = 6;
    if ((cp & 0xf800) === 0xd800) {
      if (cp & 0x400) return false;
      if (this.at(this.ptr + 6) !== 0x5c || this.at(this.ptr + 7) !== 0x75) return false;
      const low = this.hex4(this.ptr + 8);
      if (low < 0 || (low & 0xfc00) !== 0xdc00) return false;
      cp = (((cp & 0x3ff) << 10) | (low & 0x3ff)) + 0x10000;
      len = 12;
    }
    const t = this.tmp;
    if (cp <= 0x7f) t[out.n++] = cp;
    else if (cp <= 0x7ff) {
      t[out.n++] = (cp >> 6) | 0xc0;
      t[out.n++] = (cp & 0x3f) | 0x80;
    } else if (cp <= 0xffff) {
      t[out.n++] = (cp >> 12) | 0xe0;
      t[out.n++] = ((cp >> 6) & 0x3f) | 0x80;
      t[out.n++] = (cp & 0x3f) | 0x80;
    } else {
      t[out.n++] = (cp >> 18) | 0xf0;
      t[out.n++] = ((cp >> 12) & 0x3f) | 0x80;
      t[out.n++] = ((cp >> 6) & 0x3f) | 0x80;
      t[out.n++] = (cp & 0x3f) | 0x80;
    }
    this.ptr += len;
    return true;
  }

  stringToken(): void {
    this.ptr++;
    const out = { n: 0 };
    for (;;) {
      let ch = this.at(this.ptr);
      if (ch === 0x22) break;
      if (ch === 0) {
        this.fail('unexpected end of string');
        return;
      }
      if (ch === 0x5c) {
        ch = ESCAPE2CHAR[this.at(this.ptr + 1)] as number;
        if (ch === 0x75) {
          if (this.unicodeEscape(out)) continue;
          this.fail('invalid unicode escape code');
          return;
        }
        if (ch === 0) {
          this.fail('invalid escape code');
          return;
        }
        this.ptr++;
      }
      this.tmp[out.n++] = ch;
      this.ptr++;
    }
    this.ptr++;
    this.tok.type = T.STRING;
    this.tok.string = this.tmp.subarray(0, out.n);
  }

  /** json_is_invalid_number: text strict JSON forbids but strtod accepts. */
  invalidNumber(): boolean {
    let p = this.ptr;
    const c = this.at(p);
    if (c === 0x2b) return true;
    if (c === 0x2d) p++;
    const d = this.at(p);
    if (d === 0x30) {
      const ch2 = this.at(p + 1);
      return (ch2 | 0x20) === 0x78 || (ch2 >= 0x30 && ch2 <= 0x39);
    }
    if (d <= 0x39 || d >= 0x80) return false; // C compares a signed char
    return this.matchCase(p, 'inf') || this.matchCase(p, 'nan');
  }

  matchCase(p: number, word: string): boolean {
    for (let k = 0; k < word.length; k++) if ((this.at(p + k) | 0x20) !== word.charCodeAt(k)) return false;
    return true;
  }

  match(word: string): boolean {
    for (let k = 0; k < word.length; k++) if (this.at(this.ptr + k) !== word.charCodeAt(k)) return false;
    return true;
  }

  numberToken(): void {
    this.tok.type = T.NUMBER;
    const r = strtod(this.data, this.ptr);
    if (r.end === this.ptr) {
      this.fail('invalid number');
      return;
    }
    this.tok.number = r.value;
    this.ptr = r.end;
  }

  next(): void {
    let ch: number;
    let type: number;
    for (;;) {
      ch = this.at(this.ptr);
      type = CH2TOKEN[ch] as number;
      if (type !== T.WHITESPACE) break;
      this.ptr++;
    }
    const tok = this.tok;
    tok.type = type;
    tok.index = this.ptr;
    if (type === T.ERROR) {
      this.fail('invalid token');
      return;
    }
    if (type === T.END) return;
    if (type !== T.UNKNOWN) {
      this.ptr++;
      return;
    }
    if (ch === 0x22) {
      this.stringToken();
      return;
    }
    if (ch === 0x2d || (ch >= 0x30 && ch <= 0x39)) {
      if (!this.cfg.decodeInvalidNumbers && this.invalidNumber()) {
        this.fail('invalid number');
        return;
      }
      this.numberToken();
      return;
    }
    if (this.match('true')) {
      tok.type = T.BOOLEAN;
      tok.boolean = true;
      this.ptr += 4;
    } else if (this.match('false')) {
      tok.type = T.BOOLEAN;
      tok.boolean = false;
      this.ptr += 5;
    } else if (this.match('null')) {
      tok.type = T.NULL;
      this.ptr += 4;
    } else if (this.cfg.decodeInvalidNumbers && this.invalidNumber()) {
      this.numberToken();
    } else {
      this.fail('invalid token');
    }
  }
}
