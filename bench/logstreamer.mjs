// LogstreamerInput throughput: a directory of rotated Apache-style access logs (1 GiB by default) read
// through LogstreamerInput → a TokenSplitter-equivalent line splitter → a discarding output, against plain
// Node line readers over the same files in the same run. Each subject runs in its own child process (clean
// peak RSS and CPU). Needs the built packages (pnpm exec tsc -b plugins/logstreamer-input packages/runtime).
//
//   node bench/logstreamer.mjs            # 1 GiB
//   SIZE_MIB=256 node bench/logstreamer.mjs
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, mkdtempSync, openSync, readdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { recorder } from './lib/record.mjs';

const ROOT = new URL('..', import.meta.url).pathname;
const FILES = 10;

/** Apache combined log lines (~110–140 bytes), varied so nothing compresses into a trivial pattern. */
function generate(dir, totalBytes) {
  const per = Math.ceil(totalBytes / FILES);
  const paths = ['/', '/index.html', '/api/v2/items', '/static/app.js', '/login', '/search?q=heka'];
  const agents = ['Mozilla/5.0 (X11; Linux x86_64)', 'curl/8.5.0', 'Go-http-client/1.1'];
  let n = 0;
  let lines = 0;
  for (let f = FILES - 1; f >= 0; f--) {
    const name = f === 0 ? 'access.log' : `access.log.${f}`;
    const fd = openSync(join(dir, name), 'w');
    let written = 0;
    while (written < per) {
      let chunk = '';
      for (let i = 0; i < 4096; i++, n++) {
        const ip = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
        chunk += `${ip} - - [24/Nov/2026:10:${String((n >> 6) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')} +0000] "GET ${paths[n % 6]} HTTP/1.1" ${n % 17 ? 200 : 503} ${1000 + (n % 9000)} "-" "${agents[n % 3]}"\n`;
      }
      const b = Buffer.from(chunk);
      writeSync(fd, b);
      written += b.length;
      lines += 4096;
    }
    closeSync(fd);
  }
  return lines;
}

/** Files oldest → newest. */
const ordered = (dir) =>
  readdirSync(dir)
    .filter((f) => f.startsWith('access.log'))
    .sort((a, b) => (Number(b.split('.')[2] ?? 0) || 0) - (Number(a.split('.')[2] ?? 0) || 0))
    .map((f) => join(dir, f));

// ---- subjects (run in a child) ----------------------------------------------------------------------

/** The plain Node line reader: read stream + indexOf, one string per line. */
async function plainIndexOf(dir) {
  let lines = 0;
  let bytes = 0;
  for (const file of ordered(dir)) {
    let rest = Buffer.alloc(0);
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      bytes += chunk.length;
      const buf = rest.length ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let i = buf.indexOf(10, start); i >= 0; i = buf.indexOf(10, start)) {
        const line = buf.toString('utf8', start, i + 1);
        if (line.length > 0) lines++;
        start = i + 1;
      }
      rest = buf.subarray(start);
    }
  }
  return { lines, bytes };
}

/** node:readline over a read stream, the other common plain reader. */
async function plainReadline(dir) {
  let lines = 0;
  let bytes = 0;
  for (const file of ordered(dir)) {
    bytes += statSync(file).size;
    const rl = createInterface({ input: createReadStream(file, { highWaterMark: 256 * 1024 }), crlfDelay: Infinity });
    for await (const _ of rl) lines++;
  }
  return { lines, bytes };
}

async function logstreamer(dir, expected) {
  const { definePlugin } = await import(join(ROOT, 'packages/core/dist/index.js'));
  const { Pipeline, createLogger } = await import(join(ROOT, 'packages/runtime/dist/index.js'));
  const { defaultGlobals, validateSection } = await import(join(ROOT, 'packages/runtime/dist/config/index.js'));
  const input = (await import(join(ROOT, 'plugins/logstreamer-input/dist/index.js'))).default;
  let lines = 0;
  let bytes = 0;
  let done;
  const finished = new Promise((r) => (done = r));
  const splitter = definePlugin({
    type: 'BenchTokenSplitter',
    kind: 'splitter',
    description: 'TokenSplitter equivalent: one record per "\\n" (kept)',
    configSchema: { type: 'object', properties: {} },
    create: () => ({
      findRecord(buf) {
        const i = buf.indexOf(10);
        return i < 0 ? { consumed: 0 } : { consumed: i + 1, record: buf.subarray(0, i + 1) };
      },
    }),
  });
  const discard = definePlugin({
    type: 'BenchDiscardOutput',
    kind: 'output',
    description: 'counts and drops',
    configSchema: { type: 'object', properties: {} },
    create: () => ({
      process(m) {
        lines++;
        bytes += m.payload.length;
        if (lines === expected) done();
      },
    }),
  });
  const base = mkdtempSync(join(tmpdir(), 'bench-ls-base-'));
  const logs = [];
  const section = (definition, name, table) => {
    const { resolved, problems } = validateSection(
      { name, type: definition.type, file: 'bench', line: undefined, table: { type: definition.type, ...table } },
      definition.kind,
      definition.configSchema,
      definition.commonDefaults,
    );
    if (!resolved) throw new Error(JSON.stringify(problems));
    return { definition, section: resolved };
  };
  const plugins = new Map([
    [
      'logs',
      section(input, 'logs', {
        log_directory: dir,
        file_match: 'access\\.log(\\.(?P<Seq>\\d+))?',
        priority: ['^Seq'],
        splitter: 'Lines',
      }),
    ],
    ['Lines', section(splitter, 'Lines', {})],
    ['discard', section(discard, 'discard', { message_matcher: 'TRUE' })],
  ]);
  const pipeline = new Pipeline(
    { globals: { ...defaultGlobals(), baseDir: base, hostname: 'bench' }, plugins },
    { logger: createLogger({ flags: 0, sink: (l) => logs.push(l) }) },
  );
  const t0 = performance.now();
  await pipeline.start();
  await finished;
  const seconds = (performance.now() - t0) / 1000;
  await pipeline.stop();
  rmSync(base, { recursive: true, force: true });
  for (const l of logs.slice(0, 20)) process.stderr.write(`${l}\n`);
  return { lines, bytes, seconds };
}

/**
 * What @heka/core would gain from drawing UUID bytes from a pool: serves getRandomValues() calls of up to
 * 64 bytes from one 64 KiB random buffer (an estimate for the report, not a change to core).
 */
function poolRandomValues() {
  const real = crypto.getRandomValues.bind(crypto);
  const pool = new Uint8Array(65536);
  let at = pool.length;
  crypto.getRandomValues = (array) => {
    if (array.byteLength > 64) return real(array);
    if (at + array.byteLength > pool.length) {
      real(pool);
      at = 0;
    }
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength).set(pool.subarray(at, at + array.byteLength));
    at += array.byteLength;
    return array;
  };
}

async function child(mode, dir, expected) {
  if (mode === 'pooled-uuid') poolRandomValues();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let r;
  if (mode === 'indexOf') r = await plainIndexOf(dir);
  else if (mode === 'readline') r = await plainReadline(dir);
  else r = await logstreamer(dir, expected);
  const seconds = r.seconds ?? (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    JSON.stringify({
      mode,
      lines: r.lines,
      seconds,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

// ---- driver -------------------------------------------------------------------------------------------

async function main() {
  const sizeMiB = Number(process.env.SIZE_MIB ?? 1024);
  const dir = mkdtempSync(join(tmpdir(), 'bench-logstreamer-'));
  try {
    process.stderr.write(`generating ${sizeMiB} MiB of rotated access logs in ${dir} ...\n`);
    const expected = generate(dir, sizeMiB * 1024 * 1024);
    const totalBytes = ordered(dir).reduce((s, f) => s + statSync(f).size, 0);
    const results = {};
    // Warm the page cache once so every subject reads from memory.
    spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--child', 'indexOf', dir, String(expected)]);
    for (const mode of ['indexOf', 'readline', 'logstreamer', 'pooled-uuid']) {
      const r = spawnSync(
        process.execPath,
        [new URL(import.meta.url).pathname, '--child', mode, dir, String(expected)],
        {
          encoding: 'utf8',
          maxBuffer: 1 << 20,
        },
      );
      if (r.status !== 0) throw new Error(`${mode} failed: ${r.stderr}`);
      results[mode] = JSON.parse(r.stdout);
      if (results[mode].lines !== expected)
        throw new Error(`${mode} counted ${results[mode].lines} lines, expected ${expected}`);
    }
    const mib = totalBytes / 1048576;
    const row = (r) =>
      `${r.mode.padEnd(12)} ${(r.lines / r.seconds / 1e6).toFixed(3).padStart(7)} M lines/s ${(mib / r.seconds).toFixed(1).padStart(7)} MiB/s ` +
      `${r.seconds.toFixed(2).padStart(6)} s  CPU ${((r.cpuSeconds / r.lines) * 1e6).toFixed(2)} s/M lines  peak RSS ${r.maxRssMiB.toFixed(0)} MiB`;
    const rec = recorder(
      'logstreamer',
      'LogstreamerInput: rotated Apache logs vs plain Node line readers',
      `SIZE_MIB=${process.env.SIZE_MIB ?? 1024} node bench/logstreamer.mjs --record`,
    );
    rec.log(
      `LogstreamerInput benchmark: ${FILES} rotated files, ${mib.toFixed(0)} MiB, ${expected} lines (~${Math.round(totalBytes / expected)} B/line); 2 cores shared`,
    );
    for (const m of ['indexOf', 'readline', 'logstreamer', 'pooled-uuid']) rec.log(row(results[m]));
    const ls = results.logstreamer.lines / results.logstreamer.seconds;
    rec.log(
      `ratio vs plain indexOf reader:  ${(ls / (results.indexOf.lines / results.indexOf.seconds)).toFixed(3)} (target ≥ 0.5)`,
    );
    rec.log(`ratio vs plain readline reader: ${(ls / (results.readline.lines / results.readline.seconds)).toFixed(3)}`);
    rec.finish();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3], process.argv[4], Number(process.argv[5]));
else await main();
