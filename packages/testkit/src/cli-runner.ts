/**
 * Runs a workspace app's built CLI (`<app>/dist/cli.js`) as a real child process, for the client
 * tools' tests (heka-cat, heka-flood, heka-inject, heka-sbmgr).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface CliRunOptions {
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  pid: number;
}

export interface RunningCli {
  child: ChildProcess;
  stdout(): string;
  stdoutBytes(): Buffer;
  stderr(): string;
  /** The exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** Resolves once `test` holds, polling every 20 ms; rejects after `ms`. */
  until(test: () => boolean, ms?: number): Promise<void>;
}

export interface CliRunner {
  /** The app's dist/cli.js. */
  cli: string;
  /** Builds the app when dist/cli.js is missing (`pnpm test` builds everything first). */
  ensureBuilt(): void;
  /** Runs the CLI to its end. */
  run(args: readonly string[], options?: CliRunOptions): Promise<CliResult>;
  /** Starts the CLI and leaves it running. */
  start(args: readonly string[], options?: CliRunOptions): RunningCli;
  /** Like run(), with stdout as raw bytes. */
  runBytes(
    args: readonly string[],
    options?: CliRunOptions,
  ): Promise<{ code: number | null; stdout: Buffer; stderr: string }>;
}

/** A runner for the app whose directory (holding package.json and dist/) is `appDir`. */
export function cliRunner(appDir: URL): CliRunner {
  const app = fileURLToPath(appDir);
  const cli = fileURLToPath(new URL('dist/cli.js', appDir));
  const spawnCli = (args: readonly string[], options: CliRunOptions = {}) =>
    spawn(process.execPath, [cli, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env } });

  const start = (args: readonly string[], options?: CliRunOptions): RunningCli => {
    const child = spawnCli(args, options);
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => out.push(d));
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const stdout = () => Buffer.concat(out).toString();
    return {
      child,
      stdout,
      stdoutBytes: () => Buffer.concat(out),
      stderr: () => stderr,
      exited,
      async until(test, ms = 15_000) {
        const end = Date.now() + ms;
        while (!test()) {
          if (Date.now() > end) throw new Error(`timed out; stdout=${stdout().slice(-2000)} stderr=${stderr}`);
          await new Promise((r) => setTimeout(r, 20));
        }
      },
    };
  };

  return {
    cli,
    ensureBuilt() {
      if (existsSync(cli)) return;
      const root = fileURLToPath(new URL('../..', appDir));
      const r = spawnSync('pnpm', ['exec', 'tsc', '-b', app], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`build failed: ${r.stdout}${r.stderr}`);
    },
    run(args, options) {
      return new Promise((resolve, reject) => {
        const s = start(args, options);
        s.child.on('error', reject);
        s.child.on('close', (code, signal) =>
          resolve({ code, signal, stdout: s.stdout(), stderr: s.stderr(), pid: s.child.pid ?? -1 }),
        );
      });
    },
    start,
    runBytes(args, options) {
      const s = start(args, options);
      return s.exited.then((code) => ({ code, stdout: s.stdoutBytes(), stderr: s.stderr() }));
    },
  };
}
