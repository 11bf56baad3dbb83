/**
 * Library functions that can build big strings in one call, wrapped so memory_limit holds for them:
 * string.rep and table.concat are checked before they allocate, string.gsub with a string replacement
 * too (by its worst case, counting the matches when that would not fit), and format, upper, lower,
 * reverse and char are charged after.
 */
import { type LuaJsFunction, type LuaState, lauxlib, lua } from './fengari.js';
import type { MemoryGuard } from './memory.js';

/** Wraps the string library (table at the top) so memory_limit holds for functions that build big strings. */
export function wrapStringLibrary(L: LuaState, m: MemoryGuard): void {
  lua.lua_getfield(L, -1, 'gsub');
  const gsubOrig = lua.lua_tocfunction(L, -1) as LuaJsFunction;
  lua.lua_pop(L, 1);
  const wrap = (name: string, before: ((L: LuaState) => number) | undefined): void => {
    lua.lua_getfield(L, -1, name);
    const orig = lua.lua_tocfunction(L, -1);
    lua.lua_pop(L, 1);
    if (!orig) return;
    lua.lua_pushcfunction(L, (L2) => {
      if (before) m.charge(L2, before(L2));
      const n = orig(L2);
      if (!before && lua.lua_type(L2, -n) === lua.LUA_TSTRING) {
        m.charge(L2, 25 + (lua.lua_tolstring(L2, -n) as Uint8Array).length, false);
      }
      return n;
    });
    lua.lua_setfield(L, -2, name);
  };
  wrap('rep', (L2) => {
    const s = lauxlib.luaL_checklstring(L2, 1).length;
    const n = Math.trunc(lauxlib.luaL_checknumber(L2, 2));
    const sep = lua.lua_isnoneornil(L2, 3) ? 0 : lauxlib.luaL_checklstring(L2, 3).length;
    return n <= 0 ? 0 : 25 + s * n + sep * (n - 1);
  });
  wrap('gsub', (L2) => {
    // A string replacement can multiply the size. When the worst case would not fit, count the matches.
    if (lua.lua_type(L2, 3) !== lua.LUA_TSTRING) return 0;
    const s = lauxlib.luaL_checklstring(L2, 1).length;
    const r = (lua.lua_tolstring(L2, 3) as Uint8Array).length;
    const worst = 25 + s + r * (s + 1);
    if (m.limit === 0 || m.current + worst <= m.limit) return worst;
    const maxN = lua.lua_gettop(L2) >= 4;
    lua.lua_pushcfunction(L2, gsubOrig);
    lua.lua_pushvalue(L2, 1);
    lua.lua_pushvalue(L2, 2);
    lua.lua_pushliteral(L2, '%0');
    if (maxN) lua.lua_pushvalue(L2, 4);
    else lua.lua_pushnil(L2);
    lua.lua_call(L2, 4, 2);
    const matches = lua.lua_tonumber(L2, -1);
    lua.lua_pop(L2, 2);
    return 25 + s + r * matches;
  });
  for (const name of ['format', 'upper', 'lower', 'reverse', 'char']) wrap(name, undefined);
}

/** Wraps table.concat (table library at the top): its result size is checked before it is built. */
export function wrapTableLibrary(L: LuaState, m: MemoryGuard): void {
  lua.lua_getfield(L, -1, 'concat');
  const orig = lua.lua_tocfunction(L, -1);
  lua.lua_pop(L, 1);
  if (!orig) return;
  lua.lua_pushcfunction(L, (L2) => {
    if (lua.lua_type(L2, 1) === lua.LUA_TTABLE) {
      const sep = lua.lua_type(L2, 2) === lua.LUA_TSTRING ? (lua.lua_tolstring(L2, 2) as Uint8Array).length : 0;
      const first = lua.lua_isnoneornil(L2, 3) ? 1 : Math.trunc(lauxlib.luaL_checknumber(L2, 3));
      const last = lua.lua_isnoneornil(L2, 4) ? lua.lua_rawlen(L2, 1) : Math.trunc(lauxlib.luaL_checknumber(L2, 4));
      let size = 25;
      for (let i = first; i <= last; i++) {
        const t = lua.lua_rawgeti(L2, 1, i);
        size += (t === lua.LUA_TSTRING ? (lua.lua_tolstring(L2, -1) as Uint8Array).length : 24) + sep;
        lua.lua_pop(L2, 1);
      }
      m.charge(L2, size);
    }
    return orig(L2);
  });
  lua.lua_setfield(L, -2, 'concat');
}
