/**
 * Heka's matcher grammar: `||` below `&&`, both left-associative, parentheses, TRUE/FALSE, and tests
 * with the variable on the left and a literal on the right. A complete expression must end the input
 * (Heka accepted `TRUE FALSE` and evaluated only the last expression; we reject it).
 */
import type { Re2 } from '@heka/re2';
import { MatcherSyntaxError } from '../errors.js';
import { type HeaderVariable, type Operator, type Token, tokenize } from './lexer.js';

export type Subject =
  | { kind: 'header'; name: HeaderVariable }
  | { kind: 'field'; name: string; fieldIndex: number; arrayIndex: number };

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  /** TRUE or FALSE; its text also takes part in string comparisons, as in Heka. */
  | { kind: 'bool'; value: boolean }
  | { kind: 'nil' }
  | { kind: 'regex'; re: Re2 };

export interface Test {
  subject: Subject;
  op: Operator;
  value: Literal;
}

export type Expr =
  | { kind: 'const'; value: boolean }
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'test'; test: Test };

const STRING_HEADERS = new Set<HeaderVariable>(['Uuid', 'Type', 'Logger', 'Payload', 'EnvVersion', 'Hostname']);
const RELATIONAL = new Set<Operator>(['==', '!=', '>', '>=', '<', '<=']);

function describe(t: Token): string {
  switch (t.kind) {
    case 'end':
      return 'the end of the expression';
    case 'op':
      return `'${t.op}'`;
    case 'header':
      return `'${t.name}'`;
    case 'field':
      return `'Fields[${t.name}]'`;
    case 'string':
      return `string ${JSON.stringify(t.value)}`;
    case 'number':
      return `number ${t.text}`;
    case 'regex':
      return `regular expression /${t.re.pattern}/`;
    default:
      return `'${t.kind}'`;
  }
}

export function parseMatcher(src: string): Expr {
  if (typeof src !== 'string') throw new TypeError('a message matcher must be a string');
  const tokens = tokenize(src);
  let i = 0;
  const peek = (): Token => tokens[i] as Token;
  const err = (reason: string, t: Token = peek()): MatcherSyntaxError => new MatcherSyntaxError(reason, src, t.pos);

  const parseOr = (): Expr => {
    let left = parseAnd();
    while (peek().kind === '||') {
      i++;
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): Expr => {
    let left = parsePrimary();
    while (peek().kind === '&&') {
      i++;
      left = { kind: 'and', left, right: parsePrimary() };
    }
    return left;
  };
  const parsePrimary = (): Expr => {
    const t = peek();
    switch (t.kind) {
      case '(': {
        i++;
        if (peek().kind === ')') throw err('empty parentheses');
        const e = parseOr();
        if (peek().kind !== ')')
          throw err(`expected ')' to close the '(' at column ${t.pos + 1}, found ${describe(peek())}`);
        i++;
        return e;
      }
      case 'TRUE':
      case 'FALSE':
        i++;
        return { kind: 'const', value: t.kind === 'TRUE' };
      case 'header':
      case 'field':
        i++;
        return { kind: 'test', test: parseTest(t) };
      case 'end':
        throw err(src.trim() === '' ? 'empty expression' : 'expression ends too early');
      default:
        throw err(`expected a variable, TRUE, FALSE or '(', found ${describe(t)}`);
    }
  };
  const parseTest = (v: Token & { kind: 'header' | 'field' }): Test => {
    const opToken = peek();
    if (opToken.kind !== 'op') throw err(`expected an operator after ${describe(v)}, found ${describe(opToken)}`);
    i++;
    const op = opToken.op;
    const lit = peek();
    i++;
    const subject: Subject =
      v.kind === 'header'
        ? { kind: 'header', name: v.name }
        : { kind: 'field', name: v.name, fieldIndex: v.fieldIndex, arrayIndex: v.arrayIndex };
    const value = literalFor(subject, op, lit);
    if (!value) throw err(`${describe(lit)} cannot follow ${describe(v)} ${op}${hint(subject, op)}`, lit);
    return { subject, op, value };
  };

  const expr = parseOr();
  if (peek().kind !== 'end') {
    throw err(`unexpected ${describe(peek())} after a complete expression (join expressions with && or ||)`);
  }
  return expr;
}

/** The literal if the grammar allows it after `subject op`, else undefined. */
function literalFor(subject: Subject, op: Operator, t: Token): Literal | undefined {
  const regexOp = op === '=~' || op === '!~';
  if (regexOp)
    return t.kind === 'regex' && (subject.kind === 'field' || STRING_HEADERS.has(subject.name))
      ? { kind: 'regex', re: t.re }
      : undefined;
  if (subject.kind === 'header') {
    const stringVar = STRING_HEADERS.has(subject.name);
    if (stringVar && t.kind === 'string') return { kind: 'string', value: t.value };
    if (!stringVar && t.kind === 'number') return { kind: 'number', value: t.value };
    return undefined;
  }
  if (t.kind === 'string') return { kind: 'string', value: t.value };
  if (t.kind === 'number') return { kind: 'number', value: t.value };
  if ((t.kind === 'TRUE' || t.kind === 'FALSE') && op === '==') return { kind: 'bool', value: t.kind === 'TRUE' };
  if (t.kind === 'NIL' && (op === '==' || op === '!=')) return { kind: 'nil' };
  return undefined;
}

function hint(subject: Subject, op: Operator): string {
  if (subject.kind === 'header') {
    if (op === '=~' || op === '!~') {
      return STRING_HEADERS.has(subject.name)
        ? ' (expected /regex/)'
        : ` (${subject.name} is numeric: regular expressions apply to strings)`;
    }
    return STRING_HEADERS.has(subject.name) ? ' (expected a quoted string)' : ' (expected a number)';
  }
  if (op === '=~' || op === '!~') return ' (expected /regex/)';
  if (RELATIONAL.has(op) && op !== '==' && op !== '!=') return ' (expected a string or a number)';
  return op === '==' ? ' (expected a string, a number, TRUE, FALSE or NIL)' : ' (expected a string, a number or NIL)';
}
