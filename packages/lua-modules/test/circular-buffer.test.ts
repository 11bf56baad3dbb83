import { describe, expect, it } from 'vitest';
import { installWriteOutput, newState, outputOf, run, runError } from './helpers.js';

const CB = 'require "circular_buffer"\n';
const COLS3 =
  '"column_info":[{"name":"Add_column","unit":"count","aggregation":"sum"},' +
  '{"name":"Set_column","unit":"count","aggregation":"sum"},{"name":"Get_column","unit":"count","aggregation":"sum"}]}\n';
const hdr3 = (time: number) => `{"time":${time},"rows":3,"columns":3,"seconds_per_row":1,${COLS3}`;
const COLS2 =
  '"column_info":[{"name":"Sum_column","unit":"count","aggregation":"sum"},{"name":"Min","unit":"count","aggregation":"min"}]}\n';
const HDR2 = `{"time":0,"rows":2,"columns":2,"seconds_per_row":1,${COLS2}`;

// lua_sandbox's circular_buffer.lua / circular_buffer_delta.lua test scripts
const PROCESS = `
  local ADD_COL = data:set_header(1, "Add column")
  local SET_COL = data:set_header(2, "Set column", "count")
  local GET_COL = data:set_header(3, "Get column", "count", "sum")
  function process(ts)
    if data:add(ts, ADD_COL, 1) then data:set(ts, GET_COL, data:get(ts, ADD_COL)) end
    data:set(ts, SET_COL, 1)
  end`;

describe('circular_buffer cbuf output (lua_sandbox test_cbuf)', () => {
  it('writes the header and every row oldest first, nan for empty cells, as the window advances', () => {
    const L = newState();
    run(L, `${CB} data = circular_buffer.new(3, 3, 1) ${PROCESS}`);
    expect(outputOf(L, 'return data')).toBe(`${hdr3(0)}nan\tnan\tnan\nnan\tnan\tnan\nnan\tnan\tnan\n`);
    run(L, 'process(0) process(1e9) process(1e9) process(2e9) process(2e9) process(2e9)');
    expect(outputOf(L, 'return data')).toBe(`${hdr3(0)}1\t1\t1\n2\t1\t2\n3\t1\t3\n`);
    run(L, 'process(4e9)');
    expect(outputOf(L, 'return data')).toBe(`${hdr3(2)}3\t1\t3\nnan\tnan\tnan\n1\t1\t1\n`);
    run(L, 'process(10e9)');
    expect(outputOf(L, 'return data')).toBe(`${hdr3(8)}nan\tnan\tnan\nnan\tnan\tnan\n1\t1\t1\n`);
  });

  it('prints values with lua_sandbox number formatting', () => {
    const L = newState();
    const out = outputOf(
      L,
      `${CB} local cb = circular_buffer.new(2, 4, 60)
       cb:set(60e9, 1, 1/3) cb:set(60e9, 2, -2.5) cb:set(60e9, 3, 1/0) cb:set(60e9, 4, 3e9) return cb`,
    );
    expect(out?.split('\n').slice(1)).toEqual(['nan\tnan\tnan\tnan', '0.33333333\t-2.5\tinf\t3000000000', '']);
  });
});

describe('circular_buffer cbufd output (lua_sandbox test_cbuf_delta)', () => {
  it('writes the changed rows with their deltas and clears them', () => {
    const L = newState();
    const written = installWriteOutput(L);
    run(
      L,
      `${CB} data = circular_buffer.new(3, 3, 1, true) ${PROCESS}
       local cb = circular_buffer.new(2, 2, 1, true)
       local SUM_COL = cb:set_header(1, "Sum column")
       local MIN_COL = cb:set_header(2, "Min", "count", "min")
       local ADD_COL, SET_COL, GET_COL = 1, 2, 3
       function report(tc)
         if tc == 0 then write_output(data:format("cbuf"))
         elseif tc == 1 then write_output(data:format("cbufd"))
         elseif tc == 2 then
           local ts = 2e9
           if data:add(ts, ADD_COL, 0/0) then data:set(ts, GET_COL, data:get(ts, ADD_COL)) end
           write_output(data:format("cbufd"))
         elseif tc == 3 then
           cb:set(0, SUM_COL, 3) cb:set(0, MIN_COL, 6) write_output(cb:format("cbufd"))
           cb:set(0, SUM_COL, 5) cb:set(0, MIN_COL, 5) write_output(cb:format("cbufd"))
         elseif tc == 4 then cb:add(0, SUM_COL, 3) cb:add(0, MIN_COL, 3) write_output(cb:format("cbufd"))
         elseif tc == 5 then cb:add(0, SUM_COL, 1) cb:set(0, SUM_COL, 0/0) cb:add(0, MIN_COL, 1) write_output(cb:format("cbufd"))
         elseif tc == 6 then cb:add(0, SUM_COL, 1) cb:add(0, SUM_COL, 0/0) cb:add(0, MIN_COL, 1) write_output(cb:format("cbufd"))
         elseif tc == 7 then cb:add(0, SUM_COL, 1) cb:set(0, MIN_COL, 0/0) write_output(cb:format("cbufd"))
         elseif tc == 8 then cb:add(0, SUM_COL, 1) cb:set(0, MIN_COL, 9) cb:add(0, MIN_COL, 0/0) write_output(cb:format("cbufd"))
         elseif tc == 9 then cb:set(0, SUM_COL, 0) cb:set(0, MIN_COL, 0) write_output(cb:format("cbufd"))
         elseif tc == 10 then cb:add(0, SUM_COL, 0) cb:add(0, MIN_COL, 0) write_output(cb:format("cbufd"))
         elseif tc == 11 then cb:fromstring("1 1 1 2 3 4 0 3 4") write_output(cb:format("cbufd"))
         elseif tc == 12 then
           data:set(0, ADD_COL, 1/0) data:set(0, ADD_COL, 1/0) data:set(0, SET_COL, -1/0)
           data:add(0, SET_COL, 1) data:set(0, GET_COL, data:get(0, ADD_COL))
           write_output(data:format("cbufd"))
         end
       end`,
    );
    run(L, 'process(0) process(1e9) process(1e9) process(2e9) process(2e9) process(2e9)');
    const report = (tc: number) => {
      run(L, `report(${tc})`);
      return written();
    };
    expect(report(0)).toBe(`${hdr3(0)}1\t1\t1\n2\t1\t2\n3\t1\t3\n`);
    // lua_sandbox's Lua 5.1 build listed these rows in hash order (1, 2, 0); LuaJIT's and ours ascend
    expect(report(1)).toBe(`${hdr3(0)}0\t1\t1\t1\n1\t2\t1\t2\n2\t3\t1\t3\n`);
    const expected = [
      `${hdr3(0)}1\t1\t1\n2\t1\t2\n3\t1\t3\n`,
      '',
      `${hdr3(0)}2\tnan\tnan\tnan\n`,
      `${HDR2}0\t2\t5\n`,
      `${HDR2}0\t3\t8\n`,
      `${HDR2}0\tnan\t9\n`,
      `${HDR2}0\tnan\t10\n`,
      `${HDR2}0\t1\tnan\n`,
      `${HDR2}0\t1\tnan\n`,
      `${HDR2}0\t-2\t0\n`,
      '',
      `${HDR2}0\t3\t4\n`,
      `${hdr3(0)}0\tinf\t-inf\tinf\n`,
    ];
    expected.forEach((text, tc) => {
      expect(report(tc), `report(${tc})`).toBe(text);
    });
  });

  it('writes nothing for cbufd when deltas are disabled', () => {
    const L = newState();
    expect(outputOf(L, `${CB} local cb = circular_buffer.new(2, 1, 1) cb:add(0, 1, 5) return cb:format("cbufd")`)).toBe(
      '',
    );
  });

  it('lists delta rows by ascending time with real timestamps', () => {
    const L = newState();
    const out = outputOf(
      L,
      `${CB} local cb = circular_buffer.new(10, 1, 60, true)
       cb:add(1447267320e9, 1, 2) cb:add(1447267200e9, 1, 1) cb:add(1447267259e9, 1, 4) return cb:format("cbufd")`,
    );
    expect(out?.split('\n').slice(1)).toEqual(['1447267200\t5', '1447267320\t2', '']);
  });
});

describe('circular_buffer API', () => {
  it('new() sets defaults; get_configuration, get_header, current_time and version', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CB} local cb = circular_buffer.new(1440, 2, 60)
         local r, c, s = cb:get_configuration()
         local n, u, a = cb:get_header(2)
         return r, c, s, n, u, a, cb:current_time(), math.type(cb:current_time()), circular_buffer.version()`,
      ),
    ).toEqual([1440, 2, 60, 'Column_2', 'count', 'sum', 86340e9, 'float', '0.2.0']);
  });

  it('set_header cleans names (15 chars, alphanumerics) and units (7 chars, also / and *)', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CB} local cb = circular_buffer.new(2, 3, 1)
         local col = cb:set_header(1, "HTTP 200 / requests-per-sec", "req/s*ms-long")
         cb:set_header(2, "x\\0y", nil, "max")
         cb:set_header(3, "é", "KiB", "none")
         local n1, u1, a1 = cb:get_header(1)
         local n2, u2, a2 = cb:get_header(2)
         local n3, u3, a3 = cb:get_header(3)
         return col, math.type(col), n1, u1, a1, n2, u2, a2, n3, u3, a3`,
      ),
    ).toEqual([1, 'integer', 'HTTP_200___requ', 'req/s*m', 'sum', 'x', 'count', 'max', '__', 'KiB', 'none']);
  });

  it('add accumulates, set overwrites (min/max keep the extreme), get reads; nil outside the window', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CB} local cb = circular_buffer.new(3, 3, 60)
         cb:set_header(2, "lo", "count", "min") cb:set_header(3, "hi", "count", "max")
         local a = cb:add(60e9, 1, 1)
         local b = cb:add(119e9, 1, 99)
         local c = cb:set(60e9, 1, 7)
         cb:set(60e9, 2, 5) local d = cb:set(60e9, 2, 9) local e = cb:set(60e9, 2, 3)
         cb:set(60e9, 3, 5) local f = cb:set(60e9, 3, 2) local g = cb:set(60e9, 3, 8)
         return a, b, c, d, e, f, g, cb:get(60e9, 1), cb:get(180e9, 1), cb:get(-60e9, 1)`,
      ),
    ).toEqual([1, 100, 7, 5, 3, 5, 8, 7, null, null]);
  });

  it('advances the window on a newer time, clearing the rows that scroll out', () => {
    const L = newState();
    run(
      L,
      `${CB} cb = circular_buffer.new(4, 1, 10)
       for t = 0, 30, 10 do cb:set(t * 1e9, 1, t) end`,
    );
    expect(run(L, 'return cb:current_time(), cb:get(0, 1), cb:get(30e9, 1)')).toEqual([30e9, 0, 30]);
    // two rows forward: 0 and 10 scroll out, 40 and 50 are new and empty
    const [added, now, gone, kept, cleared] = run(
      L,
      'return cb:add(55e9, 1, 1), cb:current_time(), cb:get(10e9, 1), cb:get(20e9, 1), cb:get(40e9, 1)',
    );
    expect([added, now, gone, kept]).toEqual([1, 50e9, null, 20]);
    expect(cleared).toBeNaN();
    expect(outputOf(L, 'return cb')?.split('\n').slice(1)).toEqual(['20', '30', 'nan', '1', '']);
    // far ahead: everything is cleared
    run(L, 'cb:set(1000e9, 1, 5)');
    expect(outputOf(L, 'return cb')?.split('\n').slice(1)).toEqual(['nan', 'nan', 'nan', '5', '']);
    // get never advances; a time before the window is nil for every method
    expect(run(L, 'return cb:get(2000e9, 1), cb:current_time(), cb:add(960e9, 1, 1), cb:set(0, 1, 1)')).toEqual([
      null,
      1000e9,
      null,
      null,
    ]);
    // negative and fractional nanoseconds truncate toward zero like C
    expect(run(L, `${CB} local c = circular_buffer.new(2, 1, 1) return c:set(-0.5e9, 1, 3), c:get(0, 1)`)).toEqual([
      3, 3,
    ]);
  });

  it('handles current timestamps (floats beyond 2^53 ns) and integer arguments', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CB} local cb = circular_buffer.new(1440, 1, 60)
         local now = 1447267263123456789
         cb:add(now, 1, 1) cb:add(now + 1e9, 1, 1)
         return cb:current_time(), cb:get(1447267260e9, 1), cb:add(60, 1, 1)`,
      ),
    ).toEqual([1447267260e9, 2, null]);
    expect(run(L, `${CB} local cb = circular_buffer.new(2, 1, 1) return cb:set(1, 1, 2), cb:get(0, 1)`)).toEqual([
      2, 2,
    ]);
  });

  it('adding NaN gives NaN; NaN reads back as NaN', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CB} local s = circular_buffer.new(2, 1, 1)
         local nan = s:get(0, 1) local v = s:set(0, 1, 1) local w = s:add(0, 1, 0/0)
         return nan ~= nan, v, w ~= w`,
      ),
    ).toEqual([true, 1, true]);
  });

  it('format() returns the buffer and validates its argument', () => {
    const L = newState();
    // options are C strings: text after a NUL is not seen
    expect(
      run(L, `${CB} local cb = circular_buffer.new(2, 1, 1) cb:format("cbufd\\0junk") return cb:format("cbuf") == cb`),
    ).toEqual([true]);
    expect(run(L, `${CB} local cb = circular_buffer.new(2, 1, 1) return cb:format("cbufd") == cb`)).toEqual([true]);
    expect(runError(L, `${CB} circular_buffer.new(2, 1, 1):format("invalid")`)).toBe(
      "test:2: bad argument #1 to 'format' (invalid option 'invalid')",
    );
    expect(runError(L, `${CB} circular_buffer.new(2, 1, 1):format("cbuf", true)`)).toBe(
      "test:2: bad argument #-1 to 'format' (incorrect number of arguments)",
    );
    expect(runError(L, `${CB} circular_buffer.new(2, 1, 1):format()`)).toBe(
      "test:2: bad argument #-1 to 'format' (incorrect number of arguments)",
    );
  });
});

describe('circular_buffer argument errors (lua_circular_buffer test.lua and exact texts)', () => {
  it.each([
    ['circular_buffer.new(2)', "bad argument #0 to 'new' (incorrect number of arguments)"],
    ['circular_buffer.new(2, 1, 1, true, 5)', "bad argument #0 to 'new' (incorrect number of arguments)"],
    ['circular_buffer.new(nil, 1, 1)', "bad argument #1 to 'new' (number expected, got nil)"],
    ['circular_buffer.new(1, 1, 1)', "bad argument #1 to 'new' (rows must be > 1)"],
    ['circular_buffer.new(2, nil, 1)', "bad argument #2 to 'new' (number expected, got nil)"],
    ['circular_buffer.new(2, 0, 1)', "bad argument #2 to 'new' (columns must be > 0)"],
    ['circular_buffer.new(2, 1, nil)', "bad argument #3 to 'new' (number expected, got nil)"],
    ['circular_buffer.new(2, 1, 0)', "bad argument #3 to 'new' (seconds_per_row is out of range)"],
    ['cb:set(0, 2, 1.0)', "bad argument #2 to 'set' (column out of range)"],
    ['cb:set(0, 0, 1.0)', "bad argument #2 to 'set' (column out of range)"],
    ['cb:set(0, -1, 1.0)', "bad argument #2 to 'set' (column out of range)"],
    ['cb:set(0, nil, 1.0)', "bad argument #2 to 'set' (number expected, got nil)"],
    ['cb:set(nil, 1, 1.0)', "bad argument #1 to 'set' (number expected, got nil)"],
    ['cb.get(1, 1, 1)', "bad argument #1 to 'get' (mozsvc.circular_buffer expected, got number)"],
    ['cb:set(0, 1, nil)', "bad argument #3 to 'set' (number expected, got nil)"],
    ['cb:set(0)', "bad argument #-1 to 'set' (incorrect number of arguments)"],
    ['cb:add(0)', "bad argument #-1 to 'add' (incorrect number of arguments)"],
    ['cb:get(0)', "bad argument #-1 to 'get' (incorrect number of arguments)"],
    ['cb:compute(0)', "bad argument #-1 to 'compute' (incorrect number of arguments)"],
    ['cb:compute("func", 1)', "bad argument #1 to 'compute' (invalid option 'func')"],
    ['cb:compute("sum", 0)', "bad argument #2 to 'compute' (column out of range)"],
    ['cb:compute("sum", 1, 2e9, 1e9)', "bad argument #4 to 'compute' (end must be >= start)"],
    ['cb:get_header()', "bad argument #-1 to 'get_header' (incorrect number of arguments)"],
    ['cb:get_header(99)', "bad argument #1 to 'get_header' (column out of range)"],
    ['cb:set_header(1)', "bad argument #-1 to 'set_header' (incorrect number of arguments)"],
    ['cb:set_header(1, {})', "bad argument #2 to 'set_header' (string expected, got table)"],
    ['cb:set_header(1, "a", "b", "avg")', "bad argument #4 to 'set_header' (invalid option 'avg')"],
    ['cb:fromstring()', "bad argument #-1 to 'fromstring' (incorrect number of arguments)"],
    ['cb:fromstring("")', 'fromstring() too few values: 0, expected 2'],
    ['cb:fromstring("0 0 na 1")', 'fromstring() too many values, more than: 2'],
    ['cb:fromstring("0 0 1 2 3")', 'fromstring() too many values, more than: 2'],
    ['cb:fromstring("0 5 1 2")', 'fromstring() invalid current row: 5'],
    ['cb:mannwhitneyu()', "bad argument #-1 to 'mannwhitneyu' (incorrect number of arguments)"],
    ['cb:mannwhitneyu(nil, 0, 0, 0, 0)', "bad argument #1 to 'mannwhitneyu' (number expected, got nil)"],
    ['cb:mannwhitneyu(0, 0, 0, 0, 0)', "bad argument #1 to 'mannwhitneyu' (column out of range)"],
    ['cb:mannwhitneyu(1, 0, 5, 2, 7)', "bad argument #3 to 'mannwhitneyu' (ranges must not overlap)"],
    ['cb:mannwhitneyu(1, 5, 0, 2, 7)', "bad argument #3 to 'mannwhitneyu' (end_1 must be >= start_1)"],
    ['cb:mannwhitneyu(1, 0, 5, 10, 6)', "bad argument #5 to 'mannwhitneyu' (end_2 must be >= start_2)"],
    ['cb:mannwhitneyu(1, 0, 1, 2, 3, true, 5)', "bad argument #-1 to 'mannwhitneyu' (too many arguments)"],
    ['cb:mannwhitneyu(1, 0, 5, 6, 10, "a")', "bad argument #6 to 'mannwhitneyu' (use_continuity must be a boolean)"],
    ['cb.add({}, 0, 1, 1)', "bad argument #1 to 'add' (mozsvc.circular_buffer expected, got table)"],
  ])('%s fails: %s', (call, message) => {
    expect(runError(newState(), `${CB} local cb = circular_buffer.new(2, 1, 1)\n${call}`)).toBe(`test:3: ${message}`);
  });

  it('an out-of-range column is reported after the window already advanced (as in C)', () => {
    const L = newState();
    run(L, `${CB} cb = circular_buffer.new(2, 1, 1)`);
    expect(runError(L, 'cb:add(10e9, 5, 1)')).toBe("test:1: bad argument #2 to 'add' (column out of range)");
    expect(run(L, 'return cb:current_time()')).toEqual([10e9]);
  });

  it('raises "not enough memory" for a buffer beyond the sandbox memory_limit', () => {
    expect(runError(newState({ memory_limit: 32767 }), `${CB} circular_buffer.new(1000, 10, 1)`)).toBe(
      'not enough memory',
    );
    expect(run(newState({ memory_limit: 32767 }), `${CB} return circular_buffer.new(100, 10, 1) ~= nil`)).toEqual([
      true,
    ]);
    expect(runError(newState(), `${CB} circular_buffer.new(100000000, 256, 1)`)).toBe('not enough memory');
  });
});

describe('circular_buffer fromstring', () => {
  it('restores time, row and values in storage order (lua_circular_buffer test)', () => {
    const L = newState();
    expect(
      run(
        L,
        `${CB} local stats = circular_buffer.new(2, 1, 1)
         local t0 = stats:current_time()
         stats:set(0, 1, 1)
         stats:fromstring("1 1 nan 99")
         local nan = stats:get(0, 1)
         return t0, nan ~= nan, stats:get(1e9, 1)`,
      ),
    ).toEqual([1e9, true, 99]);
  });

  it('reads inf, -inf, hex and exponent forms with strtod, and leaves partial state on error', () => {
    const L = newState();
    run(L, `${CB} cb = circular_buffer.new(2, 2, 1)`);
    run(L, 'cb:fromstring("  7 0 inf -inf 0x10 1e2  ")');
    expect(outputOf(L, 'return cb')?.split('\n')).toEqual([
      '{"time":6,"rows":2,"columns":2,"seconds_per_row":1,"column_info":[{"name":"Column_1","unit":"count","aggregation":"sum"},{"name":"Column_2","unit":"count","aggregation":"sum"}]}',
      '16\t100',
      'inf\t-inf',
      '',
    ]);
    expect(runError(L, 'cb:fromstring("9 1 5")')).toBe('test:1: fromstring() too few values: 1, expected 4');
    expect(run(L, 'return cb:current_time(), cb:get(8e9, 1)')).toEqual([9e9, 5]);
  });

  it('restores deltas into a delta buffer; a broken delta list is rejected', () => {
    const L = newState();
    run(L, `${CB} cb = circular_buffer.new(2, 2, 1, true)`);
    run(L, 'cb:fromstring("1 1 1 2 3 4 0 3 4 1 5 6")');
    expect(outputOf(L, 'return cb:format("cbufd")')?.split('\n').slice(1)).toEqual(['0\t3\t4', '1\t5\t6', '']);
    expect(runError(L, 'cb:fromstring("1 1 1 2 3 4 0 3")')).toBe('fromstring() invalid delta');
    expect(runError(L, 'cb:fromstring("1 1 1 2 3 4 0 x 4")')).toBe('fromstring() invalid delta');
  });
});
