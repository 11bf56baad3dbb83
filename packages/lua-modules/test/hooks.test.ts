import { describe, expect, it } from 'vitest';
import { LSB_CONFIG_REGISTRY_KEY, luaModules, luaSerializers } from '../src/index.js';
import { type LuaState, lauxlib, lua, newState, outputOf, run } from './helpers.js';

/** What the sandbox does on preserve_data: the serializer of the value's metatable name, by global. */
function serializeGlobal(L: LuaState, name: string, target = name): string {
  lua.lua_getglobal(L, name);
  try {
    expect(lauxlib.luaL_getmetafield(L, -1, '__name')).toBe(lua.LUA_TSTRING);
    const type = lua.lua_tojsstring(L, -1);
    lua.lua_pop(L, 1);
    const serialize = luaSerializers[type];
    if (!serialize) throw new Error(`no serializer for ${type}`);
    return serialize(L, -1, target);
  } finally {
    lua.lua_pop(L, 1);
  }
}

const REQUIRE_ALL = 'require "circular_buffer" require "bloom_filter" require "hyperloglog" require "cuckoo_filter"\n';

describe('luaModules', () => {
  it('opens every module as require(name), returning the table it also sets as a global', () => {
    expect(Object.keys(luaModules).sort()).toEqual([
      'bloom_filter',
      'circular_buffer',
      'cjson',
      'cuckoo_filter',
      'hyperloglog',
      'struct',
    ]);
    const L = newState();
    for (const name of Object.keys(luaModules)) {
      expect(run(L, `local m = require "${name}" return type(m), m == ${name}`), name).toEqual(['table', true]);
    }
  });

  it('each opener pushes exactly one value, and opening twice reuses the classes', () => {
    const L = newState();
    for (const [name, open] of Object.entries(luaModules)) {
      const top = lua.lua_gettop(L);
      expect(open(L), name).toBe(1);
      expect(lua.lua_gettop(L), name).toBe(top + 1);
      lua.lua_settop(L, top);
    }
    run(L, 'cb1 = circular_buffer.new(2, 1, 1)');
    (luaModules.circular_buffer as (L: unknown) => number)(L);
    expect(run(L, 'return cb1:set(0, 1, 4), circular_buffer.new(2, 1, 1):get(0, 1) ~= 0')).toEqual([4, true]);
  });

  it('exports the registry key of the sandbox limits', () => {
    expect(LSB_CONFIG_REGISTRY_KEY).toBe('lsb_config');
  });
});

describe('the output hook (__output)', () => {
  it('exists for circular_buffer and hyperloglog only, under __output and lsb_output', () => {
    const L = newState();
    expect(
      run(
        L,
        `${REQUIRE_ALL}
         local function hook(v) local mt = getmetatable(v) return type(mt.__output), mt.__output == mt.lsb_output end
         local cb, hll = circular_buffer.new(2, 1, 1), hyperloglog.new()
         local a, b = hook(cb) local c, d = hook(hll)
         return a, b, c, d, hook(bloom_filter.new(20, 0.1)), hook(cuckoo_filter.new(20)), cb.__output == nil, cb.add ~= nil`,
      ),
    ).toEqual(['function', true, 'function', true, 'nil', 'nil', true, true]);
  });

  it('returns the text as a Lua string in the current format, an empty string when cbufd has nothing', () => {
    const L = newState();
    run(L, `${REQUIRE_ALL} cb = circular_buffer.new(2, 1, 60, true) cb:add(60e9, 1, 3)`);
    expect(outputOf(L, 'return cb')).toBe(
      '{"time":0,"rows":2,"columns":1,"seconds_per_row":60,"column_info":[{"name":"Column_1","unit":"count","aggregation":"sum"}]}\nnan\n3\n',
    );
    expect(outputOf(L, 'return cb:format("cbufd")')).toBe(
      '{"time":0,"rows":2,"columns":1,"seconds_per_row":60,"column_info":[{"name":"Column_1","unit":"count","aggregation":"sum"}]}\n60\t3\n',
    );
    expect(outputOf(L, 'return cb')).toBe('');
    expect(run(L, 'return getmetatable(cb).__output(cb)')).toEqual(['']);
  });

  it('raises a Lua error when called on something else', () => {
    const L = newState();
    run(L, `${REQUIRE_ALL}`);
    expect(() => run(L, 'local f = getmetatable(circular_buffer.new(2, 1, 1)).__output f(hyperloglog.new())')).toThrow(
      /circular_buffer expected/,
    );
  });
});

describe('luaSerializers (preserve_data)', () => {
  it('are keyed by the metatable names (__name) of the four userdata types', () => {
    expect(Object.keys(luaSerializers).sort()).toEqual([
      'mozsvc.bloom_filter',
      'mozsvc.circular_buffer',
      'mozsvc.cuckoo_filter',
      'mozsvc.hyperloglog',
    ]);
    const L = newState();
    expect(
      run(
        L,
        `${REQUIRE_ALL} return getmetatable(circular_buffer.new(2, 1, 1)).__name, getmetatable(bloom_filter.new(20, 0.1)).__name,
         getmetatable(hyperloglog.new()).__name, getmetatable(cuckoo_filter.new(20)).__name`,
      ),
    ).toEqual(['mozsvc.circular_buffer', 'mozsvc.bloom_filter', 'mozsvc.hyperloglog', 'mozsvc.cuckoo_filter']);
  });

  it("writes circular buffers exactly as Heka's preservation files (lua_sandbox serialize test)", () => {
    const L = newState();
    run(
      L,
      `${REQUIRE_ALL} data = circular_buffer.new(3, 3, 1)
       delta = circular_buffer.new(2, 1, 1, true) delta:add(0, 1, 2)
       nested = circular_buffer.new(2, 6, 1)`,
    );
    expect(serializeGlobal(L, 'data', '_G["data"]')).toBe(
      'if _G["data"] == nil then _G["data"] = circular_buffer.new(3, 3, 1) end\n' +
        '_G["data"]:set_header(1, "Column_1", "count", "sum")\n' +
        '_G["data"]:set_header(2, "Column_2", "count", "sum")\n' +
        '_G["data"]:set_header(3, "Column_3", "count", "sum")\n' +
        '_G["data"]:fromstring("2 2 nan nan nan nan nan nan nan nan nan")\n',
    );
    expect(serializeGlobal(L, 'delta', '_G["delta"]')).toBe(
      'if _G["delta"] == nil then _G["delta"] = circular_buffer.new(2, 1, 1, true) end\n' +
        '_G["delta"]:set_header(1, "Column_1", "count", "sum")\n' +
        '_G["delta"]:fromstring("1 1 2 nan 0 2")\n',
    );
    expect(serializeGlobal(L, 'nested', '_G["nested"]["cb"]')).toContain(
      '_G["nested"]["cb"]:fromstring("1 1 nan nan nan nan nan nan nan nan nan nan nan nan")\n',
    );
    // a bare global name is written as _G["name"]
    expect(serializeGlobal(L, 'data', 'key with "spaces"').split('\n')[0]).toBe(
      'if _G["key with \\"spaces\\""] == nil then _G["key with \\"spaces\\""] = circular_buffer.new(3, 3, 1) end',
    );
  });

  it('writes the filters with their counts and bytes as plain-ASCII Lua strings', () => {
    const L = newState();
    run(
      L,
      `${REQUIRE_ALL} bf = bloom_filter.new(20, 0.01) bf:add("a") bf:add(1) cf = cuckoo_filter.new(20) cf:add(3)
       hll = hyperloglog.new() for i = 1, 100 do hll:add(i) end`,
    );
    const bf = serializeGlobal(L, 'bf');
    expect(bf.split('\n')[0]).toBe('if _G["bf"] == nil then _G["bf"] = bloom_filter.new(20, 0.01) end');
    expect(bf).toMatch(/^_G\["bf"\]:fromstring\(2, ".*"\)$/m);
    const cf = serializeGlobal(L, 'cf');
    expect(cf.split('\n')[0]).toBe('if _G["cf"] == nil then _G["cf"] = cuckoo_filter.new(32) end');
    const hll = serializeGlobal(L, 'hll');
    expect(hll.split('\n')[0]).toBe('if _G["hll"] == nil then _G["hll"] = hyperloglog.new() end');
    expect(hll).toMatch(/^_G\["hll"\]:fromstring\("HYLL\\000\\000\\000/m);
    for (const text of [bf, cf, hll]) {
      expect([...text].every((c) => c.charCodeAt(0) < 0x80)).toBe(true);
    }
  });

  it('recreate every type into a fresh sandbox with the same content (round trip)', () => {
    const A = newState();
    run(
      A,
      `${REQUIRE_ALL}
       cb = circular_buffer.new(5, 3, 10, true)
       cb:set_header(1, "Requests", "req/s", "sum") cb:set_header(2, "Low", "ms", "min") cb:set_header(3, "Spare", "B", "none")
       for t = 0, 60, 7 do cb:add(t * 1e9, 1, t * 1.5) cb:set(t * 1e9, 2, 100 - t) end
       cb:set(60e9, 3, 5) cb:set(50e9, 3, 1/0)
       hll = hyperloglog.new() for i = 1, 3000 do hll:add("h" .. i) end hll:count()
       bf = bloom_filter.new(500, 1/3) for i = 1, 400 do bf:add(i) end
       cf = cuckoo_filter.new(1000) for i = 1, 700 do cf:add("c" .. i) end cf:delete("c1")`,
    );
    const full = outputOf(A, 'return cb');
    const source = ['cb', 'hll', 'bf', 'cf'].map((g) => serializeGlobal(A, g)).join('');
    expect(source).toContain('bloom_filter.new(500, 0.33333333333333331)'); // "%g" would not round-trip
    const B = newState();
    run(B, REQUIRE_ALL);
    run(B, source);
    expect(outputOf(B, 'return cb')).toBe(full);
    expect(outputOf(B, 'return hll')).toBe(outputOf(A, 'return hll'));
    const probe = `local n = 0 for i = 1, 400 do if bf:query(i) then n = n + 1 end end
      local m = 0 for i = 2, 700 do if cf:query("c" .. i) then m = m + 1 end end
      return hll:count(), bf:count(), n, bf:query(401), cf:count(), m, cf:query("c1"), cb:current_time()`;
    expect(run(B, probe)).toEqual(run(A, probe));
    // pending deltas come back too (an untouched column restored as 0, as lua_sandbox wrote it)
    expect(outputOf(B, 'return cb:format("cbufd")')).toBe(
      (outputOf(A, 'return cb:format("cbufd")') as string).replace(/\tnan(?=[\t\n])/g, '\t0'),
    );
  });

  it('a restore does not overwrite a value the script already created with new (the "== nil" guard)', () => {
    const A = newState();
    run(A, `${REQUIRE_ALL} cb = circular_buffer.new(2, 1, 1) cb:set(1e9, 1, 42)`);
    const source = serializeGlobal(A, 'cb');
    const B = newState();
    run(B, `${REQUIRE_ALL} cb = circular_buffer.new(2, 1, 1) same = cb`);
    run(B, source);
    expect(run(B, 'return cb == same, cb:get(1e9, 1)')).toEqual([true, 42]);
  });
});
