/**
 * Grammars: a Lua table of rules becomes one pattern. Open references (lpeg.V) are resolved to calls,
 * then the grammar is checked for left recursion and for loops whose body may match the empty string,
 * with LPeg's messages.
 */
import { nullable } from './analysis.js';
import { type LuaState, lauxlib, lua, toLuaString } from './fengari.js';
import { checkValueCount, mergeInto, pushPattern, testPattern, valueName } from './pattern.js';
import { callNode, grammarNode, newKey, RuleTree, Tag, type Tree, withChildren } from './tree.js';

/** LPeg's limit on the number of rules in a grammar and on the length of a chain of left calls. */
export const MAXRULES = 250;

const E_NO_INITIAL = toLuaString('grammar has no initial rule');
const E_INITIAL = toLuaString("initial rule '%s' is not a pattern");
const E_NOT_PATTERN = toLuaString("rule '%s' is not a pattern");
const E_UNDEFINED = toLuaString("rule '%s' undefined in given grammar");
const E_LEFT_REC = toLuaString("rule '%s' may be left recursive");
const E_LEFT_CALLS = toLuaString('too many left calls in grammar');
const E_EMPTY_LOOP = toLuaString("empty loop in rule '%s'");
const E_TOO_MANY = toLuaString('grammar has too many rules');

/**
 * Builds the grammar in the table at `arg` and pushes it as a new pattern (one value), returning its
 * tree. Raises LPeg's errors for bad grammars.
 */
export function newGrammar(L: LuaState, arg: number): Tree {
  const base = lua.lua_gettop(L);
  // The initial rule: t[1] names it when it is a string (or number), else t[1] is the rule itself.
  lua.lua_rawgeti(L, arg, 1);
  if (lua.lua_isstring(L, -1)) {
    lua.lua_pushvalue(L, -1);
    lua.lua_gettable(L, arg);
  } else {
    lua.lua_pushinteger(L, 1);
    lua.lua_insert(L, -2);
  }
  const firstKey = base + 1;
  const first = testPattern(L, base + 2);
  if (first === null) {
    if (lua.lua_type(L, base + 2) === lua.LUA_TNIL) lauxlib.luaL_error(L, E_NO_INITIAL);
    lauxlib.luaL_error(L, E_INITIAL, valueName(L, firstKey));
  }
  // Position table: rule key -> rule number + 1. The rule patterns stay on the stack (for their ktables).
  lua.lua_createtable(L, 0, 0);
  const postab = base + 3;
  lua.lua_pushvalue(L, firstKey);
  lua.lua_pushinteger(L, 1);
  lua.lua_rawset(L, postab);
  lua.lua_pushvalue(L, base + 2);
  const trees: Tree[] = [first.tree];
  const patternIdx: number[] = [base + 4];
  lua.lua_pushnil(L);
  while (lua.lua_next(L, arg)) {
    if (lua.lua_tonumberx(L, -2) === 1 || lua.lua_compare(L, -2, firstKey, lua.LUA_OPEQ)) {
      lua.lua_pop(L, 1);
      continue;
    }
    const rule = testPattern(L, -1);
    if (rule === null) lauxlib.luaL_error(L, E_NOT_PATTERN, valueName(L, -2));
    lauxlib.luaL_checkstack(L, 20, E_TOO_MANY);
    lua.lua_pushvalue(L, -2);
    lua.lua_pushinteger(L, trees.length + 1);
    lua.lua_rawset(L, postab);
    trees.push(rule.tree);
    lua.lua_insert(L, -2); // keep the pattern below the key
    patternIdx.push(lua.lua_gettop(L) - 1);
  }
  if (trees.length > MAXRULES) lauxlib.luaL_argerror(L, arg, E_TOO_MANY);
  // The grammar's ktable: every rule's values.
  lua.lua_createtable(L, 0, 0);
  const kt = lua.lua_gettop(L);
  let nvalues = 0;
  for (const idx of patternIdx) {
    if (lua.lua_getuservalue(L, idx) === lua.LUA_TTABLE) nvalues += mergeInto(L, kt + 1, kt);
    lua.lua_pop(L, 1);
  }
  checkValueCount(L, nvalues);
  const rules = trees.map((t, i) => new RuleTree(i, t));
  const fixer = new Fixer(L, kt, postab, rules);
  for (const rule of rules) rule.body = fixer.fix(rule.body);
  const initial = rules[0] as RuleTree;
  if (!initial.used) {
    initial.used = true;
    initial.nameKey = newKey();
    lua.lua_pushvalue(L, firstKey);
    lua.lua_rawsetp(L, kt, initial.nameKey);
  }
  verifyGrammar(L, kt, rules);
  const tree = grammarNode(rules);
  pushPattern(L, tree);
  lua.lua_pushvalue(L, kt);
  lua.lua_setuservalue(L, -2);
  lua.lua_replace(L, base + 1);
  lua.lua_settop(L, base + 1);
  return tree;
}

/** Replaces open calls by calls to the grammar's rules (copying only the paths that lead to them). */
class Fixer {
  private readonly memo = new Map<Tree, Tree>();
  constructor(
    private readonly L: LuaState,
    private readonly kt: number,
    private readonly postab: number,
    private readonly rules: RuleTree[],
  ) {}

  fix(t: Tree): Tree {
    if (!t.hasOpen) return t;
    const done = this.memo.get(t);
    if (done !== undefined) return done;
    let r: Tree;
    if (t.tag === Tag.OpenCall) r = this.resolve(t);
    else if (t.tag === Tag.Seq || t.tag === Tag.Choice) {
      // Flattened and rebuilt right-associative (also keeps long chains off the JS stack).
      const items = t.items().map((item) => this.fix(item));
      r = items[items.length - 1] as Tree;
      for (let j = items.length - 2; j >= 0; j--) r = withChildren(t, items[j] as Tree, r);
    } else r = withChildren(t, t.c1 === null ? null : this.fix(t.c1), t.c2 === null ? null : this.fix(t.c2));
    this.memo.set(t, r);
    return r;
  }

  private resolve(t: Tree): Tree {
    const L = this.L;
    const key = t.vkey as object;
    lua.lua_rawgetp(L, this.kt, key);
    lua.lua_pushvalue(L, -1);
    lua.lua_gettable(L, this.postab);
    const pos = lua.lua_tonumberx(L, -1);
    lua.lua_pop(L, 1);
    if (pos === false || pos === 0) lauxlib.luaL_error(L, E_UNDEFINED, valueName(L, -1));
    lua.lua_pop(L, 1);
    const rule = this.rules[(pos as number) - 1] as RuleTree;
    rule.used = true;
    rule.nameKey = t.vkey;
    return callNode(rule, t.vkey);
  }
}

function ruleError(L: LuaState, kt: number, fmt: Uint8Array, rule: RuleTree): never {
  lua.lua_rawgetp(L, kt, rule.nameKey as object);
  return lauxlib.luaL_error(L, fmt, valueName(L, -1));
}

function verifyGrammar(L: LuaState, kt: number, rules: RuleTree[]): void {
  const passed: RuleTree[] = [];
  for (const rule of rules) if (rule.used) verifyRule(L, kt, rule.body, passed, 0, false);
  for (const rule of rules) if (rule.used && checkLoops(rule.body)) ruleError(L, kt, E_EMPTY_LOOP, rule);
}

/**
 * Raises an error if some path from `t` can call a rule again without consuming input (left
 * recursion); otherwise returns whether `t` is nullable (or `nb`). `passed` holds the rules entered
 * on the current path (first `n` entries).
 */
function verifyRule(L: LuaState, kt: number, t: Tree, passed: RuleTree[], n: number, nb: boolean): boolean {
  for (;;) {
    switch (t.tag) {
      case Tag.Char:
      case Tag.Set:
      case Tag.Any:
      case Tag.AnyN:
      case Tag.Str:
      case Tag.False:
        return nb;
      case Tag.True:
      case Tag.Behind:
        return true;
      case Tag.Not:
      case Tag.And:
      case Tag.Rep:
        t = t.c1 as Tree;
        nb = true;
        break;
      case Tag.Capture:
      case Tag.RunTime:
        t = t.c1 as Tree;
        break;
      case Tag.Call: {
        const rule = t.c1 as RuleTree;
        if (n >= MAXRULES) return verifyError(L, kt, passed, n);
        passed[n++] = rule;
        t = rule.body;
        break;
      }
      case Tag.Seq: {
        const items = t.items();
        for (let j = 0; j < items.length - 1; j++)
          if (!verifyRule(L, kt, items[j] as Tree, passed, n, false)) return nb;
        t = items[items.length - 1] as Tree;
        break;
      }
      case Tag.Choice: {
        const items = t.items();
        for (let j = 0; j < items.length - 1; j++) nb = verifyRule(L, kt, items[j] as Tree, passed, n, nb);
        t = items[items.length - 1] as Tree;
        break;
      }
      case Tag.Grammar:
        return nullable(t);
      default:
        throw new Error(`lpeg: unexpected tree tag ${t.tag}`);
    }
  }
}

function verifyError(L: LuaState, kt: number, passed: RuleTree[], n: number): never {
  for (let i = n - 1; i >= 0; i--) {
    for (let j = i - 1; j >= 0; j--) {
      if (passed[i] === passed[j]) return ruleError(L, kt, E_LEFT_REC, passed[i] as RuleTree);
    }
  }
  return lauxlib.luaL_error(L, E_LEFT_CALLS);
}

/** Whether `t` has a repetition whose body may match the empty string (not looking into calls). */
function checkLoops(t: Tree): boolean {
  for (;;) {
    switch (t.tag) {
      case Tag.Rep:
        if (nullable(t.c1 as Tree)) return true;
        t = t.c1 as Tree;
        break;
      case Tag.Grammar:
      case Tag.Call:
        return false;
      case Tag.Seq:
      case Tag.Choice:
        return t.items().some(checkLoops);
      default:
        if (t.c1 === null) return false;
        t = t.c1;
    }
  }
}
