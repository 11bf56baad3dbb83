/**
 * The Lua 5.1 functions Heka scripts use, on a Lua 5.3 VM: tostring and tonumber with 5.1 number rules,
 * setfenv / getfenv / module (environments through a function's _ENV upvalue), newproxy, gcinfo and
 * collectgarbage on the sandbox's memory measure, table.getn/maxn/setn/foreach/foreachi, and the math
 * functions 5.3 dropped (pow, mod, log10, ldexp, frexp, atan2, cosh, sinh, tanh) with 5.1-style floor,
 * ceil and a seedable random.
 */
import { type LuaJsFunction, type LuaState, lauxlib, lua, tstringAt } from './fengari.js';
import { luaNumberToString } from './numbers.js';
import type { LuaSandbox } from './sandbox.js';
import { text } from './strings.js';

// base ------------------------------------------------------------------------------------------------

function tostring(L: LuaState): number {
  lauxlib.luaL_checkany(L, 1);
  if (lua.lua_type(L, 1) === lua.LUA_TNUMBER && lauxlib.luaL_getmetafield(L, 1, '__tostring') === lua.LUA_TNIL) {
    lua.lua_pushliteral(L, luaNumberToString(lua.lua_tonumber(L, 1)));
    return 1;
  }
  lauxlib.luaL_tolstring(L, 1);
  return 1;
}

const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';

/** The value of 1 to 15 ASCII digits (exact as a double), else undefined. */
function plainDigits(s: Uint8Array): number | undefined {
  const n = s.length;
  if (n === 0 || n > 15) return undefined;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const d = (s[i] as number) - 48;
    if (d < 0 || d > 9) return undefined;
    v = v * 10 + d;
  }
  return v;
}

function tonumber(L: LuaState): number {
  if (lua.lua_isnoneornil(L, 2)) {
    if (lua.lua_type(L, 1) === lua.LUA_TNUMBER) {
      lua.lua_settop(L, 1);
      return 1;
    }
    lauxlib.luaL_checkany(L, 1);
    // A numeric string converts as the VM coerces it (a float, as every number was in Lua 5.1); plain
    // digits (what grammars capture most) are read here directly.
    const t = lua.lua_type(L, 1);
    const n = t !== lua.LUA_TSTRING ? false : (plainDigits(tstringAt(L, 1).realstring) ?? lua.lua_tonumberx(L, 1));
    if (n === false) lua.lua_pushnil(L);
    else lua.lua_pushnumber(L, n);
    return 1;
  }
  const base = Math.trunc(lauxlib.luaL_checknumber(L, 2));
  const s = text(lauxlib.luaL_checkstring(L, 1)).trim().toLowerCase();
  if (base < 2 || base > 36) lauxlib.luaL_argerror(L, 2, 'base out of range');
  let i = 0;
  let neg = false;
  if (s[0] === '-') {
    neg = true;
    i++;
  }
  let v = 0;
  let any = false;
  for (; i < s.length; i++) {
    const d = DIGITS.indexOf(s[i] as string);
    if (d < 0 || d >= base) break;
    v = v * base + d;
    any = true;
  }
  if (!any || i !== s.length) lua.lua_pushnil(L);
  else lua.lua_pushnumber(L, neg ? -v : v);
  return 1;
}

/** Pushes the function setfenv/getfenv act on; returns 0 for "the thread" (level 0). */
function envTarget(L: LuaState): number {
  if (lua.lua_isfunction(L, 1)) {
    lua.lua_pushvalue(L, 1);
    return 1;
  }
  const level = lua.lua_isnoneornil(L, 1) ? 1 : Math.trunc(lauxlib.luaL_checknumber(L, 1));
  if (level < 0) lauxlib.luaL_argerror(L, 1, 'level must be non-negative');
  if (level === 0) return 0;
  const ar = new lua.lua_Debug();
  if (!lua.lua_getstack(L, level, ar)) lauxlib.luaL_argerror(L, 1, 'invalid level');
  lua.lua_getinfo(L, 'f', ar);
  if (lua.lua_isnoneornil(L, -1)) {
    lauxlib.luaL_error(L, '%s', `no function environment for tail call at level ${level}`);
  }
  return 1;
}

/** Index of the function's _ENV upvalue (0 when it has none), function on top of the stack. */
function envUpvalue(L: LuaState): number {
  for (let n = 1; ; n++) {
    const upname = lua.lua_getupvalue(L, -1, n);
    if (upname === null) return 0;
    lua.lua_pop(L, 1);
    if (text(upname) === '_ENV') return n;
  }
}

const ENV_MAKER = 'heka.envmaker';
const MAKER_SOURCE = new TextEncoder().encode('local e return function() return e end');

/**
 * Gives the function on top of the stack its own environment `env` (a stack index). In Lua 5.3 a
 * function's globals are its _ENV upvalue, shared with the closures made alongside it; 5.1's setfenv
 * changed one function only. So the function gets a fresh upvalue holding `env`: functions it creates
 * afterwards see `env`, others keep theirs, as in 5.1.
 */
function setFunctionEnv(L: LuaState, env: number): void {
  env = lua.lua_absindex(L, env);
  const f = lua.lua_gettop(L);
  const n = envUpvalue(L);
  if (n === 0) return;
  if (lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, ENV_MAKER) !== lua.LUA_TFUNCTION) {
    lua.lua_pop(L, 1);
    lauxlib.luaL_loadbufferx(L, MAKER_SOURCE, MAKER_SOURCE.length, '=setfenv', 't');
    lua.lua_pushvalue(L, -1);
    lua.lua_setfield(L, lua.LUA_REGISTRYINDEX, ENV_MAKER);
  }
  lua.lua_call(L, 0, 1);
  lua.lua_pushvalue(L, env);
  lua.lua_setupvalue(L, -2, 1);
  lua.lua_upvaluejoin(L, f, n, lua.lua_gettop(L), 1);
  lua.lua_settop(L, f);
}

function getfenv(L: LuaState): number {
  if (envTarget(L) === 0 || !lua.lua_isfunction(L, -1)) {
    lua.lua_pushglobaltable(L);
    return 1;
  }
  const n = envUpvalue(L);
  if (n === 0) lua.lua_pushglobaltable(L);
  else lua.lua_getupvalue(L, -1, n);
  return 1;
}

function setfenv(L: LuaState): number {
  lauxlib.luaL_checktype(L, 2, lua.LUA_TTABLE);
  if (envTarget(L) === 0) {
    return lauxlib.luaL_error(L, "'setfenv' cannot change the environment of the thread in this sandbox");
  }
  if (lua.lua_tocfunction(L, -1) !== null) {
    return lauxlib.luaL_error(L, "'setfenv' cannot change environment of given object");
  }
  setFunctionEnv(L, 2);
  return 1;
}

/** Lua 5.1's module(name, ...): a module table that becomes the caller's environment. */
function module(L: LuaState): number {
  const name = text(lauxlib.luaL_checkstring(L, 1));
  const nargs = lua.lua_gettop(L);
  lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, '_LOADED');
  const loaded = lua.lua_gettop(L);
  lua.lua_getfield(L, loaded, name);
  if (!lua.lua_istable(L, -1)) {
    lua.lua_pop(L, 1);
    lua.lua_pushglobaltable(L);
    for (const part of name.split('.')) {
      lua.lua_getfield(L, -1, part);
      if (lua.lua_isnoneornil(L, -1)) {
        lua.lua_pop(L, 1);
        lua.lua_newtable(L);
        lua.lua_pushvalue(L, -1);
        lua.lua_setfield(L, -3, part);
      } else if (!lua.lua_istable(L, -1)) {
        lauxlib.luaL_error(L, '%s', `name conflict for module '${name}'`);
      }
      lua.lua_remove(L, -2);
    }
    lua.lua_pushvalue(L, -1);
    lua.lua_setfield(L, loaded, name);
  }
  const mod = lua.lua_gettop(L);
  lua.lua_getfield(L, mod, '_NAME');
  if (lua.lua_isnoneornil(L, -1)) {
    lua.lua_pushvalue(L, mod);
    lua.lua_setfield(L, mod, '_M');
    lua.lua_pushstring(L, name);
    lua.lua_setfield(L, mod, '_NAME');
    const dot = name.lastIndexOf('.');
    lua.lua_pushstring(L, dot < 0 ? '' : name.slice(0, dot + 1));
    lua.lua_setfield(L, mod, '_PACKAGE');
  }
  lua.lua_pop(L, 1);
  // The caller's environment becomes the module.
  const ar = new lua.lua_Debug();
  if (lua.lua_getstack(L, 1, ar)) {
    lua.lua_getinfo(L, 'f', ar);
    if (lua.lua_isfunction(L, -1) && lua.lua_tocfunction(L, -1) === null) setFunctionEnv(L, mod);
    lua.lua_pop(L, 1);
  }
  for (let i = 2; i <= nargs; i++) {
    lua.lua_pushvalue(L, i);
    lua.lua_pushvalue(L, mod);
    lua.lua_call(L, 1, 0);
  }
  return 0;
}

export function newproxy(L: LuaState): number {
  lua.lua_settop(L, 1);
  lua.lua_newuserdata(L, 0);
  if (lua.lua_toboolean(L, 1) === false) return 1;
  if (lua.lua_type(L, 1) === lua.LUA_TBOOLEAN) {
    lua.lua_newtable(L);
  } else {
    if (!lua.lua_getmetatable(L, 1)) lauxlib.luaL_argerror(L, 1, 'boolean or proxy expected');
  }
  lua.lua_setmetatable(L, 2);
  return 1;
}

export function baseCompat(sb: LuaSandbox): Record<string, LuaJsFunction> {
  return {
    tostring,
    tonumber,
    getfenv,
    setfenv,
    module,
    gcinfo: (L) => {
      lua.lua_pushnumber(L, Math.floor(sb.memory.estimate / 1024));
      return 1;
    },
    require: (L) => sb.require(L),
  };
}

export function collectgarbage(sb: LuaSandbox): LuaJsFunction {
  const options = ['stop', 'restart', 'collect', 'count', 'step', 'setpause', 'setstepmul'];
  return (L) => {
    const opt = text(lauxlib.luaL_optstring(L, 1, 'collect') as Uint8Array);
    if (!options.includes(opt)) lauxlib.luaL_argerror(L, 1, `invalid option '${opt}'`);
    if (opt === 'count') {
      lua.lua_pushnumber(L, sb.memory.estimate / 1024);
      return 1;
    }
    if (opt === 'collect' || opt === 'step') sb.memory.measure(L);
    lua.lua_pushnumber(L, 0);
    return 1;
  };
}

// table -----------------------------------------------------------------------------------------------

export const tableCompat: Record<string, LuaJsFunction> = {
  getn: (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lua.lua_pushnumber(L, lauxlib.luaL_len(L, 1));
    return 1;
  },
  setn: (L) => lauxlib.luaL_error(L, "'setn' is obsolete"),
  maxn: (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    let max = 0;
    lua.lua_pushnil(L);
    while (lua.lua_next(L, 1)) {
      lua.lua_pop(L, 1);
      if (lua.lua_type(L, -1) === lua.LUA_TNUMBER) {
        const v = lua.lua_tonumber(L, -1);
        if (v > max) max = v;
      }
    }
    lua.lua_pushnumber(L, max);
    return 1;
  },
  foreach: (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
    lua.lua_pushnil(L);
    while (lua.lua_next(L, 1)) {
      lua.lua_pushvalue(L, 2);
      lua.lua_pushvalue(L, -3);
      lua.lua_pushvalue(L, -3);
      lua.lua_call(L, 2, 1);
      if (!lua.lua_isnoneornil(L, -1)) return 1;
      lua.lua_pop(L, 2);
    }
    return 0;
  },
  foreachi: (L) => {
    lauxlib.luaL_checktype(L, 1, lua.LUA_TTABLE);
    lauxlib.luaL_checktype(L, 2, lua.LUA_TFUNCTION);
    const n = lauxlib.luaL_len(L, 1);
    for (let i = 1; i <= n; i++) {
      lua.lua_pushvalue(L, 2);
      lua.lua_pushnumber(L, i);
      lua.lua_rawgeti(L, 1, i);
      lua.lua_call(L, 2, 1);
      if (!lua.lua_isnoneornil(L, -1)) return 1;
      lua.lua_pop(L, 1);
    }
    return 0;
  },
};

// math ------------------------------------------------------------------------------------------------

function num(L: LuaState, i: number): number {
  return lauxlib.luaL_checknumber(L, i);
}

function one(f: (x: number) => number): LuaJsFunction {
  return (L) => {
    lua.lua_pushnumber(L, f(num(L, 1)));
    return 1;
  };
}

export function mathCompat(): Record<string, LuaJsFunction> {
  // A seedable generator, so math.randomseed(n) repeats its sequence as in C Lua.
  let state = (Math.random() * 0x100000000) >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    floor: one(Math.floor),
    ceil: one(Math.ceil),
    cosh: one(Math.cosh),
    sinh: one(Math.sinh),
    tanh: one(Math.tanh),
    log10: one(Math.log10),
    pow: (L) => {
      lua.lua_pushnumber(L, num(L, 1) ** num(L, 2));
      return 1;
    },
    atan2: (L) => {
      lua.lua_pushnumber(L, Math.atan2(num(L, 1), num(L, 2)));
      return 1;
    },
    mod: (L) => {
      lua.lua_pushnumber(L, num(L, 1) % num(L, 2));
      return 1;
    },
    ldexp: (L) => {
      lua.lua_pushnumber(L, num(L, 1) * 2 ** Math.trunc(num(L, 2)));
      return 1;
    },
    frexp: (L) => {
      const x = num(L, 1);
      if (x === 0 || !Number.isFinite(x)) {
        lua.lua_pushnumber(L, x);
        lua.lua_pushnumber(L, 0);
        return 2;
      }
      let e = Math.max(-1073, Math.floor(Math.log2(Math.abs(x))) + 1);
      let m = x * 2 ** -e;
      while (Math.abs(m) < 0.5) {
        m *= 2;
        e--;
      }
      while (Math.abs(m) >= 1) {
        m /= 2;
        e++;
      }
      lua.lua_pushnumber(L, m);
      lua.lua_pushnumber(L, e);
      return 2;
    },
    random: (L) => {
      const r = next();
      const n = lua.lua_gettop(L);
      if (n === 0) {
        lua.lua_pushnumber(L, r);
        return 1;
      }
      let lo = 1;
      let hi: number;
      if (n === 1) hi = Math.trunc(num(L, 1));
      else if (n === 2) {
        lo = Math.trunc(num(L, 1));
        hi = Math.trunc(num(L, 2));
      } else return lauxlib.luaL_error(L, 'wrong number of arguments');
      if (lo > hi) lauxlib.luaL_argerror(L, n, 'interval is empty');
      lua.lua_pushnumber(L, Math.floor(r * (hi - lo + 1)) + lo);
      return 1;
    },
    randomseed: (L) => {
      state = Math.trunc(num(L, 1)) >>> 0;
      return 0;
    },
  };
}
