/** The AST of a parsed `re` pattern. */

export type ClassItem =
  | { readonly k: 'def'; readonly name: Uint8Array }
  | { readonly k: 'range'; readonly from: number; readonly to: number }
  | { readonly k: 'char'; readonly c: number };

export type SuffixOp =
  | { readonly op: 'pow'; readonly n: number } // * + ? ^+n ^-n
  | { readonly op: 'mult'; readonly n: number } // ^n
  | { readonly op: 'str'; readonly s: Uint8Array } // -> 'string'
  | { readonly op: 'num'; readonly n: number } // -> n
  | { readonly op: 'table' } // -> {}
  | { readonly op: 'div' | 'cmt' | 'fold'; readonly name: Uint8Array }; // -> name, => name, ~> name

export type Ast =
  | { readonly k: 'lit'; readonly s: Uint8Array }
  | { readonly k: 'any' | 'pos' }
  | { readonly k: 'class'; readonly neg: boolean; readonly items: readonly ClassItem[] }
  | { readonly k: 'def' | 'backref'; readonly name: Uint8Array }
  | { readonly k: 'nt'; readonly name: Uint8Array; readonly inGrammar: boolean }
  | { readonly k: 'seq' | 'alt'; readonly items: readonly Ast[] }
  | { readonly k: 'and' | 'not' | 'cap' | 'subst' | 'table'; readonly p: Ast }
  | { readonly k: 'suffix'; readonly p: Ast; readonly ops: readonly SuffixOp[] }
  | { readonly k: 'group'; readonly name: Uint8Array | null; readonly p: Ast }
  | { readonly k: 'grammar'; readonly rules: readonly { readonly name: Uint8Array; readonly p: Ast }[] };
