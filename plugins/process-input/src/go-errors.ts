/** The texts Go's os/exec and os packages gave for what can go wrong with a command, as Heka logged them. */
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  ENOEXEC: 'exec format error',
  E2BIG: 'argument list too long',
  EMFILE: 'too many open files',
  EAGAIN: 'resource temporarily unavailable',
  ENOMEM: 'cannot allocate memory',
};

/** Go's `fork/exec <bin>: <reason>` for a spawn failure. */
export function startError(bin: string, error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return `fork/exec ${bin}: ${(e.code && STRERROR[e.code]) ?? e.message}`;
}

/** Signal descriptions of Go's syscall package on Linux ("signal: killed"). */
const SIGNALS: Readonly<Record<string, string>> = {
  SIGHUP: 'hangup',
  SIGINT: 'interrupt',
  SIGQUIT: 'quit',
  SIGILL: 'illegal instruction',
  SIGTRAP: 'trace/breakpoint trap',
  SIGABRT: 'aborted',
  SIGBUS: 'bus error',
  SIGFPE: 'floating point exception',
  SIGKILL: 'killed',
  SIGUSR1: 'user defined signal 1',
  SIGSEGV: 'segmentation fault',
  SIGUSR2: 'user defined signal 2',
  SIGPIPE: 'broken pipe',
  SIGALRM: 'alarm clock',
  SIGTERM: 'terminated',
  SIGSTKFLT: 'stack fault',
  SIGCHLD: 'child exited',
  SIGCONT: 'continued',
  SIGSTOP: 'stopped (signal)',
  SIGTSTP: 'stopped',
  SIGTTIN: 'stopped (tty input)',
  SIGTTOU: 'stopped (tty output)',
  SIGURG: 'urgent I/O condition',
  SIGXCPU: 'CPU time limit exceeded',
  SIGXFSZ: 'file size limit exceeded',
  SIGVTALRM: 'virtual timer expired',
  SIGPROF: 'profiling timer expired',
  SIGWINCH: 'window changed',
  SIGIO: 'I/O possible',
  SIGPWR: 'power failure',
  SIGSYS: 'bad system call',
};

/** Go's ProcessState text: "exit status 2", "signal: terminated". */
export function exitText(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `signal: ${SIGNALS[signal] ?? signal}`;
  return `exit status ${code}`;
}

/**
 * Go's exec.LookPath with hekad's own PATH: a name without a slash is searched for there (not in the
 * command's `env`), one with a slash is used as it is.
 */
export function lookPath(bin: string, path = process.env.PATH ?? ''): string {
  if (bin.includes('/')) return bin;
  for (const dir of path.split(delimiter)) {
    const candidate = join(dir === '' ? '.' : dir, bin);
    try {
      if (!statSync(candidate).isDirectory()) {
        accessSync(candidate, constants.X_OK);
        return candidate;
      }
    } catch {
      // not here
    }
  }
  throw new Error(`exec: ${JSON.stringify(bin)}: executable file not found in $PATH`);
}
