/**
 * fengari plus the small helpers every module shares: Lua 5.1 argument conversions (5.1 truncated
 * floats where 5.3 raises "number has no integer representation"), errors without a position (as a
 * C module's lua_error of a plain string), the sandbox's registry configuration, and class set-up.
 */
import fengari, { type LuaJsFunction, type LuaState, type LuaString } from './fengari.js';

export const { lua, lauxlib, lualib, to_luastring } = fengari;
export type { LuaJsFunction, LuaState, LuaString };

/** The registry key of the table the sandbox fills with its limits (as lua_sandbox's `lsb_config`). */
export const CONFIG_KEY = 'lsb_config';
const CONFIG_KEY_BYTES = to_luastring(CONFIG_KEY);

/** Largest single allocation a module makes when the sandbox sets no memory_limit (1 GiB). */
const MAX_ALLOCATION = 1024 * 1024 * 1024;
const INT64_LIMIT = 2 ** 63;

/** C's `(int)(lua_Integer)d` on x86-64: truncation, low 32 bits; out-of-range and NaN give 0. */
export function toCInt(d: number): number {
  if (!(Math.abs(d) < INT64_LIMIT)) return 0;
  return Math.trunc(d) | 0;
}

/** Lua 5.1's luaL_checkint: a number (or numeric string) truncated to a C int. */
export function checkInt(L: LuaState, arg: number): number {
  return toCInt(lauxlib.luaL_checknumber(L, arg));
}

/** Lua 5.1's luaL_optinteger: nil/none → `def`, otherwise the number truncated toward zero. */
export function optInteger(L: LuaState, arg: number, def: number): number {
  if (lua.lua_type(L, arg) <= lua.LUA_TNIL) return def;
  const d = lauxlib.luaL_checknumber(L, arg);
  return Number.isNaN(d) ? -INT64_LIMIT : Math.trunc(d);
}

/** luaL_checkoption over JS names; the option is compared as the C string it was (up to a NUL). */
export function checkOption(L: LuaState, arg: number, def: string | null, names: readonly string[]): number {
  let s: LuaString;
  if (def !== null && lua.lua_type(L, arg) <= lua.LUA_TNIL) s = to_luastring(def);
  else s = lauxlib.luaL_checklstring(L, arg);
  const text = latin1(s, 0, cStringEnd(s));
  const i = names.indexOf(text);
  if (i >= 0) return i;
  return lauxlib.luaL_argerror(L, arg, concatBytes(to_luastring("invalid option '"), s, to_luastring("'")));
}

/** luaL_argcheck. */
export function argCheck(L: LuaState, cond: boolean, arg: number, msg: string): void {
  if (!cond) lauxlib.luaL_argerror(L, arg, msg);
}

/** luaL_error with the caller's position ("chunk:line: message"). */
export function luaError(L: LuaState, msg: string): never {
  return lauxlib.luaL_error(L, '%s', msg);
}

/** lua_pushstring + lua_error: an error message without a position. */
export function raise(L: LuaState, msg: string): never {
  lua.lua_pushstring(L, msg);
  return lua.lua_error(L);
}

/** A number from the registry's `lsb_config` table, or 0 when absent. */
export function configNumber(L: LuaState, field: string): number {
  let n = 0;
  if (lua.lua_getfield(L, lua.LUA_REGISTRYINDEX, CONFIG_KEY_BYTES) === lua.LUA_TTABLE) {
    lua.lua_getfield(L, -1, field);
    const v = lua.lua_tonumberx(L, -1);
    if (v !== false && v > 0) n = Math.trunc(v);
    lua.lua_pop(L, 1);
  }
  lua.lua_pop(L, 1);
  return n;
}

/**
 * Refuses an allocation the C module's lua_newuserdata could not have made: larger than the sandbox's
 * memory_limit (registry `lsb_config.memory_limit`) or than 1 GiB. The error is Lua's allocation
 * failure text, "not enough memory", without a position.
 */
export function checkAllocation(L: LuaState, bytes: number): void {
  const limit = configNumber(L, 'memory_limit');
  if (!(bytes <= MAX_ALLOCATION) || (limit > 0 && bytes > limit)) raise(L, 'not enough memory');
}

/** Creates a userdata of `size` bytes (its size as the C module allocated it) with the class's metatable. */
export function newUserdata<T>(L: LuaState, size: number, className: string, value: T): T {
  const box = lua.lua_newuserdata(L, size);
  box.v = value;
  box.c = className;
  lauxlib.luaL_getmetatable(L, className);
  lua.lua_setmetatable(L, -2);
  return value;
}

/**
 * The value of the userdata at `idx` when it is of class `className`. Only this package creates these
 * userdata (with their class tag in the block) and Lua cannot change a userdata's metatable, so the tag
 * answers what luaL_testudata's metatable comparison would, without its registry lookup per call.
 */
function classed(L: LuaState, idx: number, className: string): Record<string, unknown> | null {
  if (lua.lua_type(L, idx) !== lua.LUA_TUSERDATA) return null;
  const box = lua.lua_touserdata(L, idx) as Record<string, unknown> | null;
  return box !== null && box.c === className ? box : null;
}

/** luaL_checkudata on argument 1 plus the C modules' "incorrect number of arguments" check. */
export function checkSelf<T>(L: LuaState, className: string, args: number, exact: boolean): T {
  const box = classed(L, 1, className) ?? lauxlib.luaL_checkudata(L, 1, className);
  const n = lua.lua_gettop(L);
  argCheck(L, exact ? n === args : args <= n, 0, 'incorrect number of arguments');
  return box.v as T;
}

/** The value of a module userdata (or undefined when the index holds something else). */
export function userdataValue<T>(L: LuaState, idx: number, className: string): T | undefined {
  const box = classed(L, idx, className);
  return box === null ? undefined : (box.v as T);
}

export interface ClassSpec {
  name: string;
  methods: Record<string, LuaJsFunction>;
  /** The sandbox output hook (see README): (ud) → Lua string. */
  output?: LuaJsFunction;
}

/**
 * Registers a class metatable once per state: `__name` (5.3's luaL_newmetatable), `__index` = a table
 * of the methods, and the output hook as `__output` (alias `lsb_output`, lua_sandbox's name).
 */
export function defineClass(L: LuaState, spec: ClassSpec): void {
  if (lauxlib.luaL_newmetatable(L, spec.name) !== 0) {
    lua.lua_createtable(L, 0, Object.keys(spec.methods).length);
    for (const [name, fn] of Object.entries(spec.methods)) {
      lua.lua_pushcfunction(L, fn);
      lua.lua_setfield(L, -2, name);
    }
    lua.lua_setfield(L, -2, '__index');
    if (spec.output) {
      lua.lua_pushcfunction(L, spec.output);
      lua.lua_setfield(L, -2, '__output');
      lua.lua_pushcfunction(L, spec.output);
      lua.lua_setfield(L, -2, 'lsb_output');
    }
  }
  lua.lua_pop(L, 1);
}

/** Pushes a module table of `functions`, also stored as the global `name` (luaL_register's effect). */
export function pushModule(L: LuaState, name: string, functions: Record<string, LuaJsFunction>): number {
  lua.lua_createtable(L, 0, Object.keys(functions).length);
  for (const [fname, fn] of Object.entries(functions)) {
    lua.lua_pushcfunction(L, fn);
    lua.lua_setfield(L, -2, fname);
  }
  lua.lua_pushvalue(L, -1);
  lua.lua_setglobal(L, name);
  return 1;
}

/** Bytes as a JS string, one char per byte. */
export function latin1(b: Uint8Array, from = 0, to = b.length): string {
  let s = '';
  for (let i = from; i < to; i += 8192) {
    s += String.fromCharCode(...b.subarray(i, Math.min(to, i + 8192)));
  }
  return s;
}

/** A JS string of chars < 256 as bytes. */
export function fromLatin1(s: string): Uint8Array {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The C string view of a Lua string: everything before the first NUL. */
export function cStringEnd(b: Uint8Array): number {
  const i = b.indexOf(0);
  return i < 0 ? b.length : i;
}

const keyView = new DataView(new ArrayBuffer(8));
const keyBytes = new Uint8Array(keyView.buffer);

/**
 * The bytes a filter module hashes for argument `arg`: a string's bytes, or a number's 8-byte
 * little-endian IEEE double (the C modules hash `&double`). Other types: "must be a string or number".
 */
export function hashKey(L: LuaState, arg: number): Uint8Array {
  switch (lua.lua_type(L, arg)) {
    case lua.LUA_TSTRING:
      return lua.lua_tolstring(L, arg) as Uint8Array;
    case lua.LUA_TNUMBER:
      keyView.setFloat64(0, lua.lua_tonumber(L, arg), true);
      return keyBytes;
    default:
      return lauxlib.luaL_argerror(L, arg, 'must be a string or number');
  }
}
