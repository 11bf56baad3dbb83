/** Text dumps of trees and programs for lpeg.ptree and lpeg.pcode (debugging aids; format is ours). */
import { type Charset, hasChar } from './charset.js';
import type { Program } from './codegen.js';
import { INSTR, OP_NAMES, Op } from './ops.js';
import { Cap, type RuleTree, Tag, type Tree } from './tree.js';

const TAG_NAMES = Object.keys(Tag);
const CAP_NAMES = Object.keys(Cap);

function byteText(c: number): string {
  return c >= 33 && c <= 126 ? String.fromCharCode(c) : `\\${c}`;
}

function setText(cs: Charset | ((c: number) => boolean)): string {
  const has = typeof cs === 'function' ? cs : (c: number) => hasChar(cs, c);
  let out = '[';
  for (let c = 0; c < 256; c++) {
    if (!has(c)) continue;
    let last = c;
    while (last < 255 && has(last + 1)) last++;
    out += last === c ? byteText(c) : `${byteText(c)}-${byteText(last)}`;
    c = last;
  }
  return `${out}]`;
}

export function describeTree(tree: Tree): string {
  const lines: string[] = [];
  const walk = (t: Tree, depth: number): void => {
    const pad = '  '.repeat(depth);
    let line = `${pad}${TAG_NAMES[t.tag]}`;
    if (t.tag === Tag.Char) line += ` '${byteText(t.n)}'`;
    else if (t.tag === Tag.Set) line += ` ${setText(t.cs as Charset)}`;
    else if (t.tag === Tag.Str) line += ` '${Array.from(t.bytes as Uint8Array, byteText).join('')}'`;
    else if (t.tag === Tag.AnyN || t.tag === Tag.Behind) line += ` n: ${t.n}`;
    else if (t.tag === Tag.Capture) line += ` kind: '${CAP_NAMES[t.n]}'${t.vkey ? ' (value)' : ''}`;
    else if (t.tag === Tag.Call) line += ` rule: ${(t.c1 as RuleTree).index}`;
    lines.push(line);
    if (t.tag === Tag.Grammar) {
      for (const rule of t.rules as RuleTree[]) {
        lines.push(`${pad}  rule ${rule.index}`);
        walk(rule.body, depth + 2);
      }
    } else if (t.tag === Tag.Seq || t.tag === Tag.Choice) {
      for (const item of t.items()) walk(item, depth + 1);
    } else if (t.tag !== Tag.Call) {
      if (t.c1 !== null) walk(t.c1, depth + 1);
      if (t.c2 !== null) walk(t.c2, depth + 1);
    }
  };
  walk(tree, 0);
  return lines.join('\n');
}

export function describeCode(prog: Program): string {
  const { code, sets, strs } = prog;
  const lines: string[] = [];
  const table = (off: number): string => setText((c) => sets[off + c] !== 0);
  for (let pc = 0; pc < code.length; pc += INSTR) {
    const op = code[pc] as number;
    const a = code[pc + 1] as number;
    const b = code[pc + 2] as number;
    let text = `${String(pc / INSTR).padStart(4, '0')}: ${OP_NAMES[op]}`;
    switch (op) {
      case Op.Char:
        text += ` '${byteText(a)}'`;
        break;
      case Op.TestChar:
        text += ` '${byteText(a)}' -> ${b / INSTR}`;
        break;
      case Op.Str:
        text += ` '${Array.from(strs.subarray(a, a + b), byteText).join('')}'`;
        break;
      case Op.Set:
      case Op.Span:
        text += ` ${table(a)}`;
        break;
      case Op.TestSet:
        text += ` ${table(a)} -> ${b / INSTR}`;
        break;
      case Op.SpanTo:
        text += ` '${byteText(a)}'`;
        break;
      case Op.AnyN:
      case Op.Behind:
        text += ` ${a}`;
        break;
      case Op.TestAny:
      case Op.Choice:
      case Op.Jmp:
      case Op.Call:
      case Op.Commit:
      case Op.PartialCommit:
      case Op.BackCommit:
        text += ` -> ${b / INSTR}`;
        break;
      case Op.FullCapture:
        text += ` ${CAP_NAMES[a]} (size = ${b})`;
        break;
      case Op.OpenCapture:
        text += ` ${CAP_NAMES[a]}`;
        break;
    }
    lines.push(text);
  }
  return lines.join('\n');
}
