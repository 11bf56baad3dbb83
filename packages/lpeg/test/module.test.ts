import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { LPEG_VERSION, luaModules, TONUMBER_MARK } from '../src/index.js';
import { newState, runLua } from './helpers.js';

// biome-ignore lint/suspicious/noExplicitAny: fengari is untyped JavaScript
const { lua, lauxlib } = createRequire(import.meta.url)('fengari') as any;

describe('luaModules', () => {
  it('has exactly lpeg and re, as openers', () => {
    expect(Object.keys(luaModules).sort()).toEqual(['lpeg', 're']);
    for (const open of Object.values(luaModules)) expect(typeof open).toBe('function');
    expect(Object.isFrozen(luaModules)).toBe(true);
    expect(LPEG_VERSION).toBe('1.0.2');
  });

  it('each opener pushes the module table and returns 1', () => {
    for (const [name, open] of Object.entries(luaModules)) {
      const L = lauxlib.luaL_newstate();
      const top = lua.lua_gettop(L);
      expect(open(L), name).toBe(1);
      expect(lua.lua_type(L, -1), name).toBe(lua.LUA_TTABLE);
      lua.lua_getfield(L, -1, 'match');
      expect(lua.lua_type(L, -1), name).toBe(lua.LUA_TFUNCTION);
      lua.lua_settop(L, top);
    }
  });

  it('works in a state without the standard libraries', () => {
    const L = lauxlib.luaL_newstate();
    luaModules.lpeg?.(L);
    lua.lua_setglobal(L, 'lpeg');
    luaModules.re?.(L);
    lua.lua_setglobal(L, 're');
    expect(runLua(L, 'return lpeg.match(lpeg.C(lpeg.R"az"^1), "abc1")')).toBe('abc');
    expect(runLua(L, 'return re.match("abc1", "{%a+}")')).toBe('abc');
  });

  it('re can be opened before lpeg, and both share the pattern type', () => {
    const L = newState();
    expect(runLua(L, 'local re = require "re"; local m = require "lpeg"; return m.type(re.compile("."))')).toBe(
      'pattern',
    );
    expect(runLua(L, 'local re = require "re"; return tostring(re.compile("{.}") * require"lpeg".P"x" ~= nil)')).toBe(
      'true',
    );
  });

  it('keeps the stack limit per Lua state, reset when lpeg is opened', () => {
    const a = newState();
    const b = newState();
    const deep = 'return tostring(pcall(lpeg.match, lpeg.P{ "0" * lpeg.V(1) + "0" }, string.rep("0", 1000)))';
    runLua(a, 'lpeg = require "lpeg"; lpeg.setmaxstack(5000)');
    runLua(b, 'lpeg = require "lpeg"');
    expect(runLua(a, deep)).toBe('true');
    expect(runLua(b, deep)).toBe('false');
    runLua(a, 'package.loaded.lpeg = nil; lpeg = require "lpeg"');
    expect(runLua(a, deep)).toBe('false');
  });
});

describe('matching from Lua', () => {
  it('recovers after errors raised in the middle of a match', () => {
    const L = newState();
    runLua(L, 'lpeg = require "lpeg"');
    const failing = 'return select(2, pcall(lpeg.match, lpeg.C(1) / error * lpeg.C(1), "xy"))';
    for (let i = 0; i < 3; i++) {
      expect(runLua(L, failing)).toContain('x');
      expect(runLua(L, 'return lpeg.match(lpeg.C(lpeg.P(1)^1), "ok")')).toBe('ok');
    }
  });

  it('nests matches from match-time captures', () => {
    const L = newState();
    const code = `
      local m = require "lpeg"
      local inner = m.Ct(m.C(m.R"az"^1) * (" " * m.C(m.R"az"^1))^0)
      local outer = m.Cmt(m.C((1 - m.P";")^1), function (s, i, part)
        local t = inner:match(part)
        return t ~= nil and i, t and #t
      end) * ";"
      local r = { m.match(outer^1, "ab cd;ef;gh ij kl;") }
      return table.concat(r, ",")`;
    expect(runLua(L, code)).toBe('2,1,3');
  });

  it('refuses to yield from a match-time capture', () => {
    const L = newState();
    const code = `
      local m = require "lpeg"
      local co = coroutine.wrap(function ()
        return m.match(m.Cmt(1, function () coroutine.yield(1) return true end), "x")
      end)
      local ok, err = pcall(co)
      return tostring(ok) .. " " .. tostring(err)`;
    expect(runLua(L, code)).toMatch(/^false .*yield/);
  });

  it('matches inside coroutines', () => {
    const L = newState();
    const code = `
      local m = require "lpeg"
      local co = coroutine.wrap(function (s)
        while true do s = coroutine.yield(m.match(m.C(m.R"09"^1), s)) end
      end)
      return co("12a") .. "/" .. co("345")`;
    expect(runLua(L, code)).toBe('12/345');
  });

  it('refuses repetition counts that would build huge trees', () => {
    const L = newState();
    expect(
      runLua(L, 'local m = require "lpeg"; return select(2, pcall(function () return m.P"a"^(2^20 + 1) end))'),
    ).toContain('not enough memory');
    expect(runLua(L, 'local re = require "re"; return select(2, pcall(re.compile, "\'a\'^99999999"))')).toContain(
      'not enough memory',
    );
    expect(runLua(L, 'local m = require "lpeg"; return m.match(m.P"a"^10000 * -1, string.rep("a", 20000))')).toBe(
      '20001',
    );
  });

  it('keeps Lua strings as bytes', () => {
    const L = newState();
    const code = `
      local m = require "lpeg"
      local s = "\\0\\255\\128abc\\0"
      local t = { m.match(m.C(m.P"\\0") * m.C(m.R"\\128\\255"^1) * m.C(m.P(1)^0), s) }
      return #t[1] .. #t[2] .. #t[3] .. (t[2] == "\\255\\128" and "y" or "n")`;
    expect(runLua(L, code)).toBe('124y');
  });

  it('makes capture strings of any length that stay intact and equal to Lua strings', () => {
    const L = newState();
    const code = `
      local m = require "lpeg"
      local long = string.rep("0123456789", 12)
      local s = "[" .. long .. "]" .. string.rep("x", 30)
      local a, b, c, d = m.match(m.P"[" * m.C((1 - m.P"]")^1) * "]" * m.C(1) * m.C(2) * m.C(3), s)
      local t = { [a] = 1, [b] = 2, [c] = 3, [d] = 4 }
      local big = string.rep("y", 100000) .. long
      local e = m.match(m.P(100000) * m.C(m.P(1)^1), big)
      local parts = { m.match((m.C(1) * m.C(2) * m.C(4) * m.C(5))^1, string.rep("abcdefghijkl", 3)) }
      return tostring(a == long) .. tostring(#a == 120) .. tostring(b == "x" and c == "xx" and d == "xxx")
        .. tostring(t[long] == 1 and t.x == 2 and t.xx == 3 and t.xxx == 4) .. tostring(e == long)
        .. table.concat(parts, ",") .. tostring(("a"):rep(3) == m.match(m.C(m.P"a"^1), "aaa"))`;
    const parts = Array(3).fill('a,bc,defg,hijkl').join(',');
    expect(runLua(L, code)).toBe(`truetruetruetruetrue${parts}true`);
  });

  it('converts with a JS function marked as behaving like tonumber, without calling it', () => {
    const L = newState();
    let calls = 0;
    const mine = (S: unknown) => {
      calls++;
      lua.lua_pushliteral(S, 'called');
      return 1;
    };
    lua.lua_pushjsfunction(L, mine);
    lua.lua_setglobal(L, 'mine');
    const code = `
      local m = require "lpeg"
      local a = m.match(m.R"09"^1 / mine, "42")
      local b = m.match(m.C(m.R"09"^1) / mine, "7x")
      local c = m.match(m.Cc(" 5 ") / mine, "")
      local d = m.match(m.C(1) / mine, "z")
      return tostring(a) .. " " .. tostring(b) .. " " .. tostring(c) .. " " .. tostring(d)`;
    expect(runLua(L, code)).toBe('called called called called');
    expect(calls).toBe(4);
    (mine as unknown as Record<symbol, boolean>)[TONUMBER_MARK] = true;
    expect(runLua(L, code)).toBe('42 7 5 nil');
    expect(calls).toBe(4);
    expect(TONUMBER_MARK).toBe(Symbol.for('@heka/lpeg.tonumber'));
  });

  it('prints trees and programs through print (lpeg.ptree, lpeg.pcode)', () => {
    const L = newState();
    const code = `
      local m = require "lpeg"
      local out = {}
      print = function (s) out[#out + 1] = s end
      local p = m.P{ "a", a = m.C"x" * m.V"a" + "y" }
      m.ptree(p)
      m.pcode(p)
      m.pcode(m.R"az"^1 * -1)
      return table.concat(out, "\\n")`;
    const text = runLua(L, code);
    expect(text).toContain('Grammar');
    expect(text).toContain('Capture');
    expect(text).toContain('Call');
    expect(text).toContain('Span [a-z]');
    expect(text).toContain('End');
  });
});
