import { describe, expect, it } from 'vitest';
import { eval1, luaLiteral, newState, run, runError } from './helpers.js';

const J = 'local cjson = require "cjson"\n';

describe('cjson module', () => {
  it('is the global cjson, without new/safe/encode_keep_buffer, with null, _NAME and _VERSION', () => {
    const L = newState();
    expect(
      run(
        L,
        `local cj = require "cjson"
         return cj == cjson, cj.new == nil, cj.safe == nil, cj.encode_keep_buffer == nil,
                type(cj.null), cj._NAME, cj._VERSION, cj.decode_null ~= nil`,
      ),
    ).toEqual([true, true, true, true, 'userdata', 'cjson', '2.1.0', true]);
  });
});

describe('cjson.decode', () => {
  it('decodes nested values (lua_sandbox test)', () => {
    expect(eval1(`${J} local v = cjson.decode("[ true, { \\"foo\\": \\"bar\\" } ]") return v[2].foo`)).toBe('bar');
  });

  it('drops JSON null unless decode_null(true), then returns cjson.null', () => {
    const L = newState();
    const nullJson = `'{"test" : 1, "null" : null, "a": [1, null, 3]}'`;
    expect(
      run(L, `${J} local v = cjson.decode(${nullJson}) return v.null == nil, v.test, v.a[1], v.a[2], v.a[3]`),
    ).toEqual([true, 1, 1, null, 3]);
    expect(
      run(
        L,
        `${J} local on = cjson.decode_null(true) local v = cjson.decode(${nullJson})
         return on, type(v.null), v.null == cjson.null, v.a[2] == cjson.null, cjson.decode_null(false)`,
      ),
    ).toEqual([true, 'userdata', true, true, false]);
    expect(
      run(L, `${J} return cjson.decode("null") == nil, cjson.decode_null("on"), cjson.decode_null("off")`),
    ).toEqual([true, true, false]);
  });

  it('decodes numbers as floats with strtod, including the forms only lua-cjson accepts', () => {
    const L = newState();
    expect(run(L, `${J} return table.unpack(cjson.decode('[ 0.0, -5e3, -1, 0.3e-3, 1023.2, 0e10 ]'))`)).toEqual([
      0, -5000, -1, 0.0003, 1023.2, 0,
    ]);
    expect(run(L, `${J} return math.type(cjson.decode("1")), cjson.decode(123), cjson.decode("0x6.ffp1")`)).toEqual([
      'float',
      123,
      13.9921875,
    ]);
    expect(run(L, `${J} return table.unpack(cjson.decode('[ 0123, 00.33, +5 ]'))`)).toEqual([123, 0.33, 5]);
    expect(run(L, `${J} return table.unpack(cjson.decode('[ +Inf, Inf, -Infinity ]'))`)).toEqual([
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
    ]);
    expect(run(L, `${J} local t = cjson.decode('[ +NaN, NaN, -NaN ]') return t[1] ~= t[1], t[3] ~= t[3]`)).toEqual([
      true,
      true,
    ]);
  });

  it('decodes escapes and surrogate pairs to UTF-8 bytes, other bytes unchanged', () => {
    const L = newState();
    const [s] = run(L, `${J} return cjson.decode([["\\u00e9\\ud83d\\ude00\\uF800\\/\\b\\f\\n\\r\\t\\"\\\\\\u0000x"]])`);
    expect(s).toBe('\xc3\xa9\xf0\x9f\x98\x80\xef\xa0\x80/\b\f\n\r\t"\\\x00x');
    expect(run(L, `${J} return cjson.decode('"\\xff\\x01"')`)).toEqual(['\xff\x01']);
  });

  it('reads the input as a C string: a NUL ends it', () => {
    const L = newState();
    expect(run(L, `${J} return cjson.decode("[1]\\0garbage")[1]`)).toEqual([1]);
    expect(runError(L, `${J} cjson.decode('"ab\\0cd"')`)).toBe(
      'test:2: Expected value but found unexpected end of string at character 4',
    );
  });

  it.each([
    ['\0"\0"', 'JSON parser does not support UTF-16 or UTF-32'],
    ['"\0\0\0', 'JSON parser does not support UTF-16 or UTF-32'],
    ['', 'Expected value but found T_END at character 1'],
    ['{ "unexpected eof": ', 'Expected value but found T_END at character 21'],
    ['{ "extra data": true }, false', 'Expected the end but found T_COMMA at character 23'],
    [' { "bad escape \\q code" } ', 'Expected object key string but found invalid escape code at character 16'],
    [
      ' { "bad unicode \\u0f6 escape" } ',
      'Expected object key string but found invalid unicode escape code at character 17',
    ],
    [' [ "bad barewood", test ] ', 'Expected value but found invalid token at character 20'],
    ['[ -+12 ]', 'Expected value but found invalid number at character 3'],
    ['-v', 'Expected value but found invalid number at character 1'],
    ['[ 0.4eg10 ]', 'Expected comma or array end but found invalid token at character 6'],
    ['Infrared', 'Expected the end but found invalid token at character 4'],
    ['Noodle', 'Expected value but found invalid token at character 1'],
    ['{"a" 1}', 'Expected colon but found T_NUMBER at character 6'],
    ['{"a":1 "b":2}', 'Expected comma or object end but found T_STRING at character 8'],
    ['{1:2}', 'Expected object key string but found T_NUMBER at character 2'],
    ['"\\uDC00\\uD800"', 'Expected value but found invalid unicode escape code at character 2'],
    ['"\\uDB00\\uDB00"', 'Expected value but found invalid unicode escape code at character 2'],
    ['"\\uDB00"', 'Expected value but found invalid unicode escape code at character 2'],
    ['"\\uDB00\\uD"', 'Expected value but found invalid unicode escape code at character 2'],
    ['.5', 'Expected value but found invalid token at character 1'],
  ])('decode(%j) fails: %s', (json, message) => {
    expect(runError(newState(), `${J} cjson.decode(${luaLiteral(json)})`)).toBe(`test:2: ${message}`);
  });

  it('rejects hex, leading zeros, Inf and NaN once decode_invalid_numbers is off', () => {
    const L = newState();
    expect(run(L, `${J} return cjson.decode_invalid_numbers(false)`)).toEqual([false]);
    expect(runError(L, `${J} cjson.decode('0x6')`)).toBe(
      'test:2: Expected value but found invalid number at character 1',
    );
    expect(runError(L, `${J} cjson.decode('[ 0123 ]')`)).toBe(
      'test:2: Expected value but found invalid number at character 3',
    );
    expect(runError(L, `${J} cjson.decode('[ -Inf ]')`)).toBe(
      'test:2: Expected value but found invalid number at character 3',
    );
    expect(runError(L, `${J} cjson.decode('[ +1 ]')`)).toBe(
      'test:2: Expected value but found invalid token at character 3',
    );
    expect(runError(L, `${J} cjson.decode('NaN')`)).toBe(
      'test:2: Expected value but found invalid token at character 1',
    );
    expect(run(L, `${J} return cjson.decode('-0.5e1'), cjson.decode_invalid_numbers("on")`)).toEqual([-5, true]);
  });

  it('limits nesting depth (decode_max_depth)', () => {
    const L = newState();
    expect(run(L, `${J} return cjson.decode_max_depth(5)`)).toEqual([5]);
    expect(run(L, `${J} return cjson.decode('[[[[[ "nested" ]]]]]')[1][1][1][1][1]`)).toEqual(['nested']);
    expect(runError(L, `${J} cjson.decode('[[[[[[ "nested" ]]]]]]')`)).toBe(
      'test:2: Found too many nested data structures (6) at character 6',
    );
    expect(runError(L, `${J} cjson.decode('{"a":{"b":{"c":{"d":{"e":{"f":"nested"}}}}}}')`)).toBe(
      'test:2: Found too many nested data structures (6) at character 26',
    );
    run(L, `${J} cjson.decode_max_depth(1000)`);
    expect(runError(L, `${J} cjson.decode(string.rep("[", 1100) .. "1" .. string.rep("]", 1100))`)).toBe(
      'test:2: Found too many nested data structures (1001) at character 1001',
    );
  });

  it('checks its argument count and type', () => {
    const L = newState();
    expect(runError(L, `${J} cjson.decode()`)).toBe("test:2: bad argument #1 to 'decode' (expected 1 argument)");
    expect(runError(L, `${J} cjson.decode("1", 2)`)).toBe("test:2: bad argument #1 to 'decode' (expected 1 argument)");
    expect(runError(L, `${J} cjson.decode({})`)).toBe(
      "test:2: bad argument #1 to 'decode' (string expected, got table)",
    );
  });
});

describe('cjson.encode', () => {
  it.each([
    ['cjson.null', 'null'],
    ['nil', 'null'],
    ['true', 'true'],
    ['false', 'false'],
    ['{}', '{}'],
    ['10', '10'],
    ['"hello"', '"hello"'],
    ['0.1', '0.1'],
    ['1/3', '0.33333333333333'],
    ['-1.5e-7', '-1.5e-07'],
    ['1e15', '1e+15'],
    ['99999999999999', '99999999999999'],
    ['123456789012345', '1.2345678901234e+14'],
    ['2^53', '9.007199254741e+15'],
    ['-0.0', '-0'],
    ['{1, 2, "three", {4}}', '[1,2,"three",[4]]'],
    ['{a = {b = {1, {}}}}', '{"a":{"b":[1,{}]}}'],
    ['{[3] = "sparse test"}', '[null,null,"sparse test"]'],
    ['{[1] = "one", [4] = "sparse test"}', '["one",null,null,"sparse test"]'],
    ['{["2"] = "numeric string key"}', '{"2":"numeric string key"}'],
    ['{[1.5] = "x"}', '{"1.5":"x"}'],
    ['{[0] = "x"}', '{"0":"x"}'],
    ['{1, 2, x = 3}', '{"1":1,"2":2,"x":3}'],
    ['{[5] = 5, [2] = 2, y = 0, [1] = 1}', '{"1":1,"2":2,"5":5,"y":0}'],
  ])('encode(%s) = %s', (lua, json) => {
    expect(eval1(`${J} return cjson.encode(${lua})`)).toBe(json);
  });

  it('escapes control characters, quote, backslash, slash and DEL; other bytes pass through', () => {
    const [json] = run(
      newState(),
      `${J} local t = {} for i = 0, 31 do t[#t + 1] = string.char(i) end
       return cjson.encode(table.concat(t) .. '"\\\\/' .. string.char(127, 128, 255) .. "é")`,
    );
    const controls = Array.from({ length: 32 }, (_, c) => {
      const short: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r' };
      return short[c] ?? `\\u${c.toString(16).padStart(4, '0')}`;
    }).join('');
    expect(json).toBe(`"${controls}\\"\\\\\\/\\u007f\x80\xff\xc3\xa9"`);
  });

  it('writes positive integer keys first, ascending, then the others in table order', () => {
    expect(eval1(`${J} return cjson.encode({b = 1, a = 2, c = {z = 1, y = 2}})`)).toBe(
      '{"b":1,"a":2,"c":{"z":1,"y":2}}',
    );
    expect(eval1(`${J} return cjson.encode(cjson.decode('{"z":1,"a":[true,false],"m":"x"}'))`)).toBe(
      '{"z":1,"a":[true,false],"m":"x"}',
    );
  });

  it('follows encode_number_precision', () => {
    const L = newState();
    expect(run(L, `${J} return cjson.encode_number_precision(3), cjson.encode(1/3)`)).toEqual([3, '0.333']);
    expect(run(L, `${J} return cjson.encode_number_precision(17), cjson.encode(0.1)`)).toEqual([
      17,
      '0.10000000000000001',
    ]);
    expect(runError(L, `${J} cjson.encode_number_precision(0)`)).toBe(
      "test:2: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 17)",
    );
    expect(runError(L, `${J} cjson.encode_number_precision(18)`)).toBe(
      "test:2: bad argument #1 to 'encode_number_precision' (expected integer between 1 and 17)",
    );
    expect(runError(L, `${J} cjson.encode_number_precision("five")`)).toBe(
      "test:2: bad argument #1 to 'encode_number_precision' (number expected, got string)",
    );
  });

  it('handles NaN and infinities per encode_invalid_numbers', () => {
    const L = newState();
    expect(runError(L, `${J} cjson.encode(0/0)`)).toBe('test:2: Cannot serialise number: must not be NaN or Infinity');
    expect(runError(L, `${J} cjson.encode({[1/0] = 1})`)).toBe(
      'test:2: Cannot serialise number: must not be NaN or Infinity',
    );
    expect(run(L, `${J} return cjson.encode_invalid_numbers("null"), cjson.encode({0/0, 1/0})`)).toEqual([
      'null',
      '[null,null]',
    ]);
    expect(run(L, `${J} return cjson.encode_invalid_numbers(true), cjson.encode({0/0, 1/0, -1/0})`)).toEqual([
      true,
      '[NaN,Infinity,-Infinity]',
    ]);
    expect(run(L, `${J} return cjson.encode_invalid_numbers("off")`)).toEqual([false]);
    expect(runError(L, `${J} cjson.encode_invalid_numbers(-2)`)).toBe(
      "test:2: bad argument #1 to 'encode_invalid_numbers' (invalid option '-2')",
    );
  });

  it('treats excessively sparse arrays per encode_sparse_array', () => {
    const L = newState();
    expect(runError(L, `${J} cjson.encode({[1] = "one", [20] = "x"})`)).toBe(
      'test:2: Cannot serialise table: excessively sparse array',
    );
    expect(run(L, `${J} return cjson.encode_sparse_array(true, 2, 3)`)).toEqual([true, 2, 3]);
    expect(run(L, `${J} return cjson.encode({[1] = "one", [5] = "sparse test"})`)).toEqual([
      '{"1":"one","5":"sparse test"}',
    ]);
    expect(run(L, `${J} return cjson.encode({[1] = "one", [4] = "sparse test"})`)).toEqual([
      '["one",null,null,"sparse test"]',
    ]);
    expect(run(L, `${J} return cjson.encode_sparse_array(false, 0, 0)`)).toEqual([false, 0, 0]);
    // ratio 0: any sparse array stays an array
    expect(run(L, `${J} return #cjson.encode({[100] = 1})`)).toEqual([498]);
  });

  it('refuses unsupported values and keys', () => {
    const L = newState();
    expect(runError(L, `${J} cjson.encode(print)`)).toBe('test:2: Cannot serialise function: type not supported');
    expect(runError(L, `${J} cjson.encode({[true] = 1})`)).toBe(
      'test:2: Cannot serialise boolean: table key must be a number or string',
    );
    expect(runError(L, `${J} require "circular_buffer" cjson.encode({circular_buffer.new(2, 1, 1)})`)).toBe(
      'test:2: Cannot serialise userdata: type not supported',
    );
    expect(runError(L, `${J} cjson.encode()`)).toBe("test:2: bad argument #1 to 'encode' (expected 1 argument)");
  });

  it('limits nesting (encode_max_depth), which also catches cycles', () => {
    const L = newState();
    expect(run(L, `${J} return cjson.encode_max_depth(5), cjson.encode({{{{{"nested"}}}}})`)).toEqual([
      5,
      '[[[[["nested"]]]]]',
    ]);
    expect(runError(L, `${J} cjson.encode({{{{{{"nested"}}}}}})`)).toBe(
      'test:2: Cannot serialise, excessive nesting (6)',
    );
    expect(runError(L, `${J} local t = {} t[1] = t cjson.encode(t)`)).toBe(
      'test:2: Cannot serialise, excessive nesting (6)',
    );
    run(L, `${J} cjson.encode_max_depth(1000)`);
    expect(runError(L, `${J} local t = {} t.a = t cjson.encode(t)`)).toBe(
      'test:2: Cannot serialise, excessive nesting (1001)',
    );
  });
});

describe('cjson configuration functions (lua_sandbox build)', () => {
  it('no longer pad missing arguments with nil, so a bare query is an argument error', () => {
    // encode_sparse_array(false): the value pushed for argument 1 is then read as argument 2, as in C
    const L = newState();
    expect(runError(L, `${J} cjson.encode_max_depth()`)).toBe(
      "test:2: bad argument #1 to 'encode_max_depth' (number expected, got no value)",
    );
    expect(runError(L, `${J} cjson.decode_null()`)).toBe(
      "test:2: bad argument #1 to 'decode_null' (string expected, got no value)",
    );
    expect(runError(L, `${J} cjson.encode_sparse_array(false)`)).toBe(
      "test:2: bad argument #2 to 'encode_sparse_array' (number expected, got boolean)",
    );
    expect(
      run(L, `${J} return cjson.encode_max_depth(nil), cjson.decode_max_depth(nil), cjson.decode_null(nil)`),
    ).toEqual([1000, 1000, false]);
  });

  it('reject extra arguments and bad values', () => {
    const L = newState();
    expect(runError(L, `${J} cjson.decode_invalid_numbers(true, false)`)).toBe(
      "test:2: bad argument #2 to 'decode_invalid_numbers' (found too many arguments)",
    );
    expect(runError(L, `${J} cjson.encode_sparse_array("not quite on")`)).toBe(
      "test:2: bad argument #1 to 'encode_sparse_array' (invalid option 'not quite on')",
    );
    expect(runError(L, `${J} cjson.decode_max_depth("0")`)).toBe(
      "test:2: bad argument #1 to 'decode_max_depth' (expected integer between 1 and 2147483647)",
    );
    expect(runError(L, `${J} cjson.encode_sparse_array(true, 1, -1)`)).toBe(
      "test:2: bad argument #1 to 'encode_sparse_array' (expected integer between 0 and 2147483647)",
    );
    expect(run(L, `${J} return cjson.encode_max_depth(7.9)`)).toEqual([7]);
  });

  it('keep a separate configuration per opened module (per sandbox)', () => {
    const a = newState();
    const b = newState();
    run(a, `${J} cjson.decode_null(true)`);
    expect(run(a, `${J} return cjson.decode("null") == cjson.null`)).toEqual([true]);
    expect(run(b, `${J} return cjson.decode("null") == nil`)).toEqual([true]);
  });
});

describe('cjson.encode and the sandbox output_limit (registry lsb_config.output_limit)', () => {
  it('fails when the encoded text could pass the limit (lua_sandbox test: 64 bytes)', () => {
    const L = newState({ output_limit: 64 });
    const js = `'["this is a test","this is a test","this is a test","this is a test","this is a test"]'`;
    expect(run(L, `${J} local t = cjson.decode(${js}) return #t`)).toEqual([5]);
    expect(runError(L, `${J} cjson.encode(cjson.decode(${js}))`)).toBe('test:2: strbuf output_limit exceeded');
  });

  it('reserves len*6+2 bytes per string and 32 per number, as lua-cjson did', () => {
    const L = newState({ output_limit: 64 });
    // a string of n bytes needs 6n+2 free bytes plus the terminator: n = 10 fits in 64, n = 11 does not
    expect(run(L, `${J} return cjson.encode(string.rep("x", 10))`)).toEqual([`"${'x'.repeat(10)}"`]);
    expect(runError(L, `${J} cjson.encode(string.rep("x", 11))`)).toBe('test:2: strbuf output_limit exceeded');
    expect(runError(newState({ output_limit: 32 }), `${J} cjson.encode(1)`)).toBe(
      'test:2: strbuf output_limit exceeded',
    );
    expect(run(newState({ output_limit: 33 }), `${J} return cjson.encode(1)`)).toEqual(['1']);
    // lua_sandbox's output_errors test: 10 strings in 128 bytes
    expect(
      runError(
        newState({ output_limit: 128 }),
        `${J} local t = {} for i = 1, 10 do t[#t + 1] = "this is a test" end cjson.encode(t)`,
      ),
    ).toBe('test:2: strbuf output_limit exceeded');
  });

  it('is unbounded without a limit (lua_sandbox cjson_unlimited: 103001 bytes)', () => {
    const [len] = run(
      newState(),
      `${J} local ls = string.rep("0123456789", 10) local t = {}
       for i = 1, 1000 do t[#t + 1] = ls end return #cjson.encode(t)`,
    );
    expect(len).toBe(103001);
    expect(run(newState({ output_limit: 0 }), `${J} return #cjson.encode({string.rep("a", 100000)})`)).toEqual([
      100004,
    ]);
  });
});
