// Processes under test: start, wait for a port, read CPU time and peak RSS from /proc, stop.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const CLK_TCK = 100; // Linux USER_HZ on every mainstream build; /proc/<pid>/stat counts in these ticks

/** utime + stime of a process (all its threads), in seconds; undefined once it is gone. */
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
    return (Number(f[11]) + Number(f[12])) / CLK_TCK; // fields 14 and 15
  } catch {
    return undefined;
  }
}

/** { hwm, rss } in bytes from /proc/<pid>/status (VmHWM is the peak resident set); undefined once gone. */
export function memory(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'latin1');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024;
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return undefined;
  }
}

/** A free loopback TCP port (bound then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once 127.0.0.1:port accepts a connection; rejects after `ms` or when `child` exits first. */
export async function waitForPort(port, ms, child) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`exited (code ${child.exitCode}) before listening`);
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    await sleep(25);
  }
  throw new Error(`nothing listened on port ${port} within ${ms} ms`);
}

/**
 * Starts a process whose stdout and stderr are kept (last 64 KiB) for error reports.
 * `ipc` adds an IPC channel (our own Node helpers).
 */
export function start(command, args, { cwd, env, ipc = false } = {}) {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc'] : [])],
  });
  let log = '';
  const keep = (d) => {
    log = (log + d.toString()).slice(-65536);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.output = () => log;
  child.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  child.once('error', (err) => keep(`spawn error: ${err.message}\n`));
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stop(child, graceMs = 3000) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await child.exited;
  clearTimeout(timer);
}

/** The last lines of a process's output, for a failure report. */
export function tail(child, lines = 6) {
  return (child?.output?.() ?? '').trim().split('\n').slice(-lines).join('\n');
}
