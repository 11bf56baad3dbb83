// string.match / string.find / string.gmatch's RegExp fast path against fengari's own matcher, pattern by pattern:
// every result (or error) must be the same, for curated and for thousands of random patterns.
import { describe, expect, it } from 'vitest';
import { lauxlib, lua, lualib, to_luastring } from '../src/fengari.js';
import { installFastPatterns, translate } from '../src/lua-pattern.js';

const COMPARE = `
local cases, omatch, ofind, ogmatch = ...
local function pack(ok, ...) return { ok = ok, n = select('#', ...), ... } end
local function show(r)
  local t = {}
  for i = 1, r.n do t[#t + 1] = tostring(r[i]) end
  return (r.ok and 'ok ' or 'error ') .. table.concat(t, ',')
end
local function same(a, b)
  if a.ok ~= b.ok or a.n ~= b.n then return false end
  for i = 1, a.n do if a[i] ~= b[i] then return false end end
  return true
end
-- every value gmatch produces, as text (at most 50 rounds)
local function iterate(gmatch, s, p)
  local out = {}
  local it = gmatch(s, p)
  for _ = 1, 50 do
    local r = pack(true, it())
    if r.n == 0 or r[1] == nil then break end
    out[#out + 1] = show(r)
  end
  return table.concat(out, ' | ')
end
for _, c in ipairs(cases) do
  local s, p, init = c[1], c[2], c[3]
  local checks = {
    { 'match', string.match, omatch }, { 'find', string.find, ofind },
  }
  for _, k in ipairs(checks) do
    local fast = pack(pcall(k[2], s, p, init))
    local slow = pack(pcall(k[3], s, p, init))
    if not same(fast, slow) then
      return string.format('%s(%q, %q, %s): fast %s, fengari %s', k[1], s, p, tostring(init), show(fast), show(slow))
    end
  end
  local fast = pack(pcall(iterate, string.gmatch, s, p))
  local slow = pack(pcall(iterate, ogmatch, s, p))
  if not same(fast, slow) then
    return string.format('gmatch(%q, %q): fast %s, fengari %s', s, p, show(fast), show(slow))
  end
end
return nil
`;

/** Runs every case through both implementations in one Lua state; the first difference, or undefined. */
function differences(cases: [string, string, number | undefined][]): string | undefined {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  lua.lua_getglobal(L, to_luastring('string'));
  lua.lua_getfield(L, -1, to_luastring('match'));
  lua.lua_getfield(L, -2, to_luastring('find'));
  lua.lua_getfield(L, -3, to_luastring('gmatch'));
  lua.lua_setglobal(L, to_luastring('ogmatch'));
  lua.lua_setglobal(L, to_luastring('ofind'));
  lua.lua_setglobal(L, to_luastring('omatch'));
  installFastPatterns(L);
  lua.lua_pop(L, 1);
  if (lauxlib.luaL_loadstring(L, to_luastring(COMPARE)) !== 0) throw new Error('compare chunk');
  lua.lua_createtable(L, cases.length, 0);
  cases.forEach(([s, p, init], i) => {
    lua.lua_createtable(L, 3, 0);
    lua.lua_pushstring(
      L,
      Uint8Array.from(s, (ch) => ch.charCodeAt(0)),
    );
    lua.lua_rawseti(L, -2, 1);
    lua.lua_pushstring(
      L,
      Uint8Array.from(p, (ch) => ch.charCodeAt(0)),
    );
    lua.lua_rawseti(L, -2, 2);
    if (init !== undefined) {
      lua.lua_pushinteger(L, init);
      lua.lua_rawseti(L, -2, 3);
    }
    lua.lua_rawseti(L, -2, i + 1);
  });
  lua.lua_getglobal(L, to_luastring('omatch'));
  lua.lua_getglobal(L, to_luastring('ofind'));
  lua.lua_getglobal(L, to_luastring('ogmatch'));
  if (lua.lua_pcall(L, 4, 1, 0) !== 0) throw new Error(String(lua.lua_tojsstring(L, -1)));
  return lua.lua_isnil(L, -1) ? undefined : String(lua.lua_tojsstring(L, -1));
}

const SUBJECTS = [
  '',
  'a',
  'GET /index.html HTTP/1.1',
  '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326',
  'key=value; other = 12.5e3\n\tnext line',
  'x]^$%-.()[ab]*+?\u00e9\u00ff\u0000end',
  'aaa bbb aaa',
  '  trim me  ',
];

const CURATED = [
  '^(%S+) %S+ (%S+) %[([^%]]+)%] "(%S+) (%S+) ([^"]*)" (%d%d%d) (%d+)',
  '(%w+)=(%w+)',
  '^%s*(.-)%s*$',
  '%d+%.?%d*',
  '[%a_][%w_]*',
  '[]]',
  '[^]]+',
  '[a-]',
  '[%-z]',
  '[+--]+',
  '%$',
  '^$',
  '$',
  'a$b',
  'b^',
  '%',
  '[a',
  '(()',
  '(a',
  'a)',
  '%b()',
  '%f[%w]%w+',
  '(a)%1',
  '()a',
  '%z',
  '[%S]',
  '[z-a]',
  '.-b',
  'a-',
  '*a',
  'a**',
  '(%a+)*',
  '[%p]+',
  '%c',
  '[\u00e0-\u00ff]+',
  '%x+',
  '%U+',
  '.',
  '',
];

describe('the RegExp fast path for string.match, string.find and string.gmatch', () => {
  it('translates the common shapes and leaves the rest to fengari', () => {
    expect(translate('^(%S+) (%d+)$')?.source).toBe('([^\\t-\\r ]+)\\x20([0-9]+)$');
    expect(translate('%b()')).toBeUndefined();
    expect(translate('()a')).toBeUndefined();
    expect(translate('[%S]')).toBeUndefined();
    expect(translate('(a)%1')).toBeUndefined();
  });

  it('gives the same results and errors as fengari on curated patterns, at every start position', () => {
    const cases: [string, string, number | undefined][] = [];
    for (const s of SUBJECTS) {
      for (const p of CURATED) {
        for (const init of [undefined, 1, 2, 0, -3, -100, s.length, s.length + 1, s.length + 2])
          cases.push([s, p, init]);
      }
    }
    expect(differences(cases)).toBeUndefined();
  });

  it('gives the same results on thousands of random patterns', () => {
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const atoms = ['a', 'b', '-', '.', ' ', '%a', '%d', '%s', '%S', '%w', '%p', '%x', '%l', '%u', '%c', '%g', '%W'];
    const more = ['[ab]', '[^a-c]', '[%d%s]', '[]a]', '[^]]', '%.', '%%', '%]', '[%a-]', '\u00e9', '1'];
    const quant = ['', '', '', '*', '+', '-', '?'];
    const pattern = () => {
      let p = rand(5) === 0 ? '^' : '';
      const items = 1 + rand(6);
      let open = 0;
      for (let i = 0; i < items; i++) {
        if (rand(6) === 0) {
          p += '(';
          open++;
        }
        const all = rand(3) === 0 ? more : atoms;
        p += (all[rand(all.length)] as string) + quant[rand(quant.length)];
        if (open > 0 && rand(3) === 0) {
          p += ')';
          open--;
        }
      }
      p += ')'.repeat(open);
      return rand(5) === 0 ? `${p}$` : p;
    };
    const alphabet = 'ab-. 19Z\n\t%]^$xF\u00e9\u0000';
    const subject = () => Array.from({ length: rand(20) }, () => alphabet[rand(alphabet.length)]).join('');
    const cases: [string, string, number | undefined][] = [];
    for (let i = 0; i < 4000; i++) cases.push([subject(), pattern(), rand(4) === 0 ? rand(10) - 3 : undefined]);
    expect(differences(cases)).toBeUndefined();
  });
});
