/**
 * A chain of commands, stdout of each piped into stdin of the next (Heka's CommandChain): started in
 * order, each killed when it outlives `timeout`, and summed up as Heka did: the exit status of the last
 * command and one "Subcommand[i] returned an error: [...]" line per command that failed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { exitText, lookPath, startError } from './go-errors.js';

export interface CommandSpec {
  bin: string;
  args: readonly string[];
  /** The whole environment of the command; undefined inherits hekad's. */
  env: Readonly<Record<string, string>> | undefined;
  /** Working directory; "" is hekad's. */
  directory: string;
}

export interface ChainStatus {
  /** Exit code of the last command; -1 when a signal ended it; 0 when it was killed for its timeout. */
  exitStatus: number;
  /** Heka's SubcmdErrors text, or undefined when every command succeeded. */
  subcmdErrors: string | undefined;
}

interface Running {
  spec: CommandSpec;
  child: ChildProcess;
  exited: boolean;
  /** 'close' was emitted: exited and its output pipes are closed. */
  done: boolean;
  /** Set when we killed it (timeout or stop): Heka's ManagedCmd error text. */
  stopped: string | undefined;
  closed: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const argsText = (spec: CommandSpec): string => [spec.bin, ...spec.args].join(' ');

export class CommandChain {
  private readonly running: Running[] = [];
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly specs: readonly CommandSpec[],
    private readonly timeoutMs: number,
  ) {}

  /** The last command's stdout / stderr (null when not captured). */
  get stdout(): Readable | null {
    return this.running.at(-1)?.child.stdout ?? null;
  }

  get stderr(): Readable | null {
    return this.running.at(-1)?.child.stderr ?? null;
  }

  /** Starts every command; on a failure kills those already started and throws Heka's message. */
  async start(capture: { stdout: boolean; stderr: boolean }): Promise<void> {
    const last = this.specs.length - 1;
    for (let i = 0; i <= last; i++) {
      const spec = this.specs[i] as CommandSpec;
      const isLast = i === last;
      const stdio: ('ignore' | 'pipe')[] = [
        i === 0 ? 'ignore' : 'pipe',
        !isLast || capture.stdout ? 'pipe' : 'ignore',
        isLast && capture.stderr ? 'pipe' : 'ignore',
      ];
      let child: ChildProcess;
      try {
        const file = lookPath(spec.bin);
        child = spawn(file, spec.args, { argv0: spec.bin, cwd: spec.directory || undefined, env: spec.env, stdio });
        await spawned(child, spec.bin);
      } catch (e) {
        this.kill();
        const reason = (e as Error).message;
        throw new Error(`CommandChain::Start() error: [Command [${argsText(spec)}] triggered an error: [${reason}]]`);
      }
      this.adopt(spec, child);
    }
    if (this.timeoutMs > 0) {
      for (const r of this.running) this.timers.push(setTimeout(() => this.stopOne(r), this.timeoutMs));
    }
  }

  private adopt(spec: CommandSpec, child: ChildProcess): void {
    const r: Running = {
      spec,
      child,
      exited: false,
      done: false,
      stopped: undefined,
      closed: new Promise((resolve) =>
        child.once('close', (code, signal) => {
          r.done = true;
          resolve({ code, signal });
        }),
      ),
    };
    child.once('exit', () => {
      r.exited = true;
    });
    // A failed kill is reported as an 'error' event: the wait and the texts above already cover it.
    child.on('error', () => undefined);
    const prev = this.running.at(-1);
    this.running.push(r);
    if (!prev) return;
    const from = prev.child.stdout as Readable;
    const to = child.stdin as NodeJS.WritableStream & { destroyed?: boolean };
    from.pipe(to);
    // The next command stopped reading: close our end so the writer gets SIGPIPE, as in a shell.
    to.on('error', () => from.destroy());
    to.on('close', () => from.destroy());
    // A killed writer whose output we dropped still ends its reader's input.
    prev.closed.then(() => to.end());
  }

  /** Kills one command that outlived its timeout, and stops waiting for its pipes. */
  private stopOne(r: Running): void {
    if (r.stopped !== undefined || r.done) return;
    if (!r.exited && r.child.kill('SIGKILL')) {
      r.stopped = `ManagedCmd was stopped with error: [subprocess was killed: [${argsText(r.spec)}]]`;
    } else {
      // It exited but something (a child of it) still holds its output open.
      r.stopped = 'ManagedCmd was stopped with error: [failed to kill subprocess: os: process already finished]';
    }
    r.child.stdout?.destroy();
    r.child.stderr?.destroy();
  }

  /** Kills every command still running (hekad stops the input). */
  kill(): void {
    for (const r of this.running) this.stopOne(r);
  }

  /** Waits for every command; the status as Heka's CommandChain.Wait reports it. */
  async wait(): Promise<ChainStatus> {
    const errors: string[] = [];
    let exitStatus = 0;
    for (let i = 0; i < this.running.length; i++) {
      const r = this.running[i] as Running;
      const { code, signal } = await r.closed;
      let error: string | undefined;
      if (r.stopped !== undefined) error = r.stopped;
      else if (signal || code !== 0) error = exitText(code, signal);
      if (error !== undefined) errors.push(`Subcommand[${i}] returned an error: [${error}]`);
      // Go: an *exec.ExitError gives its status (-1 for a signal); our kill's error is not one, so 0.
      exitStatus = r.stopped !== undefined ? 0 : signal ? -1 : (code ?? 0);
    }
    for (const t of this.timers) clearTimeout(t);
    this.timers = [];
    return { exitStatus, subcmdErrors: errors.length > 0 ? errors.join('\n') : undefined };
  }
}

/** Resolves once the process runs; rejects with Go's fork/exec message when it could not start. */
function spawned(child: ChildProcess, bin: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onSpawn = (): void => {
      child.off('error', onError);
      resolve();
    };
    const onError = (e: Error): void => {
      child.off('spawn', onSpawn);
      reject(new Error(startError(bin, e)));
    };
    child.once('spawn', onSpawn);
    child.once('error', onError);
  });
}
