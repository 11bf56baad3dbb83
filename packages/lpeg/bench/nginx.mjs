#!/usr/bin/env node
// Parses nginx "combined" access lines into a table of fields (as Heka's common_log_format grammar
// does: remote_addr, time in ns, request, status, body_bytes_sent, referer, user agent) with an LPeg
// grammar in fengari, against the same parse written in plain JavaScript, in the same process
// (alternating rounds, medians). Run after `pnpm exec tsc -b packages/lpeg`:
//   node packages/lpeg/bench/nginx.mjs [--quick]
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { luaModules } from '../dist/index.js';

const require = createRequire(import.meta.url);
const { lua, lauxlib, lualib, to_luastring } = require('fengari');
const quick = process.argv.includes('--quick');

const GRAMMAR = `
local l = require "lpeg"
l.locale(l)
local octet = l.digit * l.digit^-2
local ipv4 = octet * "." * octet * "." * octet * "." * octet
local host = l.Ct(l.Cg(ipv4, "value") * l.Cg(l.Cc"ipv4", "representation"))
local integer = l.digit^1 / tonumber
local months = { Jan = 1, Feb = 2, Mar = 3, Apr = 4, May = 5, Jun = 6, Jul = 7, Aug = 8, Sep = 9, Oct = 10, Nov = 11, Dec = 12 }
local month = l.C(l.upper * l.lower * l.lower) / months
local d2 = l.digit * l.digit / tonumber
local offset = l.C(l.S"+-") * d2 * d2
local function time_to_ns(day, mon, year, h, m, s, sign, oh, om)
  local y, mo = year, mon
  if mo <= 2 then y = y - 1; mo = mo + 12 end
  local days = 365 * y + math.floor(y / 4) - math.floor(y / 100) + math.floor(y / 400)
             + math.floor((153 * (mo - 3) + 2) / 5) + day - 719469
  local off = (oh * 3600 + om * 60) * (sign == "-" and -1 or 1)
  return ((days * 86400 + h * 3600 + m * 60 + s) - off) * 1e9
end
local clf_time = d2 * "/" * month * "/" * (l.digit^4 / tonumber) * ":" * d2 * ":" * d2 * ":" * d2 * " " * offset / time_to_ns
local quoted = function (name) return '"' * l.Cg((l.P'\\\\"' + (1 - l.P'"'))^0, name) * '"' end
grammar = l.Ct(
  l.Cg(host, "remote_addr") * " - " * l.Cg((1 - l.space)^1, "remote_user")
  * " [" * l.Cg(clf_time, "time") * "] " * quoted"request"
  * " " * l.Cg(l.digit * l.digit * l.digit / tonumber, "status")
  * " " * l.Cg(l.Ct(l.Cg(integer, "value") * l.Cg(l.Cc"B", "representation")), "body_bytes_sent")
  * " " * quoted"http_referer" * " " * quoted"http_user_agent")
function parse(line) return grammar:match(line) end
function parse_many(lines, n)
  local t
  for i = 1, n do t = grammar:match(lines[(i - 1) % #lines + 1]) end
  return t
end
`;

const MONTHS = { Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6, Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12 };
const LINE_RE =
  /^(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}) - (\S+) \[(\d\d)\/([A-Z][a-z][a-z])\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\] "((?:\\"|[^"])*)" (\d{3}) (\d+) "((?:\\"|[^"])*)" "((?:\\"|[^"])*)"$/;

/** The same parse in plain JavaScript (the reference). */
function parseJs(line) {
  const m = LINE_RE.exec(line);
  if (m === null) return null;
  const mon = MONTHS[m[4]];
  if (mon === undefined) return null;
  const ms = Date.UTC(Number(m[5]), mon - 1, Number(m[3]), Number(m[6]), Number(m[7]), Number(m[8]));
  const off = (Number(m[10]) * 3600 + Number(m[11]) * 60) * (m[9] === '-' ? -1 : 1);
  return {
    remote_addr: { value: m[1], representation: 'ipv4' },
    remote_user: m[2],
    time: (ms / 1000 - off) * 1e9,
    request: m[12],
    status: Number(m[13]),
    body_bytes_sent: { value: Number(m[14]), representation: 'B' },
    http_referer: m[15],
    http_user_agent: m[16],
  };
}

const AGENTS = [
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/38.0.2125.111 Safari/537.36',
  'curl/7.35.0',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/600.1.25 (KHTML, like Gecko) Version/8.0 Safari/600.1.25',
];
const lines = [];
for (let i = 0; i < 64; i++) {
  const ip = `10.${i % 7}.${(i * 13) % 256}.${(i * 31) % 256}`;
  const path = `/api/v${i % 3}/items/${i * 7919}?page=${i % 11}&sort=desc`;
  lines.push(
    `${ip} - ${i % 5 === 0 ? 'frank' : '-'} [${String(1 + (i % 28)).padStart(2, '0')}/${Object.keys(MONTHS)[i % 12]}/2014:13:${String(i % 60).padStart(2, '0')}:36 -0700] "GET ${path} HTTP/1.1" ${[200, 404, 301, 500][i % 4]} ${1000 + i * 37} "http://www.example.com/start.html" "${AGENTS[i % 3]}"`,
  );
}

// A fengari state with lpeg, the grammar, and the lines as a Lua table.
const L = lauxlib.luaL_newstate();
lualib.luaL_openlibs(L);
lua.lua_getglobal(L, to_luastring('package'));
lua.lua_getfield(L, -1, to_luastring('preload'));
lua.lua_pushjsfunction(L, luaModules.lpeg);
lua.lua_setfield(L, -2, to_luastring('lpeg'));
lua.lua_pop(L, 2);
if (lauxlib.luaL_dostring(L, to_luastring(GRAMMAR)) !== 0) throw new Error(lua.lua_tojsstring(L, -1));
const encoded = lines.map((s) => to_luastring(s));
lua.lua_createtable(L, lines.length, 0);
encoded.forEach((s, i) => {
  lua.lua_pushstring(L, s);
  lua.lua_rawseti(L, -2, i + 1);
});
lua.lua_setglobal(L, to_luastring('lines'));

// Both parsers must agree on every line.
lua.lua_getglobal(L, to_luastring('parse'));
lua.lua_pushstring(L, encoded[0]);
lua.lua_call(L, 1, 1);
lua.lua_getfield(L, -1, to_luastring('time'));
const luaTime = lua.lua_tonumber(L, -1);
lua.lua_pop(L, 2);
for (const line of lines) if (parseJs(line) === null) throw new Error(`JS parser rejects ${line}`);
if (luaTime !== parseJs(lines[0]).time) throw new Error(`time differs: ${luaTime} vs ${parseJs(lines[0]).time}`);

let k = 0;
/** One line through LPeg, called from JS as a decoder would (one Lua call per line). */
function lpegFromJs() {
  lua.lua_getglobal(L, 'parse');
  lua.lua_pushstring(L, encoded[k++ & 63]);
  lua.lua_call(L, 1, 1);
  lua.lua_pop(L, 1);
}
const BATCH = 1000;
/** BATCH lines through LPeg from a Lua loop (LPeg alone). */
function lpegFromLua() {
  lua.lua_getglobal(L, 'parse_many');
  lua.lua_getglobal(L, 'lines');
  lua.lua_pushinteger(L, BATCH);
  lua.lua_call(L, 2, 1);
  lua.lua_pop(L, 1);
}
let sink;
function js() {
  sink = parseJs(lines[k++ & 63]);
}
function jsBatch() {
  for (let i = 0; i < BATCH; i++) sink = parseJs(lines[k++ & 63]);
}

function rate(fn, perCall, ms) {
  let n = 0;
  const start = performance.now();
  let t = start;
  while (t - start < ms) {
    for (let i = 0; i < 50; i++) fn();
    n += 50 * perCall;
    t = performance.now();
  }
  return (n * 1000) / (t - start);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function compare(name, subject, reference, perCall) {
  const rounds = quick ? 3 : 7;
  const ms = quick ? 100 : 400;
  rate(subject, perCall, ms);
  rate(reference, perCall, ms);
  const s = [];
  const r = [];
  for (let i = 0; i < rounds; i++) {
    s.push(rate(subject, perCall, ms));
    r.push(rate(reference, perCall, ms));
  }
  const a = median(s);
  const b = median(r);
  console.log(
    `${name}: ${Math.round(a).toLocaleString('en')} lines/s; native JS ${Math.round(b).toLocaleString('en')} lines/s; ratio ${(a / b).toFixed(3)}`,
  );
}

console.log(`${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}${quick ? ' (quick)' : ''}`);
compare('LPeg, one Lua call per line from JS', lpegFromJs, js, 1);
compare('LPeg, loop in Lua', lpegFromLua, jsBatch, BATCH);
void sink;
