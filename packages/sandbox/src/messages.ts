/** Error texts as lua_sandbox produced them: Lua 5.1 wording, a 255-byte buffer, native errors as Lua errors. */
import { type LuaState, lua } from './fengari.js';
import { text, utf8 } from './strings.js';

/** lua_sandbox's error buffer: messages are cut to 255 bytes. */
const ERROR_SIZE = 255;

/** Lua 5.3's "attempt to call a nil value (global 'f')" in Lua 5.1's words. */
export function lua51Message(msg: string): string {
  return msg.replace(
    /attempt to (.+?) a (\w+) value \((global|local|field|upvalue|constant|method) '([^']*)'\)/,
    "attempt to $1 $3 '$4' (a $2 value)",
  );
}

export function cut(msg: string): string {
  const b = utf8(msg);
  return b.length <= ERROR_SIZE ? msg : text(b.subarray(0, ERROR_SIZE));
}

/** A JavaScript error thrown inside the VM (a huge allocation, a bug in a module) becomes a Lua error. */
export function nativeError(L: LuaState): number {
  const e = lua.lua_touserdata(L, -1);
  if (e instanceof RangeError && /allocation|Invalid (typed )?array length|Invalid string length/i.test(e.message)) {
    lua.lua_pushliteral(L, 'not enough memory');
  } else {
    lua.lua_pushliteral(L, e instanceof Error ? e.message : String(e));
  }
  return 1;
}
