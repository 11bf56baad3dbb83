/**
 * Tokens of Heka's message matcher language, lexed as Heka's hand-written lexer does
 * (message/message_matcher_parser.y), with these deliberate differences:
 * - a newline is whitespace (Heka treated it as the end of the expression and ignored the rest);
 * - a word that is not a variable is an error (Heka ended the expression there, ignoring the rest);
 * - a number Go cannot parse (`1-2`, `1e400`) is an error (Heka read it as 0);
 * - a number may be negative (`-1`, `-.5`).
 */
import { compileRe2, type Re2, Re2SyntaxError } from '@heka/re2';
import { MatcherSyntaxError } from '../errors.js';

export type HeaderVariable =
  | 'Uuid'
  | 'Type'
  | 'Logger'
  | 'Payload'
  | 'EnvVersion'
  | 'Hostname'
  | 'Timestamp'
  | 'Severity'
  | 'Pid';

export type Operator = '==' | '!=' | '>' | '>=' | '<' | '<=' | '=~' | '!~';

export type Token = { pos: number } & (
  | { kind: 'op'; op: Operator }
  | { kind: '&&' | '||' | '(' | ')' | 'end' | 'TRUE' | 'FALSE' | 'NIL' }
  | { kind: 'header'; name: HeaderVariable }
  | { kind: 'field'; name: string; fieldIndex: number; arrayIndex: number }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'regex'; re: Re2 }
);

const HEADERS = new Set<string>([
  'Uuid',
  'Type',
  'Logger',
  'Payload',
  'EnvVersion',
  'Hostname',
  'Timestamp',
  'Severity',
  'Pid',
]);
const INT64_MAX = 9223372036854775807n;

const isUpper = (c: string): boolean => c >= 'A' && c <= 'Z';
const isLetter = (c: string): boolean => isUpper(c) || (c >= 'a' && c <= 'z');
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isNumberChar = (c: string): boolean => isDigit(c) || c === '.' || c === 'e' || c === '+' || c === '-';

export function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const err = (reason: string, at: number): MatcherSyntaxError => new MatcherSyntaxError(reason, src, at);
  while (i < src.length) {
    const c = src[i] as string;
    const pos = i;
    if (c === ' ' || c === '\t' || c === '\n') {
      i++;
      continue;
    }
    if (isUpper(c)) {
      let j = i + 1;
      while (j < src.length && isLetter(src[j] as string)) j++;
      const word = src.slice(i, j);
      i = j;
      if (word === 'TRUE' || word === 'FALSE' || word === 'NIL') tokens.push({ kind: word, pos });
      else if (HEADERS.has(word)) tokens.push({ kind: 'header', name: word as HeaderVariable, pos });
      else if (word === 'Fields') {
        const f = lexFieldRef(src, i, err);
        tokens.push({ kind: 'field', ...f.ref, pos });
        i = f.end;
      } else throw err(`unknown variable '${word}'`, pos);
      continue;
    }
    if (isDigit(c) || c === '.' || (c === '-' && (isDigit(src[i + 1] ?? '') || src[i + 1] === '.'))) {
      let j = i + 1;
      while (j < src.length && isNumberChar(src[j] as string)) j++;
      const text = src.slice(i, j);
      const value = Number(text);
      if (!Number.isFinite(value)) throw err(`invalid number '${text}'`, pos);
      tokens.push({ kind: 'number', value, text, pos });
      i = j;
      continue;
    }
    switch (c) {
      case '"':
      case "'": {
        const s = lexQuoted(src, i, err);
        tokens.push({ kind: 'string', value: s.value, pos });
        i = s.end;
        continue;
      }
      case '/': {
        const r = lexRegex(src, i, err);
        tokens.push({ kind: 'regex', re: r.re, pos });
        i = r.end;
        continue;
      }
      case '(':
      case ')':
        tokens.push({ kind: c, pos });
        i++;
        continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '=~' || two === '!~' || two === '>=' || two === '<=') {
      tokens.push({ kind: 'op', op: two, pos });
      i += 2;
    } else if (c === '>' || c === '<') {
      tokens.push({ kind: 'op', op: c, pos });
      i++;
    } else if (two === '&&' || two === '||') {
      tokens.push({ kind: two, pos });
      i += 2;
    } else if (c === '=' || c === '!' || c === '&' || c === '|') {
      throw err(`invalid operator '${c}'${c === '=' ? " (use '==')" : ''}`, pos);
    } else {
      throw err(`unexpected character ${JSON.stringify(c)}`, pos);
    }
  }
  tokens.push({ kind: 'end', pos: src.length });
  return tokens;
}

/** `Fields[name]`, optionally `[fieldIndex]` and `[arrayIndex]`, starting right after the word `Fields`. */
function lexFieldRef(
  src: string,
  i: number,
  err: (reason: string, at: number) => MatcherSyntaxError,
): { ref: { name: string; fieldIndex: number; arrayIndex: number }; end: number } {
  if (src[i] !== '[') throw err("'Fields' must be followed by '[name]'", i);
  const close = src.indexOf(']', i + 1);
  if (close < 0) throw err("missing ']' after the field name", i);
  const name = src.slice(i + 1, close);
  if (name === '') throw err('empty field name', i);
  const indexes = [0, 0];
  let j = close + 1;
  for (let k = 0; k < 2 && src[j] === '['; k++) {
    let e = j + 1;
    while (e < src.length && isDigit(src[e] as string)) e++;
    if (src[e] !== ']') {
      throw err(
        e >= src.length ? "missing ']' after an index" : `index must be digits, found ${JSON.stringify(src[e])}`,
        e,
      );
    }
    if (e === j + 1) throw err('empty index', j);
    const digits = src.slice(j + 1, e);
    if (BigInt(digits) > INT64_MAX) throw err(`index ${digits} is too large`, j + 1);
    indexes[k] = Number(digits);
    j = e + 1;
  }
  return { ref: { name, fieldIndex: indexes[0] as number, arrayIndex: indexes[1] as number }, end: j };
}

/** A '...' or "..." string: a backslash before the same quote yields the quote; other backslashes stay. */
function lexQuoted(
  src: string,
  i: number,
  err: (reason: string, at: number) => MatcherSyntaxError,
): { value: string; end: number } {
  const quote = src[i];
  let value = '';
  let j = i + 1;
  for (;;) {
    if (j >= src.length) throw err('unterminated string', i);
    const c = src[j] as string;
    if (c === '\\') {
      if (j + 1 >= src.length) throw err('unterminated string', i);
      const next = src[j + 1] as string;
      value += next === quote ? next : c + next;
      j += 2;
      continue;
    }
    if (c === quote) return { value, end: j + 1 };
    value += c;
    j++;
  }
}

/** A /regex/ in RE2 syntax: `\/` is a slash; every other escape goes to the regex engine as written. */
function lexRegex(
  src: string,
  i: number,
  err: (reason: string, at: number) => MatcherSyntaxError,
): { re: Re2; end: number } {
  let body = '';
  let j = i + 1;
  for (;;) {
    if (j >= src.length) throw err("unterminated regular expression (missing closing '/')", i);
    const c = src[j] as string;
    if (c === '\\') {
      if (j + 1 >= src.length) throw err("unterminated regular expression (missing closing '/')", i);
      const next = src[j + 1] as string;
      body += next === '/' ? '/' : c + next;
      j += 2;
      continue;
    }
    if (c === '/') break;
    body += c;
    j++;
  }
  try {
    return { re: compileRe2(body), end: j + 1 };
  } catch (e) {
    if (e instanceof Re2SyntaxError) throw err(`invalid regular expression /${body}/: ${e.code}: \`${e.expr}\``, i);
    throw e;
  }
}
