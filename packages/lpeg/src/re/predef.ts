/** re's predefined classes (%nl, %a, %W, ...) and its back-reference check (=name). */
import { complement } from '../charset.js';
import { type LuaState, lua } from '../fengari.js';
import { localeSets } from '../locale.js';
import { charNode, setNode, type Tree } from '../tree.js';

/** Classes %name (the "C" locale, as lpeg.locale gives them). */
export const PREDEF = new Map<string, Tree>([['nl', charNode(10)]]);
for (const [name, cs] of localeSets) PREDEF.set(name, setNode(cs));
for (const [short, long] of Object.entries({
  a: 'alpha',
  c: 'cntrl',
  d: 'digit',
  g: 'graph',
  l: 'lower',
  p: 'punct',
  s: 'space',
  u: 'upper',
  w: 'alnum',
  x: 'xdigit',
})) {
  const set = PREDEF.get(long) as Tree;
  PREDEF.set(short, set);
  PREDEF.set(short.toUpperCase(), setNode(complement(set.cs as Uint32Array)));
}

/** re's equalcap: the match-time check of a back-reference =name. */
export function equalCap(L: LuaState): number {
  const s = lua.lua_tolstring(L, 1) as Uint8Array;
  const i = lua.lua_tointegerx(L, 2) as number;
  if (lua.lua_type(L, 3) !== lua.LUA_TSTRING) {
    lua.lua_pushnil(L);
    return 1;
  }
  const c = lua.lua_tolstring(L, 3) as Uint8Array;
  const from = i - 1;
  let equal = from + c.length <= s.length;
  for (let k = 0; equal && k < c.length; k++) equal = s[from + k] === c[k];
  if (equal) lua.lua_pushinteger(L, i + c.length);
  else lua.lua_pushnil(L);
  return 1;
}
