/**
 * `require` inside a sandbox: no `package` library, no C modules, nothing outside what the sandbox
 * allows. A name resolves, in order, to
 *   1. a module already loaded (the standard libraries, and io for inputs and outputs, are loaded at
 *      start; for other kinds `require "io"` fails with "module 'io' disabled"),
 *   2. a built-in module of @heka/lua-modules or @heka/lpeg (their `luaModules` maps: cjson,
 *      circular_buffer, lpeg, re, ...), made a global of its own name as lua_sandbox did,
 *   3. `<dir>/<name>.lua` (dots become directory separators) in each `module_directory` entry, then in
 *      @heka/lua-share's lua_modules directory (Heka's grammar and helper modules: date_time,
 *      common_log_format, syslog, ...).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { luaModulesDir } from '@heka/lua-share';
import { type LuaJsFunction, type LuaState, lauxlib, lua } from './fengari.js';
import { text } from './strings.js';

export type LuaOpener = (L: unknown) => number;
/** Lua source that recreates the userdata at `index` into `globalName` (a preservation file line or more). */
export type LuaSerializer = (L: unknown, index: number, globalName: string) => string;

export interface Builtins {
  openers: ReadonlyMap<string, LuaOpener>;
  /** Preservation serializers by userdata metatable name (`__name`). */
  serializers: ReadonlyMap<string, LuaSerializer>;
  /** Directories of Lua modules searched after module_directory (@heka/lua-share's lua_modules). */
  luaDirs: readonly string[];
}

/** The packages of built-in modules (JS functions), loaded once; one that fails to load adds nothing. */
const MODULE_PACKAGES = ['@heka/lua-modules', '@heka/lpeg'];

/** Loads the module maps of the module packages. */
export function loadBuiltins(): Promise<Builtins> {
  builtins ??= findBuiltins();
  return builtins;
}

let builtins: Promise<Builtins> | undefined;

async function findBuiltins(): Promise<Builtins> {
  const openers = new Map<string, LuaOpener>();
  const serializers = new Map<string, LuaSerializer>();
  for (const name of MODULE_PACKAGES) {
    try {
      const mod = (await import(name)) as {
        luaModules?: Readonly<Record<string, LuaOpener>>;
        luaSerializers?: Readonly<Record<string, LuaSerializer>>;
      };
      for (const [k, fn] of Object.entries(mod.luaModules ?? {})) if (typeof fn === 'function') openers.set(k, fn);
      for (const [k, fn] of Object.entries(mod.luaSerializers ?? {})) {
        if (typeof fn === 'function') serializers.set(k, fn);
      }
    } catch {
      // package not built: its modules are simply not found
    }
  }
  return { openers, serializers, luaDirs: [luaModulesDir] };
}

export interface RequireContext {
  /** Inputs and outputs may use io. */
  io: boolean;
  moduleDirectories: readonly string[];
  builtins: Builtins;
}

const VALID_NAME = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;
const LOADING = Symbol('loading');

function raw(L: LuaState, message: string): never {
  lua.lua_pushstring(L, message);
  return lua.lua_error(L);
}

export function makeRequire(ctx: RequireContext): LuaJsFunction {
  return (L) => {
    const name = text(lauxlib.luaL_checkstring(L, 1));
    lua.lua_settop(L, 1);
    lauxlib.luaL_getsubtable(L, lua.LUA_REGISTRYINDEX, '_LOADED');
    const loaded = 2;
    lua.lua_getfield(L, loaded, name);
    if (lua.lua_type(L, -1) === lua.LUA_TLIGHTUSERDATA && lua.lua_touserdata(L, -1) === LOADING) {
      return lauxlib.luaL_error(L, '%s', `loop or previous error loading module '${name}'`);
    }
    if (lua.lua_toboolean(L, -1)) return 1;
    lua.lua_pop(L, 1);

    if (name === 'io' && !ctx.io) return raw(L, "module 'io' disabled");
    const opener = ctx.builtins.openers.get(name);
    if (opener) {
      lauxlib.luaL_requiref(L, name, opener as LuaJsFunction, 1);
      return 1;
    }
    if (!VALID_NAME.test(name)) return raw(L, `invalid module name '${name}'`);

    const rel = `${name.replaceAll('.', '/')}.lua`;
    const dirs = [...ctx.moduleDirectories, ...ctx.builtins.luaDirs];
    let path: string | undefined;
    for (const dir of dirs) {
      const candidate = join(dir, rel);
      if (existsSync(candidate)) {
        path = candidate;
        break;
      }
    }
    if (path === undefined) {
      const root = name.split('.')[0] as string;
      // As lua_sandbox worded it: the module_directory candidates (the shipped modules are implied).
      const lines = [
        ...ctx.moduleDirectories.map((d) => `\n\tno file '${join(d, rel)}'`),
        ...ctx.moduleDirectories.map((d) => `\n\tno file '${join(d, `${name.replaceAll('.', '/')}.so`)}'`),
        ...(name.includes('.') ? ctx.moduleDirectories.map((d) => `\n\tno file '${join(d, `${root}.so`)}'`) : []),
      ];
      return lauxlib.luaL_error(L, '%s', `module '${name}' not found:${lines.join('')}`);
    }
    const source = readFileSync(path);
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (lauxlib.luaL_loadbufferx(L, bytes, bytes.length, `@${path}`, 't') !== lua.LUA_OK) {
      const msg = text(lua.lua_tolstring(L, -1) ?? new Uint8Array(0));
      return lauxlib.luaL_error(L, '%s', `error loading module '${name}' from file '${path}':\n\t${msg}`);
    }
    lua.lua_pushlightuserdata(L, LOADING);
    lua.lua_setfield(L, loaded, name);
    lua.lua_pushstring(L, name);
    lua.lua_call(L, 1, 1);
    if (!lua.lua_isnoneornil(L, -1)) lua.lua_setfield(L, loaded, name);
    else lua.lua_pop(L, 1);
    lua.lua_getfield(L, loaded, name);
    if (lua.lua_type(L, -1) === lua.LUA_TLIGHTUSERDATA) {
      lua.lua_pop(L, 1);
      lua.lua_pushboolean(L, true);
      lua.lua_pushvalue(L, -1);
      lua.lua_setfield(L, loaded, name);
    }
    return 1;
  };
}
