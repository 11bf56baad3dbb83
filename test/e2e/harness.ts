// Runs the built hekad as a real process on a TOML config in a temp directory.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const HEKAD = join(ROOT, 'apps/hekad/dist/cli.js');
export const FIXTURE_PLUGINS = join(ROOT, 'test/fixtures/plugins');

export function tempDir(prefix = 'hekad-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A [hekad] section pointing at the fixture plugins, plus the given sections. */
export function config(dir: string, body: string, hekad = ''): string {
  return `[hekad]\nplugin_dirs = [${JSON.stringify(FIXTURE_PLUGINS)}]\nbase_dir = ${JSON.stringify(join(dir, 'base'))}\n${hekad}\n${body}`;
}

/** Every hekad a test started; whatever a failing test leaves running is killed after it. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const p of running) p.kill('SIGKILL');
  running.clear();
});

export interface Running {
  proc: ChildProcess;
  dir: string;
  configPath: string;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal name). */
  exited: Promise<number | string>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  signal(sig: NodeJS.Signals): void;
}

export function runHekad(dir: string, toml: string, args: string[] = []): Running {
  const configPath = join(dir, 'hekad.toml');
  writeFileSync(configPath, toml);
  const proc = spawn(process.execPath, [HEKAD, '-config', configPath, ...args], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => {
    out += d.toString();
  });
  proc.stderr?.on('data', (d: Buffer) => {
    err += d.toString();
  });
  const exited = new Promise<number | string>((resolve) => proc.on('exit', (code, sig) => resolve(code ?? sig ?? -1)));
  return {
    proc,
    dir,
    configPath,
    stdout: () => out,
    stderr: () => err,
    exited,
    signal: (sig) => proc.kill(sig),
    waitFor: (pattern, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const start = Date.now();
        const check = (): void => {
          const m = (out + err).match(pattern);
          if (m) resolve(m[0]);
          else if (proc.exitCode !== null)
            reject(new Error(`hekad exited (${proc.exitCode}) before ${pattern}:\n${err}`));
          else if (Date.now() - start > timeoutMs)
            reject(new Error(`timed out waiting for ${pattern}; stderr:\n${err}`));
          else setTimeout(check, 20);
        };
        check();
      }),
  };
}

/** Runs hekad to completion with arguments (for the CLI's one-shot commands). */
export function hekadOnce(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [HEKAD, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

export function lines(path: string): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

export async function until(predicate: () => boolean, timeoutMs = 10_000, what = 'a condition'): Promise<void> {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
