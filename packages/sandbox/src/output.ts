/**
 * The sandbox output buffer (lua_sandbox's `output`, Heka's add_to_payload / inject_payload): values
 * are appended as text, bounded by output_limit. As in lua_sandbox one byte of the limit is kept for a
 * terminating NUL, so at most output_limit - 1 bytes fit.
 */
import { type LuaState, lauxlib, lua } from './fengari.js';
import { outputNumber } from './numbers.js';

export class OutputLimitError extends Error {
  constructor() {
    super('output_limit exceeded');
  }
}

export class OutputBuffer {
  private data: Uint8Array;
  pos = 0;
  /** Largest size the buffer reached (MaxOutput). */
  maximum = 0;

  /** `limit` 0 means unlimited. */
  constructor(readonly limit: number) {
    this.data = new Uint8Array(limit > 0 ? Math.min(limit, 1024) : 1024);
  }

  /** Whether `n` more bytes fit. */
  fits(n: number): boolean {
    return this.limit === 0 || this.pos + n + 1 <= this.limit;
  }

  private room(n: number): void {
    if (!this.fits(n)) throw new OutputLimitError();
    const need = this.pos + n;
    if (need <= this.data.length) return;
    let size = this.data.length * 2;
    while (size < need) size *= 2;
    if (this.limit > 0 && size > this.limit) size = this.limit;
    const next = new Uint8Array(size);
    next.set(this.data.subarray(0, this.pos));
    this.data = next;
  }

  appendBytes(b: Uint8Array): void {
    this.room(b.length);
    this.data.set(b, this.pos);
    this.pos += b.length;
    if (this.pos > this.maximum) this.maximum = this.pos;
  }

  appendAscii(s: string): void {
    this.room(s.length);
    for (let i = 0; i < s.length; i++) this.data[this.pos++] = s.charCodeAt(i);
    if (this.pos > this.maximum) this.maximum = this.pos;
  }

  /** Appends the Lua values at stack indexes [from, to] (add_to_payload's rules). */
  appendValues(L: LuaState, from: number, to: number): void {
    for (let i = from; i <= to; i++) {
      switch (lua.lua_type(L, i)) {
        case lua.LUA_TNUMBER:
          this.appendAscii(outputNumber(lua.lua_tonumber(L, i)));
          break;
        case lua.LUA_TSTRING:
          this.appendBytes(lua.lua_tolstring(L, i) as Uint8Array);
          break;
        case lua.LUA_TNIL:
          this.appendAscii('nil');
          break;
        case lua.LUA_TBOOLEAN:
          this.appendAscii(lua.lua_toboolean(L, i) ? 'true' : 'false');
          break;
        case lua.LUA_TUSERDATA: {
          const out = userdataOutput(L, i);
          if (out === undefined) lauxlib.luaL_argerror(L, i, 'unknown userdata type');
          else this.appendBytes(out);
          break;
        }
        default:
          lauxlib.luaL_argerror(L, i, 'unsupported type');
      }
    }
  }

  /** The buffered bytes (a copy); the buffer is emptied. */
  take(): Uint8Array {
    const out = this.data.slice(0, this.pos);
    this.pos = 0;
    return out;
  }

  reset(): void {
    this.pos = 0;
  }
}

/**
 * Finds a userdata's `name` function: a field of its metatable, or of the table set as its user
 * value (modules use either to say how their objects are written out or preserved).
 */
export function userdataMethod(L: LuaState, idx: number, name: string): boolean {
  idx = lua.lua_absindex(L, idx);
  if (lauxlib.luaL_getmetafield(L, idx, name) !== lua.LUA_TNIL) {
    if (lua.lua_isfunction(L, -1)) return true;
    lua.lua_pop(L, 1);
  }
  if (lua.lua_getuservalue(L, idx) === lua.LUA_TTABLE) {
    lua.lua_getfield(L, -1, name);
    lua.lua_remove(L, -2);
    if (lua.lua_isfunction(L, -1)) return true;
    lua.lua_pop(L, 1);
    return false;
  }
  lua.lua_pop(L, 1);
  return false;
}

/**
 * The text a userdata writes into the output buffer (a circular buffer's cbuf form, ...): its
 * `lsb_output(ud)` function's string result. Undefined when it has none.
 */
export function userdataOutput(L: LuaState, idx: number): Uint8Array | undefined {
  idx = lua.lua_absindex(L, idx);
  if (!userdataMethod(L, idx, 'lsb_output')) return undefined;
  lua.lua_pushvalue(L, idx);
  lua.lua_call(L, 1, 1);
  const s = lua.lua_type(L, -1) === lua.LUA_TSTRING ? (lua.lua_tolstring(L, -1) as Uint8Array) : undefined;
  lua.lua_pop(L, 1);
  return s ?? new Uint8Array(0);
}
