#!/usr/bin/env node
// `pnpm bench` runs every suite, prints a table and records it in bench/RESULTS.md.
// `pnpm bench --quick` is a smoke run (seconds, not recorded).
import { runCore } from './core.mjs';
import { machine } from './lib/harness.mjs';
import { writeSection } from './lib/results.mjs';

const quick = process.argv.includes('--quick');
const results = new URL('./RESULTS.md', import.meta.url).pathname;

console.log(`Machine: ${machine()}${quick ? ' (quick run: not recorded)' : ''}`);
console.log('Measuring @heka/core (each subject alternates with its reference)…\n');
const rows = runCore({ quick });
for (const r of rows) {
  console.log(`${r.name}\n  ${r.rate}   ${r.target}\n  reference ${r.reference}; ratio ${r.ratio.toFixed(2)}×\n`);
}

if (!quick) {
  const table = [
    '| benchmark | result | target | reference (same run) | ratio to reference |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${r.rate} | ${r.target} | ${r.reference} | ${r.ratio.toFixed(2)}× |`),
  ].join('\n');
  const date = new Date().toISOString().slice(0, 10);
  writeSection(
    results,
    'core',
    `## @heka/core (${date})\n\nMachine: ${machine()}. Command: \`pnpm bench\`. Single process, one core; medians of 7 alternating rounds.\n\n${table}`,
  );
  console.log(`Recorded in ${results}`);
}
