/**
 * Turns a parsed `re` pattern into an LPeg pattern. The work happens in the order re's own semantic
 * actions run (left to right, inner first), so that the first error reported is the same. All Lua
 * values the pattern needs go into one ktable at `kt`.
 */
import { choiceOf, differenceOf, MAXREPEAT, powerOf, seqOf } from '../algebra.js';
import { emptySet, rangeSet } from '../charset.js';
import { bytes, type LuaState, lauxlib, lua, toJsString, toLuaString } from '../fengari.js';
import { newGrammar } from '../grammar.js';
import { getPatt, mergeInto, pushPattern } from '../pattern.js';
import {
  ANY,
  Cap,
  captureNode,
  charNode,
  newKey,
  openCallNode,
  runtimeNode,
  setNode,
  stringNode,
  Tag,
  TRUE,
  type Tree,
  unary,
  type VKey,
} from '../tree.js';
import type { Ast, ClassItem, SuffixOp } from './ast.js';
import { equalCap, PREDEF } from './predef.js';

/** A Lua value taken from the definitions table, converted to a pattern only where LPeg would. */
class Raw {
  constructor(readonly n: number) {}
}
type Val = Tree | Raw;

const E_NAME = toLuaString("name '%s' undefined");
const E_UNDEFINED = toLuaString('undefined name: %s');
const E_OUTSIDE = toLuaString("rule '%s' used outside a grammar");
const E_TWICE = toLuaString("'%s' already defined as a rule");
const E_REPLACEMENT = toLuaString('invalid replacement value');
const SHRT_MAX = 32767;

export class Builder {
  private nraw = 0;
  constructor(
    private readonly L: LuaState,
    /** The ktable being built. */
    private readonly kt: number,
    /** A table holding the definition values in use. */
    private readonly raws: number,
    /** The definitions table (0: none). */
    private readonly defs: number,
  ) {}

  /** Keeps the Lua value on top of the stack (popped) and returns its key in the ktable. */
  private keep(): VKey {
    const key = newKey();
    lua.lua_rawsetp(this.L, this.kt, key);
    return key;
  }

  private keepBytes(s: Uint8Array): VKey {
    lua.lua_pushlstring(this.L, s, s.length);
    return this.keep();
  }

  /** The pattern for a value (a definition is converted like lpeg.P does). */
  private tree(v: Val): Tree {
    if (!(v instanceof Raw)) return v;
    const L = this.L;
    lua.lua_rawgeti(L, this.raws, v.n);
    const t = getPatt(L, -1);
    if (lua.lua_getuservalue(L, -1) === lua.LUA_TTABLE) mergeInto(L, lua.lua_gettop(L), this.kt);
    lua.lua_pop(L, 2);
    return t;
  }

  /** Pushes defs[name] when defs is given; returns whether the value is true (not nil or false). */
  private lookup(name: Uint8Array): boolean {
    if (this.defs === 0) return false;
    lua.lua_getfield(this.L, this.defs, name);
    if (lua.lua_toboolean(this.L, -1)) return true;
    lua.lua_pop(this.L, 1);
    return false;
  }

  private raw(): Raw {
    lua.lua_rawseti(this.L, this.raws, ++this.nraw);
    return new Raw(this.nraw);
  }

  /** A definition used after ->, => or ~> (re's getdef). */
  private getdef(name: Uint8Array): Raw {
    if (!this.lookup(name)) lauxlib.luaL_error(this.L, E_UNDEFINED, name);
    return this.raw();
  }

  /** %name: the definitions first, then the predefined classes. */
  private defined(name: Uint8Array): Val {
    if (this.lookup(name)) return this.raw();
    const t = PREDEF.get(toJsString(name));
    if (t === undefined) return lauxlib.luaL_error(this.L, E_NAME, name);
    return t;
  }

  exp(ast: Ast): Tree {
    return this.tree(this.val(ast));
  }

  private val(ast: Ast): Val {
    const L = this.L;
    switch (ast.k) {
      case 'lit':
        return stringNode(ast.s);
      case 'any':
        return ANY;
      case 'pos':
        return captureNode(Cap.Position, TRUE, null);
      case 'def':
        return this.defined(ast.name);
      case 'class':
        return this.charClass(ast.neg, ast.items);
      case 'alt': {
        let acc = this.exp(ast.items[0] as Ast);
        for (let j = 1; j < ast.items.length; j++) acc = choiceOf(acc, this.exp(ast.items[j] as Ast)).tree;
        return acc;
      }
      case 'seq': {
        let acc: Tree = TRUE;
        for (const item of ast.items) acc = seqOf(acc, this.tree(this.val(item))).tree;
        return acc;
      }
      case 'and':
        return unary(Tag.And, this.tree(this.val(ast.p)));
      case 'not':
        return unary(Tag.Not, this.tree(this.val(ast.p)));
      case 'suffix': {
        let v = this.val(ast.p);
        for (const op of ast.ops) v = this.suffix(v, op);
        return v;
      }
      case 'group': {
        const key = ast.name === null ? null : this.keepBytes(ast.name);
        return captureNode(Cap.Group, this.exp(ast.p), key);
      }
      case 'backref': {
        const back = captureNode(Cap.Backref, TRUE, this.keepBytes(ast.name));
        lua.lua_pushjsfunction(L, equalCap);
        return runtimeNode(back, this.keep());
      }
      case 'cap':
        return captureNode(Cap.Simple, this.exp(ast.p), null);
      case 'subst':
        return captureNode(Cap.Subst, this.exp(ast.p), null);
      case 'table':
        return captureNode(Cap.Table, this.exp(ast.p), null);
      case 'nt':
        if (!ast.inGrammar) lauxlib.luaL_error(L, E_OUTSIDE, ast.name);
        return openCallNode(this.keepBytes(ast.name));
      case 'grammar':
        return this.grammar(ast.rules);
    }
  }

  private charClass(neg: boolean, items: readonly ClassItem[]): Tree {
    let acc: Tree | null = null;
    for (const item of items) {
      let t: Tree;
      if (item.k === 'def') t = this.tree(this.defined(item.name));
      else if (item.k === 'char') t = charNode(item.c);
      else {
        const cs = emptySet();
        rangeSet(item.from, item.to, cs);
        t = setNode(cs);
      }
      acc = acc === null ? t : choiceOf(acc, t).tree;
    }
    const p = acc as Tree;
    return neg ? differenceOf(ANY, p) : p;
  }

  private suffix(v: Val, op: SuffixOp): Val {
    const L = this.L;
    switch (op.op) {
      case 'pow':
        return powerOf(L, this.tree(v), op.n);
      case 'mult': {
        // re's mult: binary exponentiation with `*` (the operand is converted only when used)
        if (op.n < 1) return TRUE;
        if (op.n > MAXREPEAT) lauxlib.luaL_error(L, toLuaString('not enough memory'));
        let p = this.tree(v);
        let acc: Tree = TRUE;
        for (let n = op.n; n >= 1; n = Math.floor(n / 2)) {
          if (n % 2 === 1) acc = seqOf(acc, p).tree;
          p = seqOf(p, p).tree;
        }
        return acc;
      }
      case 'str':
        return captureNode(Cap.String, this.tree(v), this.keepBytes(op.s));
      case 'num': {
        const t = this.tree(v);
        if (op.n > SHRT_MAX) lauxlib.luaL_argerror(L, 1, toLuaString('invalid number'));
        return captureNode(Cap.Num, t, null, op.n);
      }
      case 'table':
        return captureNode(Cap.Table, this.tree(v), null);
      case 'div':
        return this.divide(v, this.getdef(op.name));
      case 'cmt':
      case 'fold': {
        const f = this.getdef(op.name);
        lua.lua_rawgeti(L, this.raws, f.n);
        if (lua.lua_type(L, -1) !== lua.LUA_TFUNCTION) {
          const got = toJsString(lauxlib.luaL_typename(L, -1));
          lauxlib.luaL_argerror(L, 2, bytes(`function expected, got ${got}`));
        }
        const key = this.keep();
        const t = this.tree(v);
        return op.op === 'cmt' ? runtimeNode(t, key) : captureNode(Cap.Fold, t, key);
      }
    }
  }

  /** patt / value, where the value came from the definitions. */
  private divide(v: Val, f: Raw): Tree {
    const L = this.L;
    lua.lua_rawgeti(L, this.raws, f.n);
    const type = lua.lua_type(L, -1);
    if (type === lua.LUA_TNUMBER) {
      const n = Math.trunc(lua.lua_tonumberx(L, -1) as number);
      lua.lua_pop(L, 1);
      const t = this.tree(v);
      if (!(n >= 0 && n <= SHRT_MAX)) lauxlib.luaL_argerror(L, 1, toLuaString('invalid number'));
      return captureNode(Cap.Num, t, null, n);
    }
    const kind =
      type === lua.LUA_TFUNCTION
        ? Cap.Function
        : type === lua.LUA_TTABLE
          ? Cap.Query
          : type === lua.LUA_TSTRING
            ? Cap.String
            : -1;
    if (kind < 0) lauxlib.luaL_argerror(L, 2, E_REPLACEMENT);
    lua.lua_pop(L, 1);
    const t = this.tree(v);
    lua.lua_rawgeti(L, this.raws, f.n);
    return captureNode(kind, t, this.keep());
  }

  private grammar(rules: readonly { name: Uint8Array; p: Ast }[]): Tree {
    const L = this.L;
    const seen = new Set<string>();
    lua.lua_createtable(L, 1, rules.length);
    const g = lua.lua_gettop(L);
    rules.forEach((rule, j) => {
      const t = this.exp(rule.p);
      const name = toJsString(rule.name);
      if (seen.has(name)) lauxlib.luaL_error(L, E_TWICE, rule.name);
      seen.add(name);
      if (j === 0) {
        lua.lua_pushlstring(L, rule.name, rule.name.length);
        lua.lua_rawseti(L, g, 1);
      }
      lua.lua_pushlstring(L, rule.name, rule.name.length);
      pushPattern(L, t);
      if (j === 0) {
        lua.lua_pushvalue(L, this.kt);
        lua.lua_setuservalue(L, -2);
      }
      lua.lua_rawset(L, g);
    });
    const tree = newGrammar(L, g);
    if (lua.lua_getuservalue(L, -1) === lua.LUA_TTABLE) mergeInto(L, lua.lua_gettop(L), this.kt);
    lua.lua_pop(L, 3);
    return tree;
  }
}
