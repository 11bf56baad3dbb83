#!/usr/bin/env node
// Heka's real nginx grammar: @heka/lua-share's common_log_format.build_nginx_grammar for the "combined"
// log_format (the grammar lua_decoders/nginx_access.lua uses), matched from a Lua loop in a fengari
// state with this package, against the same parse in plain JavaScript (a RegExp), in the same process
// with alternating rounds. Reports CPU time per line (process.cpuUsage) and the rate it gives, which
// a shared machine disturbs less than wall-clock rates. Run after `pnpm exec tsc -b packages/lpeg`
// in the monorepo (the Lua modules are read from packages/lua-share/lua/lua_modules):
//   node packages/lpeg/bench/clf.mjs [--quick] [--sandbox]
// --sandbox first loads @heka/sandbox (packages/sandbox/dist, when built), whose process-wide fengari
// patches (numbers read as floats, cheaper calls) every sandbox runs with.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { luaModules } from '../dist/index.js';

const quick = process.argv.includes('--quick');
const withSandbox = process.argv.includes('--sandbox');
if (withSandbox) await import(new URL('../../sandbox/dist/index.js', import.meta.url).href);
const require = createRequire(import.meta.url);
const { lua, lauxlib, lualib, to_luastring } = require('fengari');

const modules = fileURLToPath(new URL('../../lua-share/lua/lua_modules', import.meta.url));
if (!existsSync(`${modules}/common_log_format.lua`)) throw new Error(`no common_log_format.lua in ${modules}`);
const LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

const AGENTS = [
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1',
  'curl/8.4.0',
];
const REQUESTS = ['GET / HTTP/1.1', 'POST /api/v2/orders HTTP/1.1', 'GET /search?q=%22heka%22+lua&page=2 HTTP/2.0'];
const lines = Array.from({ length: 256 }, (_, i) => {
  const s = String(i % 60).padStart(2, '0');
  const m = String((i >> 2) % 60).padStart(2, '0');
  return (
    `203.0.${(i * 7) & 255}.${(i * 31) & 255} - ${i % 9 === 0 ? 'alice' : '-'} [24/Nov/2026:06:${m}:${s} ${i % 2 ? '+0000' : '-0800'}] ` +
    `"${REQUESTS[i % REQUESTS.length]}" ${[200, 404, 301, 304][i % 4]} ${i % 7 === 0 ? 0 : 500 + i} ` +
    `"${i % 3 ? '-' : 'https://www.example.com/'}" "${AGENTS[i % AGENTS.length]}"`
  );
});

// ---- the grammar in a fengari state ----------------------------------------------------------------
const L = lauxlib.luaL_newstate();
lualib.luaL_openlibs(L);
lua.lua_getglobal(L, to_luastring('package'));
lua.lua_getfield(L, -1, to_luastring('preload'));
lua.lua_pushjsfunction(L, luaModules.lpeg);
lua.lua_setfield(L, -2, to_luastring('lpeg'));
lua.lua_pop(L, 1);
lua.lua_pushstring(L, to_luastring(`${modules}/?.lua`));
lua.lua_setfield(L, -2, to_luastring('path'));
lua.lua_pop(L, 1);
const SETUP = `
local clf = require "common_log_format"
grammar = clf.build_nginx_grammar(...)
function parse_many(lines, n)
  local g, t = grammar
  for i = 1, n do t = g:match(lines[(i - 1) % #lines + 1]) end
  return t
end
`;
if (lauxlib.luaL_loadstring(L, to_luastring(SETUP)) !== 0) throw new Error(lua.lua_tojsstring(L, -1));
lua.lua_pushstring(L, to_luastring(LOG_FORMAT));
if (lua.lua_pcall(L, 1, 0, 0) !== 0) throw new Error(lua.lua_tojsstring(L, -1));
lua.lua_createtable(L, lines.length, 0);
lines.forEach((s, i) => {
  lua.lua_pushstring(L, to_luastring(s));
  lua.lua_rawseti(L, -2, i + 1);
});
lua.lua_setglobal(L, to_luastring('lines'));

// ---- the same parse in JavaScript -------------------------------------------------------------------
const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const LINE =
  /^(\S+) - (\S*) \[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\] "((?:\\"|[^"])*)" (\d{3}) (\d+) "((?:\\"|[^"])*)" "((?:\\"|[^"])*)"/;
const V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
function parseJs(line) {
  const m = LINE.exec(line);
  if (m === null) return null;
  const offset = (m[9] === '+' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60);
  const a = m[1];
  return {
    remote_addr: { value: a, representation: V4.test(a) ? 'ipv4' : a.includes(':') ? 'ipv6' : 'hostname' },
    remote_user: m[2],
    time: (Date.UTC(+m[5], MONTHS[m[4]], +m[3], +m[6], +m[7], +m[8]) / 1000 + offset) * 1e9,
    request: m[12],
    status: Number(m[13]),
    body_bytes_sent: { value: Number(m[14]), representation: 'B' },
    http_referer: m[15],
    http_user_agent: m[16],
  };
}

// Both parsers must agree.
const field = (k) => {
  lua.lua_getfield(L, -1, to_luastring(k));
  const v = lua.lua_type(L, -1) === lua.LUA_TNUMBER ? lua.lua_tonumber(L, -1) : lua.lua_tojsstring(L, -1);
  lua.lua_pop(L, 1);
  return v;
};
for (const line of lines) {
  const js = parseJs(line);
  lua.lua_getglobal(L, to_luastring('grammar'));
  lua.lua_getfield(L, -1, to_luastring('match'));
  lua.lua_insert(L, -2);
  lua.lua_pushstring(L, to_luastring(line));
  lua.lua_call(L, 2, 1);
  if (js === null || lua.lua_type(L, -1) !== lua.LUA_TTABLE) throw new Error(`a parser rejects ${line}`);
  for (const k of ['remote_user', 'time', 'request', 'status', 'http_referer', 'http_user_agent']) {
    if (field(k) !== js[k]) throw new Error(`${k} differs for ${line}: ${field(k)} vs ${js[k]}`);
  }
  for (const k of ['remote_addr', 'body_bytes_sent']) {
    lua.lua_getfield(L, -1, to_luastring(k));
    if (field('value') !== js[k].value || field('representation') !== js[k].representation) {
      throw new Error(`${k} differs for ${line}`);
    }
    lua.lua_pop(L, 1);
  }
  lua.lua_pop(L, 1);
}

// ---- measurement ------------------------------------------------------------------------------------
const BATCH = 1000;
function lpegBatch() {
  lua.lua_getglobal(L, to_luastring('parse_many'));
  lua.lua_getglobal(L, to_luastring('lines'));
  lua.lua_pushinteger(L, BATCH);
  lua.lua_call(L, 2, 1);
  lua.lua_pop(L, 1);
}
let k = 0;
let sink;
function jsBatch() {
  for (let i = 0; i < BATCH; i++) sink = parseJs(lines[k++ & 255]);
}
/** CPU µs per line over `ms` of wall time. */
function cpuPerLine(fn, ms) {
  const c0 = process.cpuUsage();
  const end = performance.now() + ms;
  let n = 0;
  while (performance.now() < end) {
    fn();
    n += BATCH;
  }
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const rounds = quick ? 3 : 9;
const ms = quick ? 150 : 500;
cpuPerLine(lpegBatch, ms);
cpuPerLine(jsBatch, ms);
const a = [];
const b = [];
for (let i = 0; i < rounds; i++) {
  a.push(cpuPerLine(lpegBatch, ms));
  b.push(cpuPerLine(jsBatch, ms));
}
const lp = median(a);
const js = median(b);
const rate = (us) => Math.round(1e6 / us).toLocaleString('en');
console.log(
  `${cpus()[0]?.model ?? 'unknown CPU'}, node ${process.version}${withSandbox ? ', sandbox patches' : ''}${quick ? ' (quick)' : ''}`,
);
console.log(
  `common_log_format nginx grammar, loop in Lua: ${lp.toFixed(2)} µs CPU/line (${rate(lp)} lines/s); ` +
    `native JS ${js.toFixed(2)} µs CPU/line (${rate(js)} lines/s); ratio ${(js / lp).toFixed(3)}`,
);
void sink;
