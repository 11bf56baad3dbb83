import { describe, expect, it } from 'vitest';
import { bytesToString, installWriteOutput, newState, outputOf, run, runError } from './helpers.js';

describe('bloom_filter', () => {
  const BF = 'require "bloom_filter"\n';

  it('adds, queries, counts and clears numbers and strings (lua_bloom_filter test.lua)', () => {
    const L = newState();
    expect(
      run(
        L,
        `${BF} assert(bloom_filter.version() == "0.2.0")
         local bf = bloom_filter.new(1000, 0.01)
         assert(bf:count() == 0 and not bf:query(1))
         for i = 1, 950 do assert(bf:add(i), "insert " .. i) end
         for i = 1, 950 do assert(bf:query(i), "query " .. i) end
         local n = bf:count()
         bf:clear()
         local cleared = bf:count() == 0 and not bf:query(1)
         for i = 1, 950 do assert(bf:add(tostring(i)), "insert " .. i) end
         for i = 1, 950 do assert(bf:query(tostring(i))) end
         return n, cleared, bf:count(), math.type(bf:count()), bf:add("1"), bf:query(1)`,
      ),
    ).toEqual([950, true, 950, 'float', false, false]);
  });

  it('counts distinct keys only (lua_sandbox test: count stays when a key is re-added)', () => {
    const L = newState();
    const written = installWriteOutput(L);
    run(
      L,
      `${BF} bf = bloom_filter.new(20, 0.01)
       function process(ts) if not bf:query(ts) then if not bf:add(ts) then error("key existed") end end end
       function report() write_output(bf:count()) end`,
    );
    for (const i of [0, 1, 2]) {
      run(L, `process(${i}) report()`);
      expect(written()).toBe(String(i + 1));
    }
    run(L, 'process(0) report()');
    expect(written()).toBe('3');
  });

  it('sizes the bit array as lua_bloom_filter: ceil(n ln p / ln(1/2^ln2)) bits', () => {
    // n = 20, p = 0.01: 192 bits, 24 bytes
    expect(runError(newState(), `${BF} bloom_filter.new(20, 0.01):fromstring("${' '.repeat(23)}")`)).toBe(
      'test:2: fromstring() bytes found: 23, expected 24',
    );
    expect(
      run(
        newState(),
        `${BF} local bf = bloom_filter.new(20, 0.01) bf:fromstring(string.rep("\\255", 24)) return bf:query("x")`,
      ),
    ).toEqual([true]);
  });

  it('keeps false positives within the configured probability', () => {
    for (const [n, p] of [
      [10000, 0.01],
      [5000, 0.001],
    ] as const) {
      const [fp] = run(
        newState(),
        `${BF} local bf = bloom_filter.new(${n}, ${p})
         for i = 1, ${n} do bf:add("member" .. i) end
         local fp = 0
         for i = 1, 100000 do if bf:query("other" .. i) then fp = fp + 1 end end
         return fp / 100000`,
      ) as number[];
      expect(fp, `n=${n} p=${p}`).toBeLessThan(p * 1.25);
      expect(fp, `n=${n} p=${p}`).toBeGreaterThan(p * 0.5);
    }
  });

  it.each([
    ['bloom_filter.new(2)', "bad argument #0 to 'new' (incorrect number of arguments)"],
    ['bloom_filter.new(nil, 0.01)', "bad argument #1 to 'new' (number expected, got nil)"],
    ['bloom_filter.new(1, 0.01)', "bad argument #1 to 'new' (items must be > 1)"],
    ['bloom_filter.new(2, nil)', "bad argument #2 to 'new' (number expected, got nil)"],
    ['bloom_filter.new(2, 0)', "bad argument #2 to 'new' (probability must be between 0 and 1)"],
    ['bloom_filter.new(2, 1)', "bad argument #2 to 'new' (probability must be between 0 and 1)"],
    ['bf:add()', "bad argument #-1 to 'add' (incorrect number of arguments)"],
    ['bf:add({})', "bad argument #1 to 'add' (must be a string or number)"],
    ['bf:query()', "bad argument #-1 to 'query' (incorrect number of arguments)"],
    ['bf:query(true)', "bad argument #1 to 'query' (must be a string or number)"],
    ['bf:clear(1)', "bad argument #-1 to 'clear' (incorrect number of arguments)"],
    ['bf:count(1)', "bad argument #-1 to 'count' (incorrect number of arguments)"],
    ['bf:fromstring({})', "bad argument #1 to 'fromstring' (string expected, got table)"],
    ['bf:fromstring()', "bad argument #-1 to 'fromstring' (incorrect number of arguments)"],
    ['bf:fromstring(1, {})', "bad argument #2 to 'fromstring' (string expected, got table)"],
    ['bf.add(1, 2)', "bad argument #1 to 'add' (mozsvc.bloom_filter expected, got number)"],
  ])('%s fails: %s', (call, message) => {
    expect(runError(newState(), `${BF} local bf = bloom_filter.new(20, 0.01)\n${call}`)).toBe(`test:3: ${message}`);
  });

  it('is not an output type (no __output hook)', () => {
    expect(outputOf(newState(), `${BF} return bloom_filter.new(20, 0.01)`)).toBeUndefined();
  });
});

describe('hyperloglog', () => {
  const HLL = 'require "hyperloglog"\n';

  it('estimates 100070 for the numbers 0..99999 and caches the count (lua_sandbox test)', () => {
    const L = newState();
    run(L, `${HLL} hll = hyperloglog.new() for i = 0, 99999 do hll:add(i) end`);
    expect(run(L, 'return hll:count(), hll:count(), math.type(hll:count())')).toEqual([100070, 100070, 'float']);
  });

  it('adds report whether the estimate may have changed; clear empties it (lua_hyperloglog test.lua)', () => {
    expect(
      run(
        newState(),
        `${HLL} local hll = hyperloglog.new()
         local c0 = hll:count()
         local a, b, c = hll:add("one"), hll:add("two"), hll:add("one")
         local c2 = hll:count()
         hll:clear()
         return hyperloglog.version(), c0, a, b, c, c2, hll:count()`,
      ),
    ).toEqual(['0.1.0', 0, true, true, false, 2, 0]);
  });

  it('stays within 3 standard errors (3 x 0.81%) of the true cardinality', () => {
    const L = newState();
    for (const n of [100, 1000, 10000, 50000, 200000]) {
      const [numbers, strings] = run(
        L,
        `${HLL} local a, b = hyperloglog.new(), hyperloglog.new()
         for i = 1, ${n} do a:add(i * 7.5) b:add("user-" .. i) end
         return a:count(), b:count()`,
      ) as number[];
      for (const estimate of [numbers, strings]) {
        expect(Math.abs((estimate as number) - n) / n, `n=${n} estimate=${estimate}`).toBeLessThan(0.0243);
      }
    }
  });

  it('outputs the 12304-byte Redis dense structure, cached count included', () => {
    const L = newState();
    run(L, `${HLL} h = hyperloglog.new() for i = 0, 99999 do h:add(i) end`);
    const stale = outputOf(L, 'return h') as string;
    expect(stale.length).toBe(12304);
    expect(stale.slice(0, 8)).toBe('HYLL\0\0\0\0');
    expect(stale.charCodeAt(15) & 0x80).toBe(0x80); // cache marked stale
    run(L, 'h:count()');
    const fresh = outputOf(L, 'return h') as string;
    // 100070 = 0x0186e6, little endian, valid-cache bit clear
    expect([...fresh.slice(8, 16)].map((c) => c.charCodeAt(0))).toEqual([0xe6, 0x86, 0x01, 0, 0, 0, 0, 0]);
    expect(fresh.slice(16)).toBe(stale.slice(16));
  });

  it('fromstring restores a copy exactly and validates it', () => {
    const L = newState();
    run(L, `${HLL} a = hyperloglog.new() for i = 1, 5000 do a:add("k" .. i) end a:count()`);
    const bytes = outputOf(L, 'return a') as string;
    expect(
      run(L, 'b = hyperloglog.new() b:fromstring(getmetatable(a).__output(a)) return b:count(), a:count()'),
    ).toEqual(run(L, 'return a:count(), a:count()'));
    expect(outputOf(L, 'return b')).toBe(bytes);
    expect(runError(L, 'b:fromstring("      ")')).toBe('test:1: fromstring() bytes found: 6, expected 12304');
    expect(runError(L, 'b:fromstring(string.rep("x", 12304))')).toBe('test:1: fromstring() HYLL header not found');
    // lua_hyperloglog checks byte 5 (not the encoding byte 4) for "invalid encoding"
    expect(runError(L, 'b:fromstring("HYLL\\0\\1" .. string.rep("\\0", 12298))')).toBe(
      'test:1: fromstring() invalid encoding',
    );
    expect(run(L, 'b:fromstring("HYLL\\1\\0" .. string.rep("\\0", 12298)) return b:count()')).toEqual([0]);
  });

  it.each([
    ['hyperloglog.new(2)', "bad argument #0 to 'new' (incorrect number of arguments)"],
    ['hll:add({})', "bad argument #1 to 'add' (must be a string or number)"],
    ['hll:add()', "bad argument #-1 to 'add' (incorrect number of arguments)"],
    ['hll:count(1)', "bad argument #-1 to 'count' (incorrect number of arguments)"],
    ['hll:clear(1)', "bad argument #-1 to 'clear' (incorrect number of arguments)"],
    ['hll:fromstring({})', "bad argument #1 to 'fromstring' (string expected, got table)"],
  ])('%s fails: %s', (call, message) => {
    expect(runError(newState(), `${HLL} local hll = hyperloglog.new()\n${call}`)).toBe(`test:3: ${message}`);
  });
});

describe('cuckoo_filter', () => {
  const CF = 'require "cuckoo_filter"\n';

  it('matches lua_cuckoo_filter test.lua: 800000 numbers then strings in a 1M filter', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CF} assert(cuckoo_filter.version() == "0.1.0")
         cf = cuckoo_filter.new(1000000)
         assert(cf:count() == 0 and not cf:query(1))
         for i = 1, 800000 do cf:add(i) end
         local added = cf:count()
         for i = 1, 800000 do assert(cf:query(i), "query " .. i) end
         local deleted = cf:delete(500000)
         return added, deleted, cf:count()`,
      ),
    ).toEqual([799987, true, 799986]);
    expect(
      run(
        L,
        `cf:clear()
         local empty = cf:count() == 0 and not cf:query(1)
         for i = 1, 800000 do cf:add(tostring(i)) end
         local added = cf:count()
         for i = 1, 800000 do assert(cf:query(tostring(i))) end
         return empty, added, cf:delete("500000"), cf:count()`,
      ),
    ).toEqual([true, 799977, true, 799976]);
  });

  it('rejects duplicates, deletes once, counts (lua_sandbox test)', () => {
    const L = newState();
    const written = installWriteOutput(L);
    run(
      L,
      `${CF} cf = cuckoo_filter.new(16)
       function process(ts) if not cf:query(ts) then if not cf:add(ts) then error("key existed") end end end
       function report(tc)
         if tc == 98 then cf:delete(1) write_output(cf:count())
         elseif tc == 99 then cf:clear() write_output(cf:count())
         else write_output(cf:count()) end
       end`,
    );
    for (const i of [0, 1, 2]) {
      run(L, `process(${i}) report(0)`);
      expect(written()).toBe(String(i + 1));
    }
    expect(run(L, 'return cf:add(1), cf:delete(1), cf:delete(1), cf:query(1)')).toEqual([false, true, false, false]);
    run(L, 'report(0)');
    expect(written()).toBe('2');
    run(L, 'report(99)');
    expect(written()).toBe('0');
  });

  it('keeps false positives near 8/65536 at 80% load', () => {
    const [fp] = run(
      newState(),
      `${CF} local cf = cuckoo_filter.new(100000)
       for i = 1, 104857 do cf:add("member" .. i) end
       local fp = 0
       for i = 1, 200000 do if cf:query("other" .. i) then fp = fp + 1 end end
       return fp / 200000`,
    ) as number[];
    expect(fp).toBeLessThan(3e-4);
  });

  it('rounds the capacity up to a power-of-two bucket count (4 slots each)', () => {
    const L = newState();
    // 20 items → 5 buckets → 8 buckets of 4 two-byte slots = 64 bytes
    expect(runError(L, `${CF} cuckoo_filter.new(20):fromstring(0, "")`)).toBe(
      'test:2: fromstring() bytes found: 0, expected 64',
    );
    // a single bucket (5..7 items) works (C indexed out of bounds here)
    expect(
      run(
        L,
        `${CF} local cf = cuckoo_filter.new(5) local r = {} for i = 1, 6 do r[i] = cf:add(i) end return cf:count(), r[5]`,
      ),
    ).toEqual([4, false]);
  });

  it.each([
    ['cuckoo_filter.new(2, 99)', "bad argument #0 to 'new' (incorrect number of arguments)"],
    ['cuckoo_filter.new(nil)', "bad argument #1 to 'new' (number expected, got nil)"],
    ['cuckoo_filter.new(4)', "bad argument #1 to 'new' (items must be > 4)"],
    ['cuckoo_filter.new()', "bad argument #0 to 'new' (incorrect number of arguments)"],
    ['cf:add()', "bad argument #-1 to 'add' (incorrect number of arguments)"],
    ['cf:add({})', "bad argument #1 to 'add' (must be a string or number)"],
    ['cf:query()', "bad argument #-1 to 'query' (incorrect number of arguments)"],
    ['cf:query({})', "bad argument #1 to 'query' (must be a string or number)"],
    ['cf:delete(nil)', "bad argument #1 to 'delete' (must be a string or number)"],
    ['cf:clear(1)', "bad argument #-1 to 'clear' (incorrect number of arguments)"],
    ['cf:fromstring({})', "bad argument #-1 to 'fromstring' (incorrect number of arguments)"],
    ['cf:fromstring(0, "       ")', 'fromstring() bytes found: 7, expected 64'],
  ])('%s fails: %s', (call, message) => {
    expect(runError(newState(), `${CF} local cf = cuckoo_filter.new(20)\n${call}`)).toBe(`test:3: ${message}`);
  });

  it('is not an output type (no __output hook)', () => {
    expect(outputOf(newState(), `${CF} return cuckoo_filter.new(20)`)).toBeUndefined();
    expect(bytesToString(new Uint8Array([0x41]))).toBe('A');
  });
});
