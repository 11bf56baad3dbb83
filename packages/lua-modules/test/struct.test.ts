import { describe, expect, it } from 'vitest';
import { newState, run, runError } from './helpers.js';

const S = 'require "struct"\n';
const hex = (s: string) => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join(' ');

function packHex(fmt: string, args: string): string {
  const [s] = run(newState(), `${S} return struct.pack("${fmt}", ${args})`);
  return hex(s as string);
}

describe('struct.pack', () => {
  it('packs the lua_sandbox test value', () => {
    expect(
      run(newState(), `${S} return struct.pack("<i4", 7) == "\\7\\0\\0\\0", struct.unpack("<i4", "\\7\\0\\0\\0")`),
    ).toEqual([true, 7, 5]);
  });

  it.each([
    ['b', '-1', 'ff'],
    ['B', '255', 'ff'],
    ['<h', '-2', 'fe ff'],
    ['>H', '0x1234', '12 34'],
    ['<l', '-1', 'ff ff ff ff ff ff ff ff'],
    ['>L', '2^40', '00 00 01 00 00 00 00 00'],
    ['<T', '5', '05 00 00 00 00 00 00 00'],
    ['i', '1', '01 00 00 00'],
    ['>I3', '0x010203', '01 02 03'],
    ['<i8', '2^63', '00 00 00 00 00 00 00 80'],
    ['<I8', '-1', 'ff ff ff ff ff ff ff ff'],
    ['<i4', '2^32 + 5', '05 00 00 00'],
    ['<i4', '7.9', '07 00 00 00'],
    ['<i4', '-7.9', 'f9 ff ff ff'],
    ['<i8', '1/0', '00 00 00 00 00 00 00 00'],
    ['<i8', '-1/0', '00 00 00 00 00 00 00 80'],
    ['<i10', '-1', 'ff ff ff ff ff ff ff ff 00 00'],
    ['<i', '"12"', '0c 00 00 00'],
    ['<f', '1.5', '00 00 c0 3f'],
    ['>d', '1.5', '3f f8 00 00 00 00 00 00'],
    ['c5', '"hello world"', '68 65 6c 6c 6f'],
    ['c0', '"hi"', '68 69'],
    ['s', '"ab"', '61 62 00'],
    ['bxb', '1, 2', '01 00 02'],
    ['!4 b i4', '1, 2', '01 00 00 00 02 00 00 00'],
    ['! b d', '1, 0', '01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00'],
    ['!2 b c3 i4', '1, "abc", 2', '01 61 62 63 02 00 00 00'],
    ['>!8 h l', '1, 2', '00 01 00 00 00 00 00 00 00 00 00 00 00 00 00 02'],
  ])('pack("%s", %s) = %s', (fmt, args, expected) => {
    expect(packHex(fmt, args)).toBe(expected);
  });

  it.each([
    ['struct.pack("i33", 1)', 'integral size 33 is larger than limit of 32'],
    ['struct.pack("!3 i", 1)', 'alignment 3 is not a power of 2'],
    ['struct.pack("z", 1)', "bad argument #1 to 'pack' (invalid format option 'z')"],
    ['struct.pack("b5", 1)', "bad argument #1 to 'pack' (invalid format option '5')"],
    ['struct.pack("i", "x")', "bad argument #2 to 'pack' (number expected, got string)"],
    ['struct.pack("i")', "bad argument #2 to 'pack' (number expected, got no value)"],
    // the argument named is the one after the string (lua_sandbox's struct advanced it first)
    ['struct.pack("c5", "abc")', "bad argument #3 to 'pack' (string too short)"],
    ['struct.pack({})', "bad argument #1 to 'pack' (string expected, got table)"],
  ])('%s fails: %s', (call, message) => {
    expect(runError(newState(), `${S} ${call}`)).toBe(`test:2: ${message}`);
  });
});

describe('struct.unpack', () => {
  it.each([
    ['<b B', '"\\255\\255"', [-1, 255, 3]],
    ['<h >H', '"\\254\\255\\18\\52"', [-2, 0x1234, 5]],
    ['<i8', '"\\255\\255\\255\\255\\255\\255\\255\\255"', [-1, 9]],
    ['<I8', '"\\255\\255\\255\\255\\255\\255\\255\\255"', [2 ** 64, 9]],
    ['>i3', '"\\255\\255\\254"', [-2, 4]],
    ['<i10', '"\\255\\255\\255\\255\\255\\255\\255\\255\\0\\0"', [-1, 11]],
    ['<f >d', 'struct.pack("<f >d", 0.1, 0.1)', [Math.fround(0.1), 0.1, 13]],
    ['c3 x s', '"abc\\0de\\0"', ['abc', 'de', 8]],
    ['b c0 b', '"\\3abc\\9"', ['abc', 9, 6]],
    ['!4 b i4', '"\\1\\0\\0\\0\\2\\0\\0\\0"', [1, 2, 9]],
  ])('unpack("%s", %s) = %j', (fmt, data, expected) => {
    expect(run(newState(), `${S} return struct.unpack("${fmt}", ${data})`)).toEqual(expected);
  });

  it('starts at an optional position; returns float values and an integer next position', () => {
    expect(
      run(newState(), `${S} local v, n = struct.unpack("<i2", "xx\\1\\2", 3) return v, n, math.type(v), math.type(n)`),
    ).toEqual([0x0201, 5, 'float', 'integer']);
  });

  it('c0 takes its length from the previous value (or, first of all, from the data string itself)', () => {
    const L = newState();
    expect(runError(L, `${S} struct.unpack("c0", "abc")`)).toBe("test:2: format `c0' needs a previous size");
    // as in C the data string is popped and read as the length: here 2 > 1 byte of data
    expect(runError(L, `${S} struct.unpack("c0", "2")`)).toBe(
      "test:2: bad argument #2 to 'unpack' (data string too short)",
    );
  });

  it.each([
    ['struct.unpack("<i4", "ab")', "bad argument #2 to 'unpack' (data string too short)"],
    ['struct.unpack("<i4", "abcd", 2)', "bad argument #2 to 'unpack' (data string too short)"],
    ['struct.unpack("<i4", "abcd", 0)', "bad argument #2 to 'unpack' (data string too short)"],
    ['struct.unpack("s", "abc")', 'unfinished string in data'],
    ['struct.unpack("q", "abc")', "bad argument #1 to 'unpack' (invalid format option 'q')"],
    ['struct.unpack("i")', "bad argument #2 to 'unpack' (string expected, got no value)"],
  ])('%s fails: %s', (call, message) => {
    expect(runError(newState(), `${S} ${call}`)).toBe(`test:2: ${message}`);
  });
});

describe('struct.size', () => {
  it.each([
    ['<i4', 4],
    ['bhilTfdx', 36],
    ['!4 b i4', 8],
    ['! b d', 16],
    ['c7 i2', 9],
    ['z', 0],
    ['', 0],
  ])('size("%s") = %d', (fmt, n) => {
    expect(run(newState(), `${S} local n = struct.size("${fmt}") return n, math.type(n)`)).toEqual([n, 'integer']);
  });

  it.each([
    ['s', "bad argument #1 to 'size' (option 's' has no fixed size)"],
    ['c0', "bad argument #1 to 'size' (option 'c0' has no fixed size)"],
    ['?', "bad argument #1 to 'size' (invalid format option '?')"],
    ['!5', 'alignment 5 is not a power of 2'],
  ])('size("%s") fails: %s', (fmt, message) => {
    expect(runError(newState(), `${S} struct.size("${fmt}")`)).toBe(`test:2: ${message}`);
  });

  it('stops the format at a NUL like the C string it was', () => {
    expect(run(newState(), `${S} return struct.size("i4\\0i4"), struct.pack("b\\0z", 1)`)).toEqual([4, '\x01']);
  });

  it('is the global struct', () => {
    expect(run(newState(), 'local s = require "struct" return s == struct, type(s.pack)')).toEqual([true, 'function']);
  });
});
