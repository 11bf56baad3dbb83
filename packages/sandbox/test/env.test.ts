/** The environment per kind, require, what a script cannot reach, UTC time, and Lua 5.1 compatibility. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { dir, evaluate, make, run } from './helpers.js';

const names = (expr: string): string =>
  `local k = {} for n in pairs(${expr}) do if n ~= "process_message" then k[#k + 1] = n end end
   table.sort(k) add_to_payload(table.concat(k, " ")) inject_payload()`;

describe('environment per kind', () => {
  it('gives decoders, filters and encoders lua_sandbox 0.x names and nothing that reaches the host', async () => {
    for (const kind of ['decoder', 'filter', 'encoder'] as const) {
      const globals = await evaluate(kind, names('_G'));
      const api = kind === 'filter' ? '' : ' write_message';
      expect(globals, kind).toBe(
        '_G _VERSION add_to_payload assert decode_message error gcinfo getfenv getmetatable inject_message ' +
          'inject_payload ipairs math module next os package pairs pcall rawequal rawget rawset read_config ' +
          `read_message read_next_field require select setfenv setmetatable string table tonumber tostring type unpack${api} xpcall`,
      );
    }
    expect(await evaluate('filter', names('os'))).toBe('clock date difftime time');
    expect(await evaluate('filter', names('string'))).toBe(
      'byte char dump find format gfind gmatch gsub len lower match rep reverse sub upper',
    );
    expect(await evaluate('filter', names('table'))).toBe('concat foreach foreachi getn insert maxn remove setn sort');
    expect(await evaluate('filter', names('math'))).toBe(
      'abs acos asin atan atan2 ceil cos cosh deg exp floor fmod frexp huge ldexp log log10 max min mod modf pi pow rad random randomseed sin sinh sqrt tan tanh',
    );
    expect(await evaluate('filter', names('package'))).toBe('');
    expect(await evaluate('filter', 'inject_payload("txt", "", _VERSION)')).toBe('Lua 5.1');
  });

  it('gives inputs and outputs the looser profile: io, coroutine, collectgarbage and most of os', async () => {
    const m = await make(
      'output',
      `function process_message()
         local k = {}
         for n in pairs(_G) do k[#k + 1] = n end
         for n in pairs(os) do k[#k + 1] = "os." .. n end
         table.sort(k)
         local f = io.open(read_message("Payload"), "w")
         f:write(table.concat(k, " "))
         f:close()
         return 0
       end`,
    );
    const out = join(dir, 'output-names.txt');
    m.sb.setMessage(new Message({ payload: out }));
    expect(await m.sb.callAsync('process_message')).toBe(0);
    const text = readFileSync(out, 'utf8');
    for (const n of [
      'collectgarbage',
      'coroutine',
      'newproxy',
      'read_message',
      'os.execute',
      'os.getenv',
      'os.remove',
    ]) {
      expect(text.split(' ')).toContain(n);
    }
    for (const n of [
      'print',
      'load',
      'loadstring',
      'dofile',
      'loadfile',
      'os.exit',
      'os.setlocale',
      'inject_message',
    ]) {
      expect(text.split(' ')).not.toContain(n);
    }
    expect(text.split(' ')).toContain('io');
  });

  it('leaves no way to Node, the file system or other Lua states from a filter', async () => {
    const out = await evaluate(
      'filter',
      `local probes = {
         io = io, debug = debug, load = load, loadstring = loadstring, dofile = dofile, loadfile = loadfile,
         print = print, fengari = fengari, js = js, collectgarbage = collectgarbage, coroutine = coroutine,
         execute = os.execute, getenv = os.getenv, remove = os.remove, loadlib = package.loadlib,
         searchers = package.searchers, loaders = package.loaders, rawlen = rawlen, utf8 = utf8 }
       local found = {}
       for k in pairs(probes) do found[#found + 1] = k end
       local ok, err = pcall(require, "io")
       local ok2, err2 = pcall(require, "../../etc/passwd")
       local ok3, err3 = pcall(require, "debug")
       add_to_payload(#found, "|", tostring(ok), " ", err, "|", tostring(ok2), " ", err2, "|", tostring(ok3))
       inject_payload()`,
    );
    expect(out).toBe("0|false module 'io' disabled|false invalid module name '../../etc/passwd'|false");
  });

  it('runs in UTC whatever the process time zone is', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const out = await evaluate(
        'filter',
        `local t = os.date("*t", 86400 * 365)
         add_to_payload(os.date("%Y-%m-%d %H:%M:%S %Z", 0), "|", os.date("!%c", 1e9), "|", os.date("%j %a %b %p", 1e9), "|",
           t.year, "-", t.month, "-", t.day, " ", t.hour, " ", tostring(t.isdst), "|",
           os.time({year = 1970, month = 1, day = 2, hour = 0}), "|", os.time({year = 2038, month = 1, day = 20}), "|",
           os.time() > 1.7e9, "|", os.difftime(10, 4), "|", type(os.clock()))
         inject_payload()`,
      );
      expect(out).toBe(
        '1970-01-01 00:00:00 UTC|Sun Sep  9 01:46:40 2001|252 Sun Sep AM|1971-1-1 0 false|86400|2147601600|true|6|number',
      );
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    const missing = await make('filter', 'function process_message()\nos.time({year = 2000})\nreturn 0 end');
    expect(run(missing.sb)[1]).toBe(`process_message() ${missing.path}:2: field 'month' missing in date table`);
  });
});

describe('require', () => {
  const modules = join(dir, 'modules');
  mkdirSync(join(modules, 'foo'), { recursive: true });
  writeFileSync(
    join(modules, 'dummy.lua'),
    `local M = {}
     local string = require "string"
     setfenv(1, M) -- Heka's modules hide the globals this way
     function upper(s) return string.upper(s) end
     hidden = true
     return M`,
  );
  writeFileSync(join(modules, 'foo', 'bar.lua'), 'module("foo.bar")\nfunction twice(x) return 2 * x end');
  writeFileSync(join(modules, 'bad_module.lua'), 'local x = nilvalue + 1');
  writeFileSync(join(modules, 'loop_a.lua'), 'require "loop_b" return {}');
  writeFileSync(join(modules, 'loop_b.lua'), 'require "loop_a" return {}');
  writeFileSync(join(modules, 'nothing.lua'), 'x_from_nothing = 1');

  it('loads Lua modules from module_directory, once, with 5.1 module conventions', async () => {
    const m = await make(
      'filter',
      `local d = require "dummy"
       require "foo.bar"
       function process_message()
         inject_payload("txt", "", d.upper("abc"), " ", tostring(hidden), " ", tostring(d.hidden), " ",
           foo.bar.twice(21), " ", foo.bar._NAME, " ", foo.bar._PACKAGE, " ", tostring(require("dummy") == d), " ",
           tostring(require("nothing")), " ", x_from_nothing)
         return 0
       end`,
      { moduleDirectories: [join(dir, 'nowhere'), modules] },
    );
    expect(run(m.sb)).toEqual([0, '']);
    expect(m.injected[0]?.text).toBe('ABC nil true 42 foo.bar foo. true true 1');
  });

  it('reports missing and broken modules as lua_sandbox did', async () => {
    const cases: [string, string][] = [
      [
        'require("unknown")',
        `%s:2: module 'unknown' not found:\n\tno file '${modules}/unknown.lua'\n\tno file '${modules}/unknown.so'`,
      ],
      [
        'require("foo.baz")',
        `%s:2: module 'foo.baz' not found:\n\tno file '${modules}/foo/baz.lua'\n\tno file '${modules}/foo/baz.so'\n\tno file '${modules}/foo.so'`,
      ],
      [
        'require("bad_module")',
        `${modules}/bad_module.lua:1: attempt to perform arithmetic on global 'nilvalue' (a nil value)`,
      ],
      ['require("../invalid")', "invalid module name '../invalid'"],
      ['require("loop_a")', `${modules}/loop_b.lua:1: loop or previous error loading module 'loop_a'`],
    ];
    for (const [call, error] of cases) {
      const m = await make('filter', `function process_message()\n${call}\nreturn 0 end`, {
        moduleDirectories: [modules],
      });
      // Error messages are cut at 255 bytes, as lua_sandbox's error buffer cut them.
      const want = Buffer.from(`process_message() ${error.replace('%s', m.path)}`)
        .subarray(0, 255)
        .toString();
      expect(run(m.sb), call).toEqual([1, want]);
    }
  });

  it('gives the standard libraries and the built-in modules (cjson, circular_buffer, ...) as globals', async () => {
    const out = await evaluate(
      'filter',
      `local s = require "string"
       local cj = require "cjson"
       require "circular_buffer"
       local cb = circular_buffer.new(2, 1, 1)
       add_to_payload(tostring(s == string), " ", tostring(cj == cjson), " ", cjson.encode({1, 2}), " ", type(cb))
       inject_payload()`,
    );
    expect(out).toBe('true true [1,2] userdata');
  });
});

describe('Lua 5.1 numbers on a Lua 5.3 VM', () => {
  it('keeps integer literals exact past 32 bits and prints numbers as 5.1 did', async () => {
    const out = await evaluate(
      'filter',
      `local ns = 60*60*24*365*1000000000
       add_to_payload(string.format("%d", ns), " ", tostring(ns), " ", 10 .. "", " ", tostring(10 / 2), " ", tostring(2^53), " ", tostring(1e15), " ",
         tostring(0.1), " ", tostring(-0.0), " ", tostring(1/0), " ", tostring(-1/0), " ", tostring(0xFFFFFFFF), " ",
         tostring("10" + 5), " ", tostring(math.floor(3.7)), " ", tostring(2^31 * 2), " ", tostring(7 % 3), " ",
         tostring(123456789012), " ", #"abc" * 1e9)
       inject_payload()`,
    );
    expect(out).toBe(
      '31536000000000000 3.1536e+16 10 5 9.007199254741e+15 1e+15 0.1 -0 inf -inf 4294967295 15 3 4294967296 1 123456789012 3000000000',
    );
  });

  it('converts with tonumber as 5.1 did', async () => {
    const out = await evaluate(
      'filter',
      `local r = {tonumber("0x10"), tonumber("10", 2), tonumber("z", 36), tostring(tonumber("abc")), tonumber(" 12 "),
         tonumber("1e3"), tostring(tonumber("12", 2)), tonumber("-ff", 16), tostring(tonumber({}))}
       for i = 1, #r do r[i] = tostring(r[i]) end
       add_to_payload(table.concat(r, ","))
       inject_payload()`,
    );
    expect(out).toBe('16,2,35,nil,12,1000,nil,-255,nil');
    // Plain digits (the fast path) and what only looks like them.
    const digits = await evaluate(
      'filter',
      `local r = {tonumber("007"), tonumber("0"), tonumber("123456789012345"), tonumber("1234567890123456"),
         tostring(tonumber("")), tostring(tonumber("12a")), tonumber("12.5"), tostring(tonumber("1 2")), tonumber(12)}
       for i = 1, #r do r[i] = tostring(r[i]) end
       add_to_payload(table.concat(r, ","), " ", math.type and "5.3" or "5.1", " ", tonumber("200") + 2^31)
       inject_payload()`,
    );
    expect(digits).toBe('7,0,1.2345678901234e+14,1.2345678901235e+15,nil,nil,12.5,nil,12 5.1 2147483848');
  });

  it('formats with string.format as 5.1 did (numbers are doubles: %d takes any)', async () => {
    const out = await evaluate(
      'filter',
      `add_to_payload(string.format("%d|%d|%5.2f|%-5d|%05d|%x|%X|%o|%e|%g|%g|%s|%s|%q|%c|%%|%+d|%.3s|%10.4f|%#x|%i",
         1.5e18, 3.7, 3.14159, 42, -42, 255, 255, 8, 12345.678, 0.0001, 1e20, 1e15, "str", 'a "q"\\n\\0', 65, 5, "abcdef", -2.5, 255, -7.9))
       inject_payload()`,
    );
    expect(out).toBe(
      '1500000000000000000|3| 3.14|42   |-0042|ff|FF|10|1.234568e+04|0.0001|1e+20|1e+15|str|"a \\"q\\"\\\n\\000"|A|%|+5|abc|   -2.5000|0xff|-7',
    );
    const bad = await make('filter', 'function process_message()\nstring.format("%y", 1)\nreturn 0 end');
    expect(run(bad.sb)[1]).toBe(`process_message() ${bad.path}:2: invalid option '%y' to 'format'`);
    const table = await make('filter', 'function process_message()\nstring.format("%s", {})\nreturn 0 end');
    expect(run(table.sb)[1]).toBe(
      `process_message() ${table.path}:2: bad argument #2 to 'format' (string expected, got table)`,
    );
  });

  it('provides the 5.1 functions Heka scripts use', async () => {
    const out = await evaluate(
      'filter',
      `local t = {10, 20, 30, n = 1}
       local seen = {}
       table.foreach({a = 1}, function(k, v) seen[#seen + 1] = k .. v end)
       table.foreachi(t, function(i, v) seen[#seen + 1] = i .. ":" .. v end)
       local a, b, c = unpack(t)
       local m, e = math.frexp(8)
       local words = {}
       for w in string.gfind("one two", "%a+") do words[#words + 1] = w end
       add_to_payload(table.getn(t), " ", table.maxn({[1] = 1, [7] = 1}), " ", a + b + c, " ", math.pow(2, 10), " ",
         math.mod(7, 3), " ", math.log10(1000), " ", math.ldexp(0.5, 4), " ", m, " ", e, " ",
         string.format("%.4f", math.atan2(1, 1)), " ", table.concat(seen, ","), " ", table.concat(words, "+"), " ",
         gcinfo() > 0, " ", tostring(getfenv(1) == _G), " ", tostring(getfenv(0) == _G))
       math.randomseed(42)
       local r1 = math.random(1, 100)
       math.randomseed(42)
       add_to_payload(" ", tostring(r1 == math.random(1, 100)), " ", tostring(math.random() < 1), " ",
         tostring(pcall(table.setn, t, 1)))
       inject_payload()`,
    );
    expect(out).toBe('3 7 60 1024 1 3 8 0.5 4 0.7854 a1,1:10,2:20,3:30 one+two true true true true true false');
  });

  it('setfenv changes where a function reads and writes globals', async () => {
    const out = await evaluate(
      'filter',
      `local env = {tostring = tostring}
       local function f() x = 1 return tostring(y) end
       setfenv(f, env)
       env.y = "from env"
       local r = f()
       add_to_payload(r, " ", env.x, " ", tostring(x), " ", tostring(getfenv(f) == env))
       inject_payload()`,
    );
    expect(out).toBe('from env 1 nil true');
  });
});
