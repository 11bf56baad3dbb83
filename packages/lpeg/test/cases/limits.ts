import type { Case } from './runner.js';

/** lpeg.setmaxstack and the backtrack stack overflow error. */
export const backtrackStack: Case[] = [
  ['m.match(P{ "0" * V(1) + "0" }, string.rep("0", 10000))', '!backtrack stack overflow (current limit is 400)'],
  [
    'local _ = m.setmaxstack(20000); return m.match(P{ "0" * V(1) + "0" }, string.rep("0", 10000))',
    '!backtrack stack overflow (current limit is 20000)',
  ],
  ['local _ = m.setmaxstack(20004); return m.match(P{ "0" * V(1) + "0" }, string.rep("0", 10000))', '10001'],
  [
    'local _ = m.setmaxstack(200); return m.match(P{ ("a" * V(1))^0 * "b" + "c" }, string.rep("a", 180) .. "c" .. string.rep("b", 180))',
    '362',
  ],
  // the stack starts with 400 entries whatever the limit
  ['local _ = m.setmaxstack(10); return m.match(P{ "0" * V(1) + "0" }, string.rep("0", 150))', '151'],
  [
    'local _ = m.setmaxstack(10); return m.match(P{ "0" * V(1) + "0" }, string.rep("0", 250))',
    '!backtrack stack overflow (current limit is 10)',
  ],
  ['m.match(P{ "0" * V(1) + "0" }, string.rep("0", 198))', '199'],
  ['m.match(P{ "0" * V(1) + "0" }, string.rep("0", 200))', '!backtrack stack overflow'],
  ['m.match(P{ "(" * V(1) * ")" + "x" }, string.rep("(", 390) .. "x" .. string.rep(")", 390))', '782'],
  [
    'm.match(P{ "(" * V(1) * ")" + "x" }, string.rep("(", 400) .. "x" .. string.rep(")", 400))',
    '!backtrack stack overflow',
  ],
  [
    'local _ = m.setmaxstack(1000); return m.match(P{ "(" * V(1) * ")" + "x" }, string.rep("(", 600) .. "x" .. string.rep(")", 600))',
    '1202',
  ],
  ['m.match((P"a" + P"b")^0, string.rep("ab", 10000))', '20001'],
  ['m.match(P{ P"a" * V(1) + "" }, string.rep("a", 10000))', '10001'],
  ['m.match(((P"a" * P"b"^-1) + "c")^0, string.rep("abc", 5000))', '15001'],
  ['m.match(C(P(1))^0, string.rep("x", 5000)) == "x"', 'true'],
  ['local _ = m.setmaxstack(0)', '!out of range'],
  ['local _ = m.setmaxstack(-1)', '!out of range'],
  ['local _ = m.setmaxstack(2^31)', '!out of range'],
  ['local _ = m.setmaxstack("x")', '!bad argument #1'],
  ['local _ = m.setmaxstack(21474836)', ''],
  ['local _ = m.setmaxstack(21474837)', '!out of range'],
];

/** Limits on captures and Lua values. */
export const captureLimits: Case[] = [
  ['local p = C(1); for i = 1, 300 do p = Ct(p) end; return m.match(p, "x")', '!subcapture nesting too deep'],
  ['local p = C(1); for i = 1, 150 do p = Ct(p) end; return type(m.match(p, "x"))', '"table"'],
  // the exact depth: a capture at nesting level 201 fails, whatever its kind
  ['local p = C(1); for i = 1, 200 do p = Ct(p) end; return type(m.match(p, "x"))', '"table"'],
  ['local p = C(1); for i = 1, 201 do p = Ct(p) end; return m.match(p, "x")', '!subcapture nesting too deep'],
  ['local p = Cg(Cc(1), "a"); for i = 1, 200 do p = Ct(p) end; return type(m.match(p, "x"))', '"table"'],
  ['local p = Cg(Cc(1), "a"); for i = 1, 201 do p = Ct(p) end; return m.match(p, "x")', '!subcapture nesting too deep'],
  ['local p = Cg(C(1), "a"); for i = 1, 201 do p = Ct(p) end; return m.match(p, "x")', '!subcapture nesting too deep'],
  ['local p = C(1) / tonumber; for i = 1, 199 do p = Ct(p) end; return type(m.match(p, "7"))', '"table"'],
  [
    'local p = C(1) / tonumber; for i = 1, 200 do p = Ct(p) end; return m.match(p, "7")',
    '!subcapture nesting too deep',
  ],
  ['local p = P(1) / tonumber; for i = 1, 200 do p = Ct(p) end; return type(m.match(p, "7"))', '"table"'],
  [
    'local c = 0; local function seq(n) if n == 1 then c = c + 1; return Cc(c) else local h = math.floor(n / 2); return seq(h) * seq(n - h) end end; local p = Ct(seq(65535)); local t = p:match(""); return #t, t[65535]',
    '65535, 65535',
  ],
  [
    'local c = 0; local function seq(n) if n == 1 then c = c + 1; return Cc(c) else local h = math.floor(n / 2); return seq(h) * seq(n - h) end end; local p = Ct(seq(65535)); return p / print',
    '!too many',
  ],
  [
    'local c = 0; local function seq(n) if n == 1 then c = c + 1; return Cc(c) else local h = math.floor(n / 2); return seq(h) * seq(n - h) end end; return seq(65536)',
    '!too many',
  ],
  ['local t = m.match(Ct(C(1)^0), string.rep("ab", 20000)); return #t, t[40000]', '40000, "b"'],
  ['local n = select("#", m.match(C(1)^0, string.rep("x", 5000))); return n', '5000'],
  ['local s = m.match(Cs((P(1) / "yy")^0), string.rep("x", 100000)); return #s', '200000'],
  ['#m.match(C(P(1)^0), string.rep("x", 1000000))', '1000000'],
  [
    'm.match(Cmt("a", function () local a = {}; for i = 1, 40000 do a[i] = i end; return true, (unpack or table.unpack)(a) end), "a")',
    '!too many',
  ],
];

/** Numbers where an integer is expected are truncated, as in Lua 5.1 (Heka's sandbox). */
export const lua51Numbers: Case[] = [
  ['m.match(P(3.7), "abcd")', '4'],
  ['m.match(P(-2.5), "a"), m.match(P(-2.5), "ab")', '1, nil'],
  ['m.match(P"a"^1.5, "aaa")', '4'],
  ['m.match(P"a"^-1.9, "aaa")', '2'],
  ['m.match(P(1), "abc", 2.9)', '3'],
  ['m.match(P(1), "abc", -1.5)', '4'],
  ['m.match(C(1) * C(1) / 1.9, "ab")', '"a"'],
  ['m.match(Carg(1.5), "", 1, "x")', '"x"'],
  ['m.match(Cmt(1, function (s, i) return 2.5 end), "abc")', '2'],
  ['m.match(P(3.0), "abc"), m.match(P"a"^2.0, "aa")', '4, 3'],
  // LPeg keeps the low 32 bits of a repetition count or argument index
  ['m.match(P"a"^(2^32 + 2), "aaa"), m.match(P"a"^(2^32 + 2), "a")', '4, nil'],
  ['m.match(Carg(2^32 + 1), "", 1, "x")', '"x"'],
];
