/** Test support: a real fengari state with @heka/lpeg registered, and the conformance case runner. */
import { createRequire } from 'node:module';
import { expect } from 'vitest';
import { luaModules } from '../src/index.js';
import { type Case, PRELUDE, RUNNER } from './cases/runner.js';

interface Fengari {
  lua: Record<string, (...args: never[]) => unknown> & Record<string, number>;
  lauxlib: Record<string, (...args: never[]) => unknown>;
  lualib: Record<string, (...args: never[]) => unknown>;
  to_luastring(s: string): Uint8Array;
  to_jsstring(s: Uint8Array): string;
}

// biome-ignore lint/suspicious/noExplicitAny: fengari is untyped JavaScript
type Any = any;
const fengari = createRequire(import.meta.url)('fengari') as Fengari;
const { lua, lauxlib, lualib, to_luastring } = fengari as Any;

/** Lua text of a string on the stack, one character per byte (binary-safe). */
function text(L: unknown, idx: number): string {
  const b = lua.lua_tolstring(L, idx) as Uint8Array | null;
  return b === null ? String(b) : String.fromCharCode(...b);
}

/** A fengari state with the standard libraries, and lpeg and re in package.preload. */
export function newState(): unknown {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  lua.lua_getglobal(L, to_luastring('package'));
  lua.lua_getfield(L, -1, to_luastring('preload'));
  for (const [name, open] of Object.entries(luaModules)) {
    lua.lua_pushjsfunction(L, open);
    lua.lua_setfield(L, -2, to_luastring(name));
  }
  lua.lua_pop(L, 2);
  return L;
}

/** Runs a Lua chunk; returns the JS text of its first result (or throws with the Lua error). */
export function runLua(L: unknown, code: string): string {
  if (lauxlib.luaL_loadstring(L, to_luastring(code)) !== 0) throw new Error(text(L, -1));
  if (lua.lua_pcall(L, 0, 1, 0) !== 0) {
    const msg = text(L, -1);
    lua.lua_pop(L, 1);
    throw new Error(msg);
  }
  const r = lua.lua_type(L, -1) === lua.LUA_TNIL ? 'nil' : text(L, -1);
  lua.lua_pop(L, 1);
  return r;
}

/** Evaluates conformance cases in one state. */
export class CaseRunner {
  readonly L = newState();
  constructor() {
    if (lauxlib.luaL_loadstring(this.L, to_luastring(RUNNER)) !== 0) throw new Error(text(this.L, -1));
    lua.lua_call(this.L, 0, 1);
    lua.lua_setglobal(this.L, to_luastring('__run_case'));
  }

  run(code: string): string {
    const L = this.L;
    lua.lua_getglobal(L, to_luastring('__run_case'));
    lua.lua_pushstring(L, to_luastring(PRELUDE));
    lua.lua_pushstring(L, to_luastring(code));
    lua.lua_call(L, 2, 1);
    const r = text(L, -1);
    lua.lua_pop(L, 1);
    return r;
  }

  /** Asserts a case: exact canonical text, or for "!msg" an error whose message contains msg. */
  check([code, expected]: Case): void {
    const got = this.run(code);
    if (expected.startsWith('!')) {
      expect(got.startsWith('!'), `${code} should fail, got ${got}`).toBe(true);
      expect(got).toContain(expected.slice(1));
    } else expect(got, code).toBe(expected);
  }
}
