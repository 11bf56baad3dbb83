#!/usr/bin/env node
// Lua sandbox benchmarks (issue 6): a SandboxFilter that counts messages by a field, and a SandboxDecoder
// that splits a line with string.find / string.sub and writes five fields. Each runs against the same work
// done by a plain JavaScript plugin in the same process (alternating rounds), first on plugin instances,
// then through a real pipeline (input → router → filter). Standalone: `node bench/sandbox.mjs [--quick]`
// after building packages/core, packages/runtime, packages/sandbox and plugins/sandbox-*. It prints its
// results; it does not write RESULTS.md.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { definePlugin, Field, Message, NO_OPTIONS } from '@heka/core';
import { compare, fmt, machine } from './lib/harness.mjs';
import { recorder } from './lib/record.mjs';

const root = new URL('..', import.meta.url);
const load = (path) => import(new URL(path, root).href);
const decoderPlugin = (await load('plugins/sandbox-decoder/dist/index.js')).default;
const filterPlugin = (await load('plugins/sandbox-filter/dist/index.js')).default;
const runtime = await load('packages/runtime/dist/index.js');
const { defaultGlobals } = await load('packages/runtime/dist/config/index.js');
const { validateSection } = await load('packages/runtime/dist/config/index.js');

const quick = process.argv.includes('--quick');
const rec = recorder(
  'sandbox',
  'Lua sandbox: SandboxFilter and SandboxDecoder vs native JS',
  'node bench/sandbox.mjs --record',
);
const dir = mkdtempSync(join(tmpdir(), 'heka-bench-sandbox-'));

const COUNTER = `
counts = {}
function process_message()
    local v = read_message("Fields[method]")
    counts[v] = (counts[v] or 0) + 1
    return 0
end
function timer_event(ns) end`;

const SPLITTER = `
require "string"
local find, sub = string.find, string.sub
local names = {"Fields[ip]", "Fields[method]", "Fields[path]", "Fields[status]", "Fields[bytes]"}
function process_message()
    local line = read_message("Payload")
    local pos = 1
    for i = 1, 4 do
        local s = find(line, " ", pos, true)
        if not s then return -1, "short line" end
        write_message(names[i], sub(line, pos, s - 1))
        pos = s + 1
    end
    write_message(names[5], sub(line, pos))
    return 0
end`;

function script(name, source) {
  const path = join(dir, name);
  writeFileSync(path, source);
  return path;
}

const ctx = (name) => ({
  name,
  type: 'bench',
  logger: { debug() {}, info() {}, warn() {}, error() {} },
  globals: {
    ...defaultGlobals(),
    baseDir: dir,
    shareDir: dir,
    maxProcessInject: 1,
    maxTimerInject: 10,
    pid: process.pid,
  },
  resolvePath: (_root, p) => p,
  createDecoder: async () => {
    throw new Error('none');
  },
  inject() {},
});

function own(definition, table) {
  const { resolved, problems } = validateSection(
    {
      name: 'bench',
      type: definition.type,
      file: 'bench',
      line: undefined,
      table: { type: definition.type, ...table },
    },
    definition.kind,
    definition.configSchema,
    definition.commonDefaults,
  );
  if (!resolved) throw new Error(JSON.stringify(problems));
  return resolved.own;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'GET'];
const messages = Array.from(
  { length: 4096 },
  (_, i) =>
    new Message({
      type: 'request',
      payload: `10.0.${i % 256}.${i % 7} ${METHODS[i % 8]} /api/v2/items/${i} ${i % 5 === 0 ? 503 : 200} ${1000 + i}`,
      fields: [{ name: 'method', value: METHODS[i % 8] }],
    }),
);
const lines = messages.map((m) => m.payload);

// --- instances -------------------------------------------------------------------------------------------

const filter = await filterPlugin.create(
  own(filterPlugin, { filename: script('counter.lua', COUNTER), message_matcher: 'TRUE' }),
  ctx('counts'),
);
const native = {
  counts: new Map(),
  process(m) {
    const v = m.getFieldValue('method');
    this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
  },
};
const filterCtx = ctx('counts');
let i = 0;
const filterRun = compare(
  () => filter.process(messages[i++ & 4095], filterCtx),
  () => native.process(messages[i++ & 4095]),
  { quick },
);

const decoder = await decoderPlugin.create(
  own(decoderPlugin, { filename: script('split.lua', SPLITTER) }),
  ctx('feed-split'),
);
const NAMES = ['ip', 'method', 'path', 'status', 'bytes'];
const nativeDecoder = {
  decode(pack) {
    const line = pack.message.payload;
    let pos = 0;
    const fields = [];
    for (let k = 0; k < 4; k++) {
      const s = line.indexOf(' ', pos);
      if (s < 0) throw new Error('short line');
      fields.push(new Field(NAMES[k], 'string', '', [line.slice(pos, s)]));
      pos = s + 1;
    }
    fields.push(new Field(NAMES[4], 'string', '', [line.slice(pos)]));
    pack.message.fields = fields;
    return pack.message;
  },
};
let j = 0;
const decoderRun = compare(
  () => decoder.decode({ message: new Message({ payload: lines[j++ & 4095] }), bytes: undefined, signer: undefined }),
  () =>
    nativeDecoder.decode({ message: new Message({ payload: lines[j++ & 4095] }), bytes: undefined, signer: undefined }),
  { quick },
);

/** CPU microseconds per call (less sensitive than wall time to other processes on a shared machine). */
function cpuPerOp(fn, n) {
  for (let k = 0; k < n / 10; k++) fn();
  const c0 = process.cpuUsage();
  for (let k = 0; k < n; k++) fn();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / n;
}
const cpu = {
  filter: cpuPerOp(() => filter.process(messages[i++ & 4095], filterCtx), quick ? 20_000 : 200_000),
  nativeFilter: cpuPerOp(() => native.process(messages[i++ & 4095]), quick ? 200_000 : 2_000_000),
  decoder: cpuPerOp(
    () => decoder.decode({ message: new Message({ payload: lines[j++ & 4095] }), bytes: undefined, signer: undefined }),
    quick ? 2_000 : 20_000,
  ),
  nativeDecoder: cpuPerOp(
    () =>
      nativeDecoder.decode({
        message: new Message({ payload: lines[j++ & 4095] }),
        bytes: undefined,
        signer: undefined,
      }),
    quick ? 20_000 : 200_000,
  ),
};

// --- through a pipeline ------------------------------------------------------------------------------------

/** Messages/s a filter gets in a real pipeline: an input delivering `total` messages, the router, the filter. */
async function pipelineRate(definition, config, total) {
  let done;
  const finished = new Promise((r) => {
    done = r;
  });
  let seen = 0;
  const counted = definePlugin({
    type: 'CountedFilter',
    kind: 'filter',
    description: 'wraps the filter under test and counts',
    configSchema: definition.configSchema,
    commonDefaults: definition.commonDefaults,
    create: async (c, x) => {
      const inner = await definition.create(c, x);
      return {
        process(m, fctx) {
          inner.process(m, fctx);
          if (++seen === total) done();
        },
        stop: () => inner.stop?.(),
      };
    },
  });
  const feed = definePlugin({
    type: 'BenchInput',
    kind: 'input',
    description: 'delivers the messages',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(x) {
        for (let k = 0; k < total; k++) {
          const r = x.deliver(messages[k & 4095]);
          if (r) await r;
        }
        await new Promise((r) => x.signal.addEventListener('abort', r, { once: true }));
      },
    }),
  });
  const plugins = new Map();
  const add = (name, def, table) => {
    const { resolved } = validateSection(
      { name, type: def.type, file: 'bench', line: undefined, table: { type: def.type, ...table } },
      def.kind,
      def.configSchema,
      def.commonDefaults,
    );
    plugins.set(name, { definition: def, section: resolved });
  };
  add('feed', feed, {});
  add('under', counted, { ...config, message_matcher: "Type == 'request'" });
  const logger = runtime.createLogger({ flags: 0, sink: () => undefined });
  const p = new runtime.Pipeline(
    { globals: { ...defaultGlobals(), baseDir: dir, shareDir: dir }, plugins },
    { logger },
  );
  const t0 = performance.now();
  await p.start();
  await finished;
  const rate = total / ((performance.now() - t0) / 1000);
  await p.stop();
  return rate;
}

const nativeFilter = definePlugin({
  type: 'NativeCountFilter',
  kind: 'filter',
  description: 'counts by method in JavaScript',
  configSchema: NO_OPTIONS,
  create: () => ({
    counts: new Map(),
    process(m) {
      const v = m.getFieldValue('method');
      this.counts.set(v, (this.counts.get(v) ?? 0) + 1);
    },
  }),
});

const total = quick ? 50_000 : 300_000;
const pipe = { sandbox: [], native: [] };
for (let round = 0; round < (quick ? 1 : 3); round++) {
  pipe.sandbox.push(await pipelineRate(filterPlugin, { filename: script('counter.lua', COUNTER) }, total));
  pipe.native.push(await pipelineRate(nativeFilter, {}, total));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

rec.log(`Machine: ${machine()}${quick ? ' (quick run)' : ''}`);
rec.log('One process, one core; medians of alternating rounds (the load generator shares the core).\n');
const row = (name, subject, reference, target, cpuSubject, cpuReference) =>
  rec.log(
    `${name}\n  ${fmt.rate(subject)} msg/s${target ? ` (target ≥ ${fmt.rate(target)})` : ''}; native JS ${fmt.rate(reference)} msg/s; ratio ${fmt.ratio(subject / reference)}` +
      (cpuSubject ? `\n  CPU per message: ${cpuSubject.toFixed(2)} µs (native ${cpuReference.toFixed(3)} µs)` : '') +
      '\n',
  );
row(
  'SandboxFilter counting by a field (instance)',
  filterRun.subjectOps,
  filterRun.referenceOps,
  100e3,
  cpu.filter,
  cpu.nativeFilter,
);
row(
  'SandboxDecoder splitting a line into 5 fields (instance)',
  decoderRun.subjectOps,
  decoderRun.referenceOps,
  undefined,
  cpu.decoder,
  cpu.nativeDecoder,
);
row(
  `SandboxFilter counting by a field (pipeline: input → router → filter, ${total} messages)`,
  median(pipe.sandbox),
  median(pipe.native),
  100e3,
);
await filter.stop();
await decoder.stop();
rec.finish();
