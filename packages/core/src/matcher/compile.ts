/**
 * Compiles a parsed matcher into one specialised JavaScript function, so that evaluation is
 * straight-line property reads and comparisons (no tree walk, no megamorphic calls).
 *
 * Semantics are Heka's evaluator (message/message_matcher.go), including its corners:
 * - a missing field or array element satisfies only `== NIL`;
 * - a type mismatch is false, even for `!=` (`Fields[int] != 'x'`);
 * - a BOOL field compared with anything but TRUE or NIL gives `value == false`, whatever the operator;
 * - TRUE/FALSE compared with a string or bytes field compares the text "TRUE"/"FALSE";
 * - strings compare in UTF-8 byte order; numbers (Timestamp, integers) compare as float64.
 */
import type { Re2 } from '@heka/re2';
import type { Message } from '../message/message.js';
import { utf8Bytes } from '../wire/utf8.js';
import type { Operator } from './lexer.js';
import type { Expr, Literal, Test } from './parser.js';
import { type MatcherRuntime, runtime } from './runtime.js';

type MatchFunction = (msg: Message) => boolean;

const HEADER_ACCESS: Readonly<Record<string, string>> = {
  Uuid: 'm.uuidString',
  Type: 'm._type',
  Logger: 'm._logger',
  Payload: 'm.payload',
  EnvVersion: 'm._envVersion',
  Hostname: 'm._hostname',
  Timestamp: 'm._timestampFloat()',
  Severity: 'm._severity',
  Pid: 'm._pid',
};

const JS_OP: Readonly<Record<Operator, string>> = {
  '==': '===',
  '!=': '!==',
  '>': '>',
  '>=': '>=',
  '<': '<',
  '<=': '<=',
  '=~': '',
  '!~': '',
};

/** Collects the values the generated code refers to (regexps, byte strings) as closure variables. */
class Constants {
  readonly values: unknown[] = [];
  add(v: unknown): string {
    this.values.push(v);
    return `k${this.values.length - 1}`;
  }
}

function numberLiteral(n: number): string {
  return Object.is(n, -0) ? '-0' : String(n);
}

/** Whether UTF-16 order may differ from UTF-8 order for comparisons against this literal. */
function needsUtf8Compare(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0xd800) return true;
  return false;
}

/** A string test of expression `x` (JS string) against a string-ish literal. */
function stringCode(x: string, op: Operator, lit: Literal, k: Constants): string {
  if (lit.kind === 'regex') return regexCode(x, op, lit.re, k);
  const text = lit.kind === 'string' ? lit.value : lit.kind === 'bool' ? (lit.value ? 'TRUE' : 'FALSE') : undefined;
  if (text === undefined) return 'false';
  const s = JSON.stringify(text);
  if (op === '==' || op === '!=') return `(${x} ${JS_OP[op]} ${s})`;
  if (needsUtf8Compare(text)) return `(R.compareUtf8(${x}, ${s}) ${JS_OP[op]} 0)`;
  return `(${x} ${JS_OP[op]} ${s})`;
}

function regexCode(x: string, op: Operator, re: Re2, k: Constants): string {
  const not = op === '!~' ? '!' : '';
  const lit = re.literal;
  if (lit) {
    const s = JSON.stringify(lit.text);
    if (lit.anchoredStart && lit.anchoredEnd) return `(${x} ${not ? '!==' : '==='} ${s})`;
    if (lit.anchoredStart) return `${not}${x}.startsWith(${s})`;
    if (lit.anchoredEnd) return `${not}${x}.endsWith(${s})`;
    return lit.text === '' ? (not ? 'false' : 'true') : `${not}${x}.includes(${s})`;
  }
  return `${not}${k.add(re.regexp)}.test(${x})`;
}

/** A bytes-field test: raw bytes compare byte-wise; regexps see them as (Go-decoded) text. */
function bytesCode(x: string, op: Operator, lit: Literal, k: Constants): string {
  if (lit.kind === 'regex') return regexCode(`R.bytesAsText(${x})`, op, lit.re, k);
  const text = lit.kind === 'string' ? lit.value : lit.kind === 'bool' ? (lit.value ? 'TRUE' : 'FALSE') : undefined;
  if (text === undefined) return 'false';
  const b = k.add(utf8Bytes(text));
  if (op === '==') return `R.bytesEqual(${x}, ${b})`;
  if (op === '!=') return `!R.bytesEqual(${x}, ${b})`;
  return `(R.compareBytes(${x}, ${b}) ${JS_OP[op]} 0)`;
}

function numberCode(x: string, op: Operator, lit: Literal): string {
  if (lit.kind !== 'number') return 'false';
  return `(${x} ${JS_OP[op]} ${numberLiteral(lit.value)})`;
}

function headerTest(t: Test & { subject: { kind: 'header' } }, k: Constants): string {
  const x = HEADER_ACCESS[t.subject.name] as string;
  return t.value.kind === 'number' ? numberCode(x, t.op, t.value) : stringCode(x, t.op, t.value, k);
}

/** A field test becomes a small function: find the field, the element, then dispatch on its type. */
function fieldTest(t: Test & { subject: { kind: 'field' } }, k: Constants, helpers: string[]): string {
  const { name, fieldIndex, arrayIndex } = t.subject;
  const { op, value } = t;
  const absent = value.kind === 'nil' && op === '==' ? 'true' : 'false';
  let body: string;
  if (value.kind === 'nil') {
    body = op === '==' ? 'return false;' : 'return true;';
  } else {
    // BOOL: anything but TRUE compares as "the value is false" (Heka's evaluator).
    const boolCase = value.kind === 'bool' && value.value ? 'return x === true;' : 'return x === false;';
    body = `switch (f.valueType) {
      case "string": return ${stringCode('x', op, value, k)};
      case "bytes": return ${bytesCode('x', op, value, k)};
      case "integer": return ${numberCode('(typeof x === "number" ? x : Number(x))', op, value)};
      case "double": return ${numberCode('x', op, value)};
      case "bool": ${boolCase}
    }
    return false;`;
  }
  const fn = `t${helpers.length}`;
  helpers.push(`function ${fn}(m) {
    const f = m._findField(${JSON.stringify(name)}, ${fieldIndex});
    if (f === undefined) return ${absent};
    const v = f.value;
    if (${arrayIndex} >= v.length) return ${absent};
    const x = v[${arrayIndex}];
    ${body}
  }`);
  return `${fn}(m)`;
}

function exprCode(e: Expr, k: Constants, helpers: string[]): string {
  switch (e.kind) {
    case 'const':
      return e.value ? 'true' : 'false';
    case 'and':
      return `(${exprCode(e.left, k, helpers)} && ${exprCode(e.right, k, helpers)})`;
    case 'or':
      return `(${exprCode(e.left, k, helpers)} || ${exprCode(e.right, k, helpers)})`;
    case 'test': {
      const t = e.test;
      return t.subject.kind === 'header'
        ? headerTest(t as Test & { subject: { kind: 'header' } }, k)
        : fieldTest(t as Test & { subject: { kind: 'field' } }, k, helpers);
    }
  }
}

/** JavaScript source of the match function (exposed for debugging and tests). */
export function generate(e: Expr): { source: string; constants: unknown[] } {
  const k = new Constants();
  const helpers: string[] = [];
  const body = exprCode(e, k, helpers);
  const decls = k.values.map((_, i) => `const k${i} = K[${i}];`).join('\n');
  const source = `"use strict";\n${decls}\n${helpers.join('\n')}\nreturn function match(m) { return ${body}; };`;
  return { source, constants: k.values };
}

export function compileExpr(e: Expr): MatchFunction {
  const { source, constants } = generate(e);
  const factory = new Function('R', 'K', source) as (r: MatcherRuntime, k: unknown[]) => MatchFunction;
  return factory(runtime, constants);
}
