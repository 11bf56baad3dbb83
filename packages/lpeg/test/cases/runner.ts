/**
 * The Lua side of the conformance cases. A case is Lua code (an expression list, or a chunk starting
 * with `local`, `do`, `for` or `return`, or spanning lines, with its own `return`); its result is the
 * canonical text of the values it returns, or "!" followed by the error message (the expected text is
 * then a part of the message). RUNNER is plain Lua 5.1/5.3, so the same cases can be run against C
 * LPeg to confirm the expectations.
 */
export type Case = readonly [code: string, expected: string];

/** Locals every case sees. */
export const PRELUDE =
  'local m = require "lpeg"; local lpeg = m; local re = require "re"; ' +
  'local P, S, R, V, B = m.P, m.S, m.R, m.V, m.B; ' +
  'local C, Cc, Cp, Ct, Cs, Cg, Cb, Cf, Cmt, Carg = m.C, m.Cc, m.Cp, m.Ct, m.Cs, m.Cg, m.Cb, m.Cf, m.Cmt, m.Carg; ' +
  'm.setmaxstack(400); ';

/** A Lua chunk returning run(code): the canonical text of what `code` returns (or "!" .. error). */
export const RUNNER = `
local m = require "lpeg"
local load = loadstring or load
local unpack = unpack or table.unpack
local function esc(s)
  s = s:gsub('\\\\', '\\\\\\\\'):gsub('"', '\\\\"')
  return (s:gsub('[^\\32-\\126]', function (c) return string.format('\\\\%03d', c:byte()) end))
end
local ser
ser = function (v, depth)
  local t = type(v)
  if depth > 20 then return '...' end
  if t == 'nil' or t == 'boolean' then return tostring(v)
  elseif t == 'number' then
    if v ~= v then return 'nan' elseif v == math.huge then return 'inf' elseif v == -math.huge then return '-inf' end
    if v == math.floor(v) and math.abs(v) < 2^53 then return string.format('%.0f', v) end
    return string.format('%.14g', v)
  elseif t == 'string' then return '"' .. esc(v) .. '"'
  elseif t == 'table' then
    local n = 0
    while rawget(v, n + 1) ~= nil do n = n + 1 end
    local parts, rest = {}, {}
    for i = 1, n do parts[i] = ser(rawget(v, i), depth + 1) end
    for k, x in pairs(v) do
      if not (type(k) == 'number' and k >= 1 and k <= n and k == math.floor(k)) then
        rest[#rest + 1] = { ser(k, depth + 1), ser(x, depth + 1) }
      end
    end
    table.sort(rest, function (a, b) return a[1] < b[1] end)
    for _, e in ipairs(rest) do parts[#parts + 1] = '[' .. e[1] .. ']=' .. e[2] end
    return '{' .. table.concat(parts, ',') .. '}'
  elseif t == 'userdata' then return m.type(v) == 'pattern' and 'pattern' or 'userdata'
  else return t end
end
return function (prelude, code)
  if not code:find('\\n') and not code:find('^%s*local%s') and not code:find('^%s*do%s')
     and not code:find('^%s*return%s') and not code:find('^%s*for%s') then
    code = 'return ' .. code
  end
  local f, err = load(prelude .. code)
  if not f then return '!syntax: ' .. tostring(err) end
  local res = { n = 0 }
  local function pack(...) res.n = select('#', ...); for i = 1, res.n do res[i] = (select(i, ...)) end end
  local ok, e = pcall(function () pack(f()) end)
  if not ok then return '!' .. tostring(e) end
  local out = {}
  for i = 1, res.n do out[i] = ser(res[i], 0) end
  return table.concat(out, ', ')
end
`;
