/** Runs the built CLI (dist/cli.js) as a real child process. */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const APP = fileURLToPath(new URL('..', import.meta.url));
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** Builds the app when dist/cli.js is missing (`pnpm test` builds everything first). */
export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const r = spawnSync('pnpm', ['exec', 'tsc', '-b', APP], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

export function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, pid: child.pid ?? -1 }));
  });
}

/** Starts the CLI and leaves it running (for -tail); stdout is kept as bytes. */
export function start(args: readonly string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    stdout: () => Buffer.concat(out),
    stderr: () => stderr,
    exited,
    /** Resolves once `test` holds, polling every 20 ms (rejects after `ms`). */
    async until(test: () => boolean, ms = 10_000): Promise<void> {
      const end = Date.now() + ms;
      while (!test()) {
        if (Date.now() > end) throw new Error(`timed out; stdout=${Buffer.concat(out).length} bytes, stderr=${stderr}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

/** Like run(), with stdout as raw bytes. */
export function runBytes(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const s = start(args, env);
  return s.exited.then((code) => ({ code, stdout: s.stdout(), stderr: s.stderr() }));
}
