import type { Case } from './runner.js';

/** Match-time captures (lpeg.Cmt) and functions as patterns. */
export const matchTime: Case[] = [
  ['m.match(Cmt(C(1), function (s, i, c) return i, c:upper() end), "x")', '"X"'],
  ['m.match(Cmt(1, function (s, i) return true end), "ab")', '2'],
  ['m.match(Cmt(1, function (s, i) return false end), "ab")', 'nil'],
  ['m.match(Cmt(1, function (s, i) return nil end), "ab")', 'nil'],
  ['m.match(Cmt(1, function (s, i) end), "ab")', 'nil'],
  ['m.match(Cmt(1, function (s, i) return 3 end), "ab")', '3'],
  ['m.match(Cmt(1, function (s, i) return "3" end), "ab")', '3'],
  ['m.match(Cmt(1, function (s, i) return i end) * C(1), "ab")', '"b"'],
  ['m.match(Cmt(P(1)^0, function (s, i) return i end), "abc")', '4'],
  ['m.match(Cmt(C(1) * C(1), function (s, i, a, b) return i, b .. a end), "xy")', '"yx"'],
  ['m.match(Cmt(P"ab", function (s, i, ...) return i, select("#", ...), ... end), "ab")', '1, "ab"'],
  ['m.match(Cmt(Cc(1, 2), function (s, i, ...) return i, ... end), "")', '1, 2'],
  ['m.match(Cmt(1, function (s, i) return i, nil, 3 end), "a")', 'nil, 3'],
  ['m.match(Ct(Cmt(1, function (s, i) return i, "a", "b" end)), "a")', '{"a","b"}'],
  ['m.match(Cmt(1, function (s, i) return i end) / "%0%0", "a")', '"aa"'],
  ['m.match(Cmt(m.Cs(P(1) / "x"), function (s, i, c) return i, c end), "a")', '"x"'],
  [
    'local seen; m.match(P"ab" * Cmt(P(true), function (s, i) seen = { s, i } return true end), "abc"); return seen',
    '{"abc",3}',
  ],
  [
    'm.match(P"a" * Cmt(P(true), function (s, i) return 1 end), "ab")',
    '!invalid position returned by match-time capture',
  ],
  ['m.match(Cmt(1, function (s, i) return 10 end), "ab")', '!invalid position returned by match-time capture'],
  ['m.match(Cmt(1, function (s, i) return 0 end), "ab")', '!invalid position returned by match-time capture'],
  ['m.match(Cmt(1, function (s, i) return {} end), "ab")', '!invalid position returned by match-time capture'],
  ['m.match(Cmt(1, function (s, i) return "x" end), "ab")', '!invalid position returned by match-time capture'],
  ['m.match(P(1)^0 * function (_, i) return i - 1 end, "abc")', '!invalid position returned by match-time capture'],
  ['m.match(P(1)^0 * function (_, i) return i end * -1, "abc")', '4'],
  ['m.match(P(1)^0 * function (_, i) return i + 1 end, "abc")', '!invalid position returned by match-time capture'],
  ['m.match(P(function (s, i) return s:len() + 1 end) * -1, "abc")', '4'],
  [
    'm.match(P(function (s, i) return s:len() + 2 end) * -1, "abc")',
    '!invalid position returned by match-time capture',
  ],
  ['m.match(P(function (s, i) return s:len() end) * -1, "abc")', 'nil'],
  ['m.match(P(1)^0 * function (_, i) return true end, "abc")', '4'],
  ['m.match(function (s, i) return i + 1, "v" end, "abc")', '"v"'],
  ['local t = {}; for i = 1, 4 do t[i] = m.match(function (_, _) return i end, "abc") end; return t', '{1,2,3,4}'],
  [
    'local t = {}; local p = P(function (s1, i) t[#t + 1] = i; return nil end) * false; m.match(((p - P(-1)) + 2)^0, "abcdef"); return t',
    '{1,3,5}',
  ],
  [
    'local t = {}; local p = function (s1, i) t[#t + 1] = i; return i end; m.match((P(1) * p)^0, "abc"); return t',
    '{2,3,4}',
  ],
  ['m.match(m.P(function (s, i) return i, "a" end) * "x" + C(1), "y")', '"y"'],
  ['m.match(P{ Cmt(0, function (s, i) return i, {} end) * P(false) + P(1) * V(1) + P"" }, "123")', '4'],
  [
    'm.match(Cmt(C(R"az"^1) * "-" * C(R"az"^1), function (s, i, a, b) if a == b then return i, a:upper() end end), "bc-bc")',
    '"BC"',
  ],
  [
    'local p = Cmt(C(R"az"^1) * "-" * C(R"az"^1), function (s, i, a, b) if a == b then return i, a:upper() end end); return m.match((1 - p)^0 * p * P(1)^0 * -1, "abbbc-bc ddaa")',
    '"BC"',
  ],
  [
    'local function id(s, i, ...) return true, ... end; return m.match(Cmt(Cs((Cmt(S"abc" / { a = "x", c = "y" }, id) + R"09"^1 / string.char + P(1))^0), id), "acb98+68c")',
    '"xybb+Dy"',
  ],
  [
    'local function id(s, i, x) if x == "a" then return i, 1, 3, 7 else return nil, 2, 4, 6, 8 end end; return table.concat({ m.match((P(id) * 1 + Cmt(2, id) * 1 + Cmt(1, id) * 1)^0, "abababab") })',
    '"137137137137"',
  ],
  [
    'local function ref(s, i, x) return m.match(x, s, i - x:len()) end; return m.match(Cmt(P(1)^0, ref), "alo"), m.match(P(1) * Cmt(P(1)^0, ref), "alo"), m.match(P(1) * Cmt(C(1)^0, ref), "alo")',
    '4, 4, nil',
  ],
  [
    'local function ref(s, i, x) return i == tonumber(x) and i, "xuxu" end; return m.match(Cmt(1, ref), "2"), m.match(Cmt(1, ref), "1"), m.match(Cmt(P(1)^0, ref), "03")',
    '"xuxu", nil, "xuxu"',
  ],
  [
    'local c = "[" * Cg(P"="^0, "init") * "[" * { Cmt("]" * C(P"="^0) * "]" * Cb"init", function (_, _, s1, s2) return s1 == s2 end) + 1 * V(1) } / 0; return c:match"[==[]]====]]]]==]===[]", c:match"[[]=]====]=]]]==]===[]", c:match"[[]=]====]=]=]==]===[]"',
    '18, 14, nil',
  ],
  ['local x = { m.match((Cmt(1, function (s, i) return true, "v" end))^0, string.rep("a", 500)) }; return #x', '500'],
  ['local n = 0; local f = P(function () n = n + 1; return true end); m.match(f * false + "b", "a"); return n', '1'],
  ['local n = 0; local f = P(function () n = n + 1; return true end); m.match((f * "a")^0 * "b", "b"); return n', '1'],
  ['local n = 0; local f = P(function () n = n + 1; return true end); m.match(f * "a" + f * "b", "b"); return n', '2'],
  ['local n = 0; local f = P(function () n = n + 1; return true end); m.match(-f * "a" + "b", ""); return n', '1'],
  [
    'local n = 0; local f = P(function () n = n + 1; return true end); m.match((-P(1) * P"b"^-1 * f * "a")^-1 * "b", ""); return n',
    '1',
  ],
  [
    'local x; local function aux(...) x = select("#", ...); return false end; local function many(k) return Cmt("a", function () local a = {}; for i = 1, k do a[i] = k - i end; return true, (unpack or table.unpack)(a) end) end; local r = { m.match(Cmt(many(20), aux) + many(10), "a") }; return x, #r, r[1], r[10]',
    '22, 10, 9, 0',
  ],
  [
    'local function many(k) return Cmt("a", function () local a = {}; for i = 1, k do a[i] = k - i end; return true, (unpack or table.unpack)(a) end) end; local r = { m.match(many(2038), "a") }; return #r, r[1], r[2038]',
    '2038, 2037, 0',
  ],
  [
    'local p = (P(function () return true, "a" end) * "a" + P(function (s, i) return i, "aa", 20 end) * "b" + P(function (s, i) if i <= #s then return i, "aaa" end end) * 1)^0; return m.match(p, "abacc")',
    '"a", "aa", 20, "a", "aaa", "aaa"',
  ],
  [
    'm.match(Cmt(Cg(Carg(3), "a") * Cmt(Cb"a", function (s, i, x) return i, x + 1 end) * Carg(2), function (s, i, a, b, c) return i, 2 * a + 3 * b end) * "a", "a", 1, false, 100, 1000)',
    '2302',
  ],
  ['local p = Cmt(0, function (s) return true end) * P(false); return m.match(p, "alo")', 'nil'],
  ['m.match(Cmt(Cb"x", function (s, i, v) return i, v end), "")', "!back reference 'x' not found"],
  ['m.match(Cg(Cc"v", "x") * Cmt(Cb"x", function (s, i, v) return i, v end), "")', '"v"'],
  ['m.match(Cmt(1, function () error("boom") end), "a")', '!boom'],
  [
    'local p = P(function (s, i) return m.match(P"a"^1, s, i) end); return m.match(p, "aaaa"), m.match(p, "abaa"), m.match(p, "baaa")',
    '5, 2, nil',
  ],
  ['Cmt(1, 2)', '!bad argument #2'],
  ['Cmt(1)', '!bad argument #2'],
];
