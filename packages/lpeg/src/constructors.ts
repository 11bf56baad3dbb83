/** The pattern constructors and operators of the lpeg module (Lua-callable functions). */
import { choiceOf, differenceOf, powerOf, type Result, seqOf } from './algebra.js';
import { fixedLength, hasCaptures } from './analysis.js';
import { addChar, emptySet, rangeSet } from './charset.js';
import { MAXBEHIND } from './codegen.js';
import { type LuaFn, type LuaState, lauxlib, lua, toLuaString } from './fengari.js';
import { checkInt, copyKtable, getPatt, joinKtables, keyFor, pushPattern, setKtable, toInt } from './pattern.js';
import {
  Cap,
  captureNode,
  newKey,
  openCallNode,
  runtimeNode,
  seqNode,
  setNode,
  Tag,
  TRUE,
  type Tree,
  unary,
} from './tree.js';

const SHRT_MAX = 32767;
const msg = toLuaString;

/** A new pattern with one child (the pattern at 1), sharing its ktable. */
function root1(L: LuaState, make: (t: Tree) => Tree): number {
  const t = getPatt(L, 1);
  pushPattern(L, make(t));
  copyKtable(L, 1);
  return 1;
}

/** A new pattern with two children (the patterns at 1 and 2). */
function root2(L: LuaState, t: Tree): number {
  pushPattern(L, t);
  joinKtables(L, 1, 2);
  return 1;
}

/** A capture of the pattern at 1 with the Lua value at `label` (0: none). */
function capture(L: LuaState, kind: number, label: number): number {
  const t = getPatt(L, 1);
  const key = label === 0 ? null : keyFor(L, label);
  pushPattern(L, captureNode(kind, t, key));
  setKtable(L, 1, label, key);
  return 1;
}

/** An empty capture (matching the empty string) with the Lua value at `label` (0: none). */
function emptyCapture(L: LuaState, kind: number, label: number, k = 0): number {
  const key = label === 0 ? null : keyFor(L, label);
  pushPattern(L, captureNode(kind, TRUE, key, k));
  setKtable(L, 0, label, key);
  return 1;
}

export const constructors: Record<string, LuaFn> = {
  P(L) {
    lauxlib.luaL_checkany(L, 1);
    getPatt(L, 1);
    lua.lua_settop(L, 1);
    return 1;
  },
  S(L) {
    const s = lauxlib.luaL_checklstring(L, 1);
    const cs = emptySet();
    for (const c of s) addChar(cs, c);
    pushPattern(L, setNode(cs));
    return 1;
  },
  R(L) {
    const top = lua.lua_gettop(L);
    const cs = emptySet();
    for (let arg = 1; arg <= top; arg++) {
      const r = lauxlib.luaL_checklstring(L, arg);
      if (r.length !== 2) lauxlib.luaL_argerror(L, arg, msg('range must have two characters'));
      rangeSet(r[0] as number, r[1] as number, cs);
    }
    pushPattern(L, setNode(cs));
    return 1;
  },
  V(L) {
    const key = newKey();
    pushPattern(L, openCallNode(key));
    // As in LPeg, the check looks at stack slot 1 after the new pattern was pushed: with no argument
    // that slot holds the pattern itself, which becomes the rule's name.
    if (lua.lua_isnoneornil(L, 1)) lauxlib.luaL_argerror(L, 1, msg('non-nil value expected'));
    setKtable(L, 0, 1, key);
    return 1;
  },
  B(L) {
    const t = getPatt(L, 1);
    const n = fixedLength(t);
    if (n < 0) lauxlib.luaL_argerror(L, 1, msg('pattern may not have fixed length'));
    if (hasCaptures(t)) lauxlib.luaL_argerror(L, 1, msg('pattern have captures'));
    if (n > MAXBEHIND) lauxlib.luaL_argerror(L, 1, msg('pattern too long to look behind'));
    return root1(L, (x) => unary(Tag.Behind, x, n));
  },
  C: (L) => capture(L, Cap.Simple, 0),
  Cs: (L) => capture(L, Cap.Subst, 0),
  Ct: (L) => capture(L, Cap.Table, 0),
  Cg: (L) => capture(L, Cap.Group, lua.lua_isnoneornil(L, 2) ? 0 : 2),
  Cf(L) {
    lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
    return capture(L, Cap.Fold, 2);
  },
  Cmt(L) {
    lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
    const t = getPatt(L, 1);
    const key = newKey();
    pushPattern(L, runtimeNode(t, key));
    setKtable(L, 1, 2, key);
    return 1;
  },
  Cp: (L) => emptyCapture(L, Cap.Position, 0),
  Carg(L) {
    const n = checkInt(L, 1) | 0; // LPeg reads an int
    if (!(n > 0 && n <= SHRT_MAX)) lauxlib.luaL_argerror(L, 1, msg('invalid argument index'));
    return emptyCapture(L, Cap.Arg, 0, n);
  },
  Cb(L) {
    lauxlib.luaL_checkany(L, 1);
    return emptyCapture(L, Cap.Backref, 1);
  },
  Cc(L) {
    const n = lua.lua_gettop(L);
    if (n === 0) {
      pushPattern(L, TRUE);
      return 1;
    }
    if (n === 1) return emptyCapture(L, Cap.Const, 1);
    const consts: Tree[] = [];
    for (let i = 1; i <= n; i++) consts.push(captureNode(Cap.Const, TRUE, keyFor(L, i)));
    let body = consts[n - 1] as Tree;
    for (let i = n - 2; i >= 0; i--) body = seqNode(consts[i] as Tree, body);
    pushPattern(L, captureNode(Cap.Group, body, null));
    lua.lua_createtable(L, 0, n);
    consts.forEach((c, i) => {
      if (c.vkey === null) return;
      lua.lua_pushvalue(L, i + 1);
      lua.lua_rawsetp(L, -2, c.vkey);
    });
    lua.lua_setuservalue(L, -2);
    return 1;
  },
};

/** Pushes the result of a binary operator on the patterns at 1 and 2. */
function binary(L: LuaState, r: Result): number {
  if (r.which !== 0) lua.lua_pushvalue(L, r.which);
  else root2(L, r.tree);
  return 1;
}

export const metamethods: Record<string, LuaFn> = {
  __mul(L) {
    const t1 = getPatt(L, 1);
    return binary(L, seqOf(t1, getPatt(L, 2)));
  },
  __add(L) {
    const t1 = getPatt(L, 1);
    return binary(L, choiceOf(t1, getPatt(L, 2)));
  },
  __sub(L) {
    const t1 = getPatt(L, 1);
    const t = differenceOf(t1, getPatt(L, 2));
    if (t.tag === Tag.Set) pushPattern(L, t);
    else root2(L, t);
    return 1;
  },
  __pow(L) {
    const n = checkInt(L, 2) | 0; // LPeg reads an int
    pushPattern(L, powerOf(L, getPatt(L, 1), n));
    copyKtable(L, 1);
    return 1;
  },
  __len: (L) => root1(L, (t) => unary(Tag.And, t)),
  __unm: (L) => root1(L, (t) => unary(Tag.Not, t)),
  __div(L) {
    switch (lua.lua_type(L, 2)) {
      case lua.LUA_TFUNCTION:
        return capture(L, Cap.Function, 2);
      case lua.LUA_TTABLE:
        return capture(L, Cap.Query, 2);
      case lua.LUA_TSTRING:
        return capture(L, Cap.String, 2);
      case lua.LUA_TNUMBER: {
        const n = toInt(L, 2);
        const t = getPatt(L, 1);
        if (!(n >= 0 && n <= SHRT_MAX)) lauxlib.luaL_argerror(L, 1, msg('invalid number'));
        pushPattern(L, captureNode(Cap.Num, t, null, n));
        copyKtable(L, 1);
        return 1;
      }
      default:
        return lauxlib.luaL_argerror(L, 2, msg('invalid replacement value'));
    }
  },
};
