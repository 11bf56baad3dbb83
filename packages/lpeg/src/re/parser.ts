/**
 * The syntax of `re` patterns, parsed into an AST with the same ordered choices (and backtracking) as
 * re's own grammar, so that syntax errors are detected at the same place:
 *
 *   pattern    <- S exp !.
 *   exp        <- S (grammar / seq ('/' S seq)*)
 *   seq        <- prefix* &(follow)           follow: '/' ')' '}' ':}' '~}' '|}' name arrow !.
 *   prefix     <- '&' S prefix / '!' S prefix / suffix
 *   suffix     <- primary S (([+*?] / '^' (num / [+-] digits) / '->' S (string / num / '{}' / name)
 *                 / '=>' S name / '~>' S name) S)*
 *   primary    <- '(' exp ')' / string / class / '%' name / '{:' (name ':')? exp ':}' / '=' name
 *                 / '{}' / '{~' exp '~}' / '{|' exp '|}' / '{' exp '}' / '.' / name !arrow / '<' name '>'
 *   grammar    <- (name arrow exp)+
 *   class      <- '[' '^'? item (!']' item)* ']'       item: '%' name / . '-' [^]] / .
 *   S          <- ([ \t\n\v\f\r] / '--' [^\n]*)*       arrow <- S '<-'     num <- [0-9]+ S
 */

import type { Ast, ClassItem, SuffixOp } from './ast.js';
import { PatternError, Scanner } from './scanner.js';

export type { Ast, ClassItem, SuffixOp };
export { PatternError };

const CAPTURE_BRACKETS = [
  ['{~', '~}', 'subst'],
  ['{|', '|}', 'table'],
  ['{', '}', 'cap'],
] as const;

export class Parser extends Scanner {
  parse(): Ast {
    this.skip();
    const e = this.exp(false);
    if (this.i < this.s.length) throw new PatternError(this.i);
    return e;
  }

  private exp(inGrammar: boolean): Ast {
    this.skip();
    const save = this.i;
    const g = this.grammar();
    if (g !== null) return g;
    this.i = save;
    const items = [this.seq(inGrammar)];
    while (this.eat('/')) {
      this.skip();
      items.push(this.seq(inGrammar));
    }
    return items.length === 1 ? (items[0] as Ast) : { k: 'alt', items };
  }

  private grammar(): Ast | null {
    const rules: { name: Uint8Array; p: Ast }[] = [];
    for (;;) {
      const save = this.i;
      const name = this.name();
      if (name === null || !this.arrowAt(this.i)) {
        this.i = save;
        break;
      }
      this.skip();
      this.i += 2;
      rules.push({ name, p: this.exp(true) });
    }
    return rules.length === 0 ? null : { k: 'grammar', rules };
  }

  private seq(inGrammar: boolean): Ast {
    const items: Ast[] = [];
    for (;;) {
      const save = this.i;
      const p = this.prefix(inGrammar);
      if (p === null) {
        this.i = save;
        break;
      }
      items.push(p);
    }
    if (!this.followAt()) throw new PatternError(this.i);
    return { k: 'seq', items };
  }

  private followAt(): boolean {
    if (this.i >= this.s.length) return true;
    const c = this.s[this.i];
    if (c === 47 || c === 41 || c === 125) return true; // / ) }
    if (this.at(':}') || this.at('~}') || this.at('|}')) return true;
    const save = this.i;
    const r = this.name() !== null && this.arrowAt(this.i);
    this.i = save;
    return r;
  }

  private prefix(inGrammar: boolean): Ast | null {
    const save = this.i;
    for (const [text, k] of [
      ['&', 'and'],
      ['!', 'not'],
    ] as const) {
      if (this.eat(text)) {
        this.skip();
        const p = this.prefix(inGrammar);
        if (p !== null) return { k, p };
        this.i = save;
      }
    }
    return this.suffix(inGrammar);
  }

  private suffix(inGrammar: boolean): Ast | null {
    const p = this.primary(inGrammar);
    if (p === null) return null;
    this.skip();
    const ops: SuffixOp[] = [];
    for (;;) {
      const save = this.i;
      const op = this.suffixOp();
      if (op === null) {
        this.i = save;
        break;
      }
      this.skip();
      ops.push(op);
    }
    return ops.length === 0 ? p : { k: 'suffix', p, ops };
  }

  private suffixOp(): SuffixOp | null {
    if (this.eat('+')) return { op: 'pow', n: 1 };
    if (this.eat('*')) return { op: 'pow', n: 0 };
    if (this.eat('?')) return { op: 'pow', n: -1 };
    if (this.eat('^')) {
      const n = this.digits();
      if (n !== null) {
        this.skip();
        return { op: 'mult', n };
      }
      const sign = this.s[this.i];
      if (sign === 43 || sign === 45) {
        this.i++;
        const m = this.digits();
        if (m !== null) return { op: 'pow', n: sign === 45 ? -m : m };
      }
      return null;
    }
    if (this.eat('->')) {
      this.skip();
      const str = this.string();
      if (str !== null) return { op: 'str', s: str };
      const n = this.digits();
      if (n !== null) {
        this.skip();
        return { op: 'num', n };
      }
      if (this.eat('{}')) return { op: 'table' };
      const name = this.name();
      return name === null ? null : { op: 'div', name };
    }
    for (const [text, op] of [
      ['=>', 'cmt'],
      ['~>', 'fold'],
    ] as const) {
      if (this.eat(text)) {
        this.skip();
        const name = this.name();
        return name === null ? null : { op, name };
      }
    }
    return null;
  }

  /** Tries `open exp close`; restores the position when it does not match. */
  private enclosed(open: string, close: string, inGrammar: boolean): Ast | null {
    const save = this.i;
    if (!this.eat(open)) return null;
    const e = this.exp(inGrammar);
    if (this.eat(close)) return e;
    this.i = save;
    return null;
  }

  private primary(g: boolean): Ast | null {
    const save = this.i;
    const e = this.enclosed('(', ')', g);
    if (e !== null) return e;
    const str = this.string();
    if (str !== null) return { k: 'lit', s: str };
    const cls = this.charClass();
    if (cls !== null) return cls;
    if (this.eat('%')) {
      const name = this.name();
      if (name !== null) return { k: 'def', name };
      this.i = save;
    }
    if (this.eat('{:')) {
      const start = this.i;
      let name = this.name();
      if (name === null || !this.eat(':')) {
        name = null;
        this.i = start;
      }
      const p = this.exp(g);
      if (this.eat(':}')) return { k: 'group', name, p };
      this.i = save;
    }
    if (this.eat('=')) {
      const name = this.name();
      if (name !== null) return { k: 'backref', name };
      this.i = save;
    }
    if (this.eat('{}')) return { k: 'pos' };
    for (const [open, close, k] of CAPTURE_BRACKETS) {
      const inner = this.enclosed(open, close, g);
      if (inner !== null) return { k, p: inner };
    }
    if (this.eat('.')) return { k: 'any' };
    const name = this.name();
    if (name !== null) {
      if (!this.arrowAt(this.i)) return { k: 'nt', name, inGrammar: g };
      this.i = save;
    }
    if (this.eat('<')) {
      const inner = this.name();
      if (inner !== null && this.eat('>')) return { k: 'nt', name: inner, inGrammar: g };
      this.i = save;
    }
    return null;
  }

  private charClass(): Ast | null {
    const save = this.i;
    if (!this.eat('[')) return null;
    const neg = this.eat('^');
    const items: ClassItem[] = [];
    const first = this.classItem();
    if (first !== null) {
      items.push(first);
      for (;;) {
        if (this.s[this.i] === 93) break; // ]
        const item = this.classItem();
        if (item === null) break;
        items.push(item);
      }
      if (this.eat(']')) return { k: 'class', neg, items };
    }
    this.i = save;
    return null;
  }

  private classItem(): ClassItem | null {
    const s = this.s;
    if (this.i >= s.length) return null;
    const save = this.i;
    if (this.eat('%')) {
      const name = this.name();
      if (name !== null) return { k: 'def', name };
      this.i = save;
    }
    if (this.i + 2 < s.length && s[this.i + 1] === 45 && s[this.i + 2] !== 93) {
      const from = s[this.i] as number;
      const to = s[this.i + 2] as number;
      this.i += 3;
      return { k: 'range', from, to };
    }
    return { k: 'char', c: s[this.i++] as number };
  }
}
