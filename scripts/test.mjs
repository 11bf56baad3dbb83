#!/usr/bin/env node
// The one test command: build every package, check lint and formatting, type-check the tests, run every suite.
// Prints a closing `N passed, N failed` line; build and lint count as one check each.
// Extra arguments go to vitest (e.g. `pnpm test packages/core`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const report = join(root, 'test-results', 'vitest.json');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.CI ? '0' : '1' };
let passed = 0;
let failed = 0;

function step(name, cmd, args) {
  console.log(`\n▶ ${name}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  const ok = r.status === 0;
  console.log(ok ? `✔ ${name}` : `✘ ${name} failed (exit ${r.status ?? r.signal})`);
  return ok;
}

const built = step('build', 'pnpm', ['exec', 'turbo', 'run', 'build', '--output-logs=errors-only']);
built ? passed++ : failed++;
step('lint', 'pnpm', ['exec', 'biome', 'ci', '.']) ? passed++ : failed++;
// tsc -b builds src only; the tests are type-checked on their own (after the build, for the .d.ts files).
if (built) step('typecheck tests', 'pnpm', ['exec', 'tsc', '-p', 'tsconfig.tests.json']) ? passed++ : failed++;

if (built) {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  rmSync(report, { force: true });
  const extra = process.argv.slice(2);
  step('tests', 'pnpm', [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extra,
  ]);
  if (existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8'));
    passed += r.numPassedTests;
    // Skipped or pending tests count as failures: a test that did not run proved nothing.
    failed += r.numFailedTests + r.numPendingTests + r.numTodoTests;
    // A suite that failed to load has no tests to count; count it once.
    failed += r.testResults.filter((s) => s.status === 'failed' && s.assertionResults.length === 0).length;
  } else {
    failed++;
  }
}

mkdirSync(join(root, 'test-results'), { recursive: true });
writeFileSync(join(root, 'test-results', 'summary.json'), JSON.stringify({ passed, failed }));
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
