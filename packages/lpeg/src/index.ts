/**
 * @heka/lpeg: LPeg 1.0 and its `re` module for the fengari Lua VM, written in TypeScript.
 *
 * `luaModules` maps module names to "luaopen" functions: each pushes the module value on the given
 * fengari lua_State and returns 1 (the shape @heka/sandbox's `require` expects).
 */
import { type LuaState, TONUMBER_MARK } from './fengari.js';
import { luaopenLpeg, VERSION } from './lpeg.js';
import { luaopenRe } from './re/index.js';

export type LuaOpener = (L: unknown /* fengari lua_State */) => number;

export const luaModules: Readonly<Record<string, LuaOpener>> = Object.freeze({
  lpeg: (L: unknown) => luaopenLpeg(L as LuaState),
  re: (L: unknown) => luaopenRe(L as LuaState),
});

/**
 * `Symbol.for('@heka/lpeg.tonumber')`: a JS function (pushed with lua_pushjsfunction) with this property
 * set to true declares that, called with one argument, it returns what Lua's built-in `tonumber` returns;
 * `patt / f` then converts the captured text without calling it, as for the built-in.
 */
export { TONUMBER_MARK, VERSION as LPEG_VERSION };
