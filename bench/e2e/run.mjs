#!/usr/bin/env node
// `pnpm bench:e2e`: every scenario through hekad, the plain-Node reference and the real peers (rsyslog,
// syslog-ng; see setup-peers.sh), recorded in bench/RESULTS.md (section e2e) and bench/e2e-results.svg.
//   --quick               short runs, under a minute in all; printed, not recorded (add --record to record)
//                         (runs limited with --only or --systems are not recorded either, unless --record)
//   --only=a,b            these scenarios only        --systems=hekad,reference,rsyslog,syslog-ng
//   --warm=S --measure=S  seconds of warm-up and of measured load per run (TCP scenarios)
//   --lines=N             records in the replayed workload; --file-lines=N: size of file_to_tcp's log
//   --conns=N             producer connections (default 1)
//   --report              no runs: rewrite RESULTS.md and the chart from the last recorded run ($TMPDIR/heka-bench-e2e)
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machine } from '../lib/harness.mjs';
import { writeSection } from '../lib/results.mjs';
import { runOne } from './lib/measure.mjs';
import { chart, markdown, console as show } from './lib/report.mjs';
import { CACHE } from './lib/workload.mjs';
import { SCENARIOS } from './scenarios.mjs';
import { hekad } from './systems/hekad.mjs';
import { rsyslog, syslogNg } from './systems/peers.mjs';
import { reference } from './systems/reference.mjs';

const argv = process.argv.slice(2);
const flag = (name) => argv.includes(`--${name}`);
const opt = (name, def) => {
  const a = argv.find((x) => x.startsWith(`--${name}=`));
  return a === undefined ? def : a.slice(name.length + 3);
};
const quick = flag('quick');
const opts = {
  warmS: Number(opt('warm', quick ? 0.3 : 3)),
  measureS: Number(opt('measure', quick ? 0.7 : 12)),
  lines: Number(opt('lines', quick ? 200_000 : 1_000_000)),
  fileLines: Number(opt('file-lines', quick ? 200_000 : 2_000_000)),
  conns: Number(opt('conns', 1)),
};
const ALL = { hekad, reference, rsyslog, 'syslog-ng': syslogNg };
const systems = opt('systems', Object.keys(ALL).join(','))
  .split(',')
  .map((s) => [s, ALL[s]]);
const scenarios = opt('only', Object.keys(SCENARIOS).join(',')).split(',');
for (const [s, sys] of systems) if (!sys) throw new Error(`unknown system ${s} (one of ${Object.keys(ALL)})`);
for (const s of scenarios) if (!SCENARIOS[s]) throw new Error(`unknown scenario ${s}`);

const ROOT = new URL('../', import.meta.url).pathname;
const RAW = join(CACHE, 'last-recorded-run.json');

/** RESULTS.md section e2e and bench/e2e-results.svg; the raw figures are kept in RAW for --report. */
function record(run) {
  mkdirSync(CACHE, { recursive: true });
  writeFileSync(RAW, `${JSON.stringify(run, null, 1)}\n`);
  writeFileSync(`${ROOT}e2e-results.svg`, chart(run.results, { title: `bench/e2e, ${run.date} UTC — ${run.machine}` }));
  writeSection(`${ROOT}RESULTS.md`, 'e2e', markdown(run.results, run));
  console.log(`Recorded in bench/RESULTS.md (section e2e) and bench/e2e-results.svg (raw figures: ${RAW})`);
}

if (flag('report')) {
  record(JSON.parse(readFileSync(RAW, 'utf8')));
  process.exit(0);
}

const command = `pnpm bench:e2e ${argv.join(' ')}`.trim();
const started = Date.now();
console.log(`Machine: ${machine()}\n${command}: ${JSON.stringify(opts)}\n`);
const results = {};
for (const scenario of scenarios) {
  results[scenario] = {};
  for (const [name, system] of systems) {
    process.stdout.write(`${scenario} · ${name} … `);
    const t0 = Date.now();
    const r = await runOne(scenario, system, opts);
    results[scenario][name] = r;
    console.log(`${show(r)} [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
  }
}
const elapsed = (Date.now() - started) / 1000;
console.log(`\n${elapsed.toFixed(0)} s in all`);
// A partial run (--only, --systems) would replace the full table with a few rows: record it only when asked.
const partial = argv.some((a) => a.startsWith('--only=') || a.startsWith('--systems='));
const tuned = Boolean(process.env.HEKAD_GLOBALS || process.env.HEKAD_NODE_FLAGS);
if (tuned) console.log('Not recorded: HEKAD_GLOBALS or HEKAD_NODE_FLAGS changed how hekad ran.');
else if (flag('record') || (!quick && !partial)) {
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16);
  record({ machine: machine(), date, command, opts, elapsed, results });
}
