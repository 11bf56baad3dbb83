// A real hekad (apps/hekad/dist) reading rotating files: kill -9 and restart loses no line and repeats only
// the lines since the last checkpoint; a clean stop and restart repeats nothing. Needs the built hekad and
// this package's dist (the repository's build step makes both).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { append, sleep, tempDir, until } from './helpers.js';

const ROOT = new URL('../../../', import.meta.url).pathname;
const HEKAD = join(ROOT, 'apps/hekad/dist/cli.js');
const PACKAGE = new URL('..', import.meta.url).pathname;
const FIXTURES = join(ROOT, 'test/fixtures/plugins');

const children = new Set<ChildProcess>();
afterEach(() => {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
});

function setup(logDirectory?: string) {
  const dir = tempDir('logstreamer-hekad-');
  const logs = logDirectory ?? join(dir, 'logs');
  const out = join(dir, 'out.txt');
  if (!logDirectory) append(join(logs, 'app.log'), []);
  const config = join(dir, 'hekad.toml');
  writeFileSync(
    config,
    `[hekad]
plugin_dirs = [${JSON.stringify(FIXTURES)}, ${JSON.stringify(PACKAGE)}]
base_dir = ${JSON.stringify(join(dir, 'base'))}

[logs]
type = "LogstreamerInput"
log_directory = ${JSON.stringify(logs)}
file_match = 'app\\.log(\\.(?P<Seq>\\d+))?'
priority = ["^Seq"]
splitter = "TestLineSplitter"
check_data_interval = "20ms"
rescan_interval = "200ms"

[out]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(out)}

[TestLineSplitter]
`,
  );
  const start = () => {
    const p = spawn(process.execPath, [HEKAD, '-config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr?.on('data', (d: Buffer) => {
      err += d.toString();
    });
    children.add(p);
    const exited = new Promise<number | string>((res) => p.on('exit', (code, sig) => res(code ?? sig ?? -1)));
    return { p, exited, stderr: () => err };
  };
  const outLines = () =>
    existsSync(out)
      ? readFileSync(out, 'utf8')
          .split('\n')
          .filter((l) => l !== '')
      : [];
  return { logs, start, outLines };
}

const line = (n: number) => `L${String(n).padStart(7, '0')} ${'x'.repeat(80)}`;
const number = (l: string) => Number(l.slice(1, 8));

/** Writes lines steadily, rotating app.log by rename (all rotated files kept) every `every` lines. */
async function writeLines(logs: string, from: number, to: number, every = 400): Promise<void> {
  const log = join(logs, 'app.log');
  for (let n = from; n < to; n += 20) {
    append(
      log,
      Array.from({ length: Math.min(20, to - n) }, (_, i) => line(n + i)),
    );
    if ((n + 20) % every === 0) {
      let top = 1;
      while (existsSync(`${log}.${top}`)) top++;
      for (let i = top - 1; i >= 1; i--) renameSync(`${log}.${i}`, `${log}.${i + 1}`);
      renameSync(log, `${log}.1`);
      append(log, []);
    }
    await sleep(4);
  }
}

/** Splits the output into runs of consecutive numbers; returns how many lines each restart repeated. */
function repeats(lines: string[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = number(lines[i - 1] as string);
    const next = number(lines[i] as string);
    if (next === prev + 1) continue;
    expect(next, `gap after ${prev}: lines lost`).toBeLessThanOrEqual(prev);
    out.push(prev - next + 1);
  }
  return out;
}

describe('hekad with LogstreamerInput', () => {
  it('loses nothing across kill -9 and repeats at most the lines since the last checkpoint', async () => {
    const { logs, start, outLines } = setup();
    let h = start();
    await until(() => /hekad started/.test(h.stderr()), 'hekad to start', 20_000);
    const writer = writeLines(logs, 0, 6000);
    for (let kill = 0; kill < 2; kill++) {
      await until(() => outLines().length > 1000 * (kill + 1), 'some lines delivered', 20_000);
      h.p.kill('SIGKILL');
      expect(await h.exited).toBe('SIGKILL');
      await sleep(100);
      h = start();
    }
    await writer;
    await until(() => outLines().some((l) => number(l) === 5999), 'the last line', 20_000);
    h.p.kill('SIGTERM');
    expect(await h.exited).toBe(0);
    const lines = outLines();
    const seen = new Set(lines.map(number));
    const missing = Array.from({ length: 6000 }, (_, i) => i).filter((i) => !seen.has(i));
    expect(
      missing.length === 0 ? '' : `${missing.length} missing from ${missing[0]} to ${missing.at(-1)}\n${h.stderr()}`,
    ).toBe('');
    const repeated = repeats(lines);
    expect(repeated.length).toBeLessThanOrEqual(2);
    // A checkpoint is at most ~0.5 s old: fewer lines than were written meanwhile.
    for (const r of repeated) expect(r).toBeLessThan(3000);
    expect(h.stderr()).not.toMatch(/error/i);
  }, 90_000);

  it('repeats nothing after a clean stop (SIGTERM) and restart', async () => {
    const { logs, start, outLines } = setup();
    let h = start();
    await writeLines(logs, 0, 1000);
    await until(() => outLines().length === 1000, 'the first 1000 lines', 20_000);
    h.p.kill('SIGTERM');
    expect(await h.exited).toBe(0);
    await writeLines(logs, 1000, 1500); // rotates while hekad is down
    h = start();
    await until(() => outLines().length >= 1500, 'the next 500 lines', 20_000);
    await sleep(300);
    h.p.kill('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(outLines().map(number)).toEqual(Array.from({ length: 1500 }, (_, i) => i));
  }, 60_000);

  it('refuses a missing log_directory with a message naming it', async () => {
    const missing = join(tempDir(), 'no-such-dir');
    const { start } = setup(missing);
    const h = start();
    const expected = `log_directory: ${JSON.stringify(missing)} does not exist`;
    await until(() => h.stderr().includes(expected), 'the error', 20_000);
    // Start-up fails as in Heka (or, in a runtime that retries inputs, keeps saying so).
    const code = await Promise.race([h.exited, sleep(3000).then(() => 'running')]);
    if (code === 'running') h.p.kill('SIGTERM');
    else expect(code).toBe(1);
  }, 30_000);
});
