#!/usr/bin/env node
// nginx access log decoding (issue 7): Heka's way — SandboxDecoder running lua_decoders/nginx_access.lua
// (@heka/lua-share) with common_log_format's grammar on @heka/lpeg — against the same parse written as a
// native JavaScript decoder, in the same process with alternating rounds. Both produce the same message
// (Timestamp from $time_local; remote_addr with its ipv4/ipv6/hostname representation, status and
// body_bytes_sent as numbers, the other variables as text); the run checks that first.
// Standalone, prints its results (does not write RESULTS.md):
//   node bench/lua-decode.mjs [--quick]
// after building packages/core, packages/runtime, packages/sandbox, packages/lpeg, packages/lua-modules,
// packages/lua-share and plugins/sandbox-decoder.
import { Field, Message } from '@heka/core';
import { compare, fmt, machine } from './lib/harness.mjs';
import { recorder } from './lib/record.mjs';

const root = new URL('..', import.meta.url);
const load = (path) => import(new URL(path, root).href);
const decoderPlugin = (await load('plugins/sandbox-decoder/dist/index.js')).default;
const { defaultGlobals, validateSection } = await load('packages/runtime/dist/config/index.js');
const { luaDecodersDir, luaModulesDir } = await load('packages/lua-share/dist/index.js');

const quick = process.argv.includes('--quick');
const rec = recorder(
  'lua-decode',
  'nginx access lines through SandboxDecoder (common_log_format) vs native JS',
  'node bench/lua-decode.mjs --record',
);
const TARGET = 30_000;

const LOG_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"';

// ---- realistic, varied combined-format lines -----------------------------------------------------------
const AGENTS = [
  'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1.2 Mobile/15E148 Safari/604.1',
  'curl/8.4.0',
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
];
const REQUESTS = [
  'GET / HTTP/1.1',
  'GET /static/css/site.min.css?v=3.2.1 HTTP/1.1',
  'POST /api/v2/orders HTTP/1.1',
  'GET /search?q=%22heka%22+lua&page=2 HTTP/2.0',
  'DELETE /api/v2/orders/8812 HTTP/1.1',
  'GET /robots.txt HTTP/1.1',
];
const STATUS = [200, 200, 200, 304, 201, 404, 499, 502];
const addr = (i) =>
  i % 11 === 0
    ? `2001:db8:85a3::${(i % 65535).toString(16)}`
    : i % 13 === 0
      ? 'proxy.example.net'
      : `203.0.${(i >> 8) & 255}.${i & 255}`;
const lines = Array.from({ length: 4096 }, (_, i) => {
  const s = String(i % 60).padStart(2, '0');
  const m = String((i >> 6) % 60).padStart(2, '0');
  return (
    `${addr(i)} - ${i % 9 === 0 ? 'alice' : '-'} [24/Nov/2026:06:${m}:${s} ${i % 2 ? '+0000' : '-0800'}] ` +
    `"${REQUESTS[i % REQUESTS.length]}" ${STATUS[i % STATUS.length]} ${i % 7 === 0 ? 0 : 500 + i} ` +
    `"${i % 3 ? '-' : 'https://www.example.com/'}" "${AGENTS[i % AGENTS.length]}"`
  );
});

// ---- the SandboxDecoder --------------------------------------------------------------------------------
const ctx = (name) => ({
  name,
  type: 'bench',
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  globals: { ...defaultGlobals(), pid: process.pid },
  resolvePath: (_root, p) => p,
  createDecoder: async () => {
    throw new Error('none');
  },
  inject() {},
});
const table = {
  type: decoderPlugin.type,
  filename: `${luaDecodersDir}/nginx_access.lua`,
  module_directory: luaModulesDir,
  config: { log_format: LOG_FORMAT, type: 'combined' },
};
const { resolved, problems } = validateSection(
  { name: 'bench', type: decoderPlugin.type, file: 'bench', line: undefined, table },
  'decoder',
  decoderPlugin.configSchema,
  decoderPlugin.commonDefaults,
);
if (!resolved) throw new Error(JSON.stringify(problems));
const lua = await decoderPlugin.create(resolved.own, ctx('feed-nginx'));

// ---- the same parse in JavaScript ----------------------------------------------------------------------
const MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
const LINE =
  /^(\S+) - (\S*) \[(\d\d)\/([A-Z][a-z]{2})\/(\d{4}):(\d\d):(\d\d):(\d\d) ([+-])(\d\d)(\d\d)\] "((?:\\"|[^"])*)" (\d{3}) (\d+) "((?:\\"|[^"])*)" "((?:\\"|[^"])*)"/;
const V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const native = {
  decode(pack) {
    const m = LINE.exec(pack.message.payload);
    if (!m) throw new Error(`Failed parsing: payload: ${pack.message.payload}`);
    const offset = (m[9] === '+' ? -1 : 1) * (Number(m[10]) * 3600 + Number(m[11]) * 60);
    const secs = Date.UTC(+m[5], MONTHS[m[4]], +m[3], +m[6], +m[7], +m[8]) / 1000 + offset;
    const a = m[1];
    const rep = V4.test(a) ? 'ipv4' : a.includes(':') ? 'ipv6' : 'hostname';
    const out = new Message({ type: 'combined', timestamp: BigInt(secs) * 1_000_000_000n });
    out.fields = [
      new Field('remote_addr', 'string', rep, [a]),
      new Field('remote_user', 'string', '', [m[2]]),
      new Field('request', 'string', '', [m[12]]),
      new Field('status', 'double', '', [Number(m[13])]),
      new Field('body_bytes_sent', 'double', 'B', [Number(m[14])]),
      new Field('http_referer', 'string', '', [m[15]]),
      new Field('http_user_agent', 'string', '', [m[16]]),
    ];
    return [out];
  },
};

const pack = (payload) => ({ message: new Message({ payload }), bytes: undefined, signer: undefined });

// Same output: timestamp, type and the same fields (order aside).
const shape = (m) => ({
  type: m.type,
  timestamp: String(m.timestamp),
  fields: m
    .toJSON()
    .fields.map((f) => JSON.stringify(f))
    .sort(),
});
for (const l of lines.slice(0, 64)) {
  const [a] = lua.decode(pack(l));
  const [b] = native.decode(pack(l));
  const sa = JSON.stringify(shape(a));
  const sb = JSON.stringify(shape(b));
  if (sa !== sb) throw new Error(`outputs differ for ${l}\n lua:    ${sa}\n native: ${sb}`);
}

let i = 0;
const run = compare(
  () => lua.decode(pack(lines[i++ & 4095])),
  () => native.decode(pack(lines[i++ & 4095])),
  { quick },
);

function cpuPerOp(fn, n) {
  for (let k = 0; k < n / 10; k++) fn();
  const c0 = process.cpuUsage();
  for (let k = 0; k < n; k++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}
const cpuLua = cpuPerOp(() => lua.decode(pack(lines[i++ & 4095])), quick ? 5_000 : 50_000);
const cpuNative = cpuPerOp(() => native.decode(pack(lines[i++ & 4095])), quick ? 50_000 : 500_000);
const report = lua.report();
await lua.stop();

rec.log(`lua-decode: ${machine()}${quick ? ' (quick)' : ''}`);
rec.log(
  `SandboxDecoder nginx_access.lua (common_log_format, combined): ${fmt.rate(run.subjectOps)} lines/s ` +
    `(${cpuLua.toFixed(1)} µs CPU/line, spread ${(run.spread * 100).toFixed(0)} %)`,
);
rec.log(
  `native JS decoder, same parse:                               ${fmt.rate(run.referenceOps)} lines/s (${cpuNative.toFixed(1)} µs CPU/line)`,
);
rec.log(
  `ratio Lua/native: ${fmt.ratio(run.ratio)}; target ${fmt.rate(TARGET)} lines/s: ${run.subjectOps >= TARGET ? 'met' : 'NOT met'}`,
);
rec.log(
  `sandbox: MaxInstructions ${report.MaxInstructions.value}, Memory ${report.Memory.value} B, MaxMemory ${report.MaxMemory.value} B`,
);
rec.finish();
