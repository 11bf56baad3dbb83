// One measured run: a scenario through one system, with the sink and (for TCP inputs) the load generator
// as separate processes on the same 2 cores. The window starts after a warm-up and ends when the sink has
// received every record sent; a run that loses, duplicates or corrupts records is a failure.
import { copyFileSync, linkSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SCENARIOS } from '../scenarios.mjs';
import { cpuSeconds, freePort, memory, start, stop, tail, waitForPort } from './proc.mjs';
import { workloadFile } from './workload.mjs';

const HERE = new URL('.', import.meta.url).pathname;
const STALL_MS = 10_000;

/** Waits for the next IPC event `name` (or one of several names) of a helper; rejects on timeout or exit. */
function next(child, name, ms = 60_000) {
  const names = [name].flat();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(reject, new Error(`no "${name}" within ${ms} ms`)), ms);
    const onMessage = (m) => names.includes(m.event) && finish(resolve, m);
    const onExit = () => finish(reject, new Error(`${child.spawnargs[1]} exited: ${tail(child)}`));
    function finish(fn, v) {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      fn(v);
    }
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** CPU seconds of the load generator and the sink. */
const harnessCpu = (procs) =>
  (cpuSeconds(procs.sink.pid) ?? 0) + (procs.sender ? (cpuSeconds(procs.sender.pid) ?? 0) : 0);

/** Waits until the sink has `records`, or until nothing has arrived for STALL_MS: { event, count, lastNs }. */
async function drain(procs, records, finished) {
  procs.sink.send({ cmd: 'expect', records });
  const done = next(procs.sink, 'done', 3_600_000);
  done.catch(() => {}); // the sink may be stopped while this still waits
  let last = -1;
  let lastChange = Date.now();
  const watch = (m) => {
    if (m.event === 'progress' && m.count !== last) {
      last = m.count;
      lastChange = Date.now();
    }
  };
  procs.sink.on('message', watch);
  const stalled = (async () => {
    while (!finished() && Date.now() - lastChange < STALL_MS && procs.subject.exitCode === null) await sleep(200);
    return { event: 'stalled', count: last };
  })();
  const end = await Promise.race([done, stalled]);
  procs.sink.off('message', watch);
  return end;
}

const helper = (file, args) => start(process.execPath, [join(HERE, file), JSON.stringify(args)], { ipc: true });

/**
 * Runs `scenario` through `system`. opts: { warmS, measureS, fileLines, lines (workload size) }.
 * Returns { status: 'ok' | 'failed' | 'n/a', ...figures or why }.
 */
export async function runOne(scenario, system, opts) {
  const sc = SCENARIOS[scenario];
  const why = system.unavailable(scenario);
  if (why) return { status: 'n/a', why };
  const dir = mkdtempSync(join(tmpdir(), `heka-e2e-${scenario}-`));
  const procs = {};
  let keep = false;
  let adapter;
  let finished = false;
  try {
    const file = await workloadFile(sc.workload, sc.input === 'file' ? opts.fileLines : opts.lines);
    procs.sink = helper('sink.mjs', sc.sink);
    const { ports } = await next(procs.sink, 'listening');
    const ctx = { dir, outPorts: ports, tallyPort: ports[0], inPort: await freePort() };
    if (sc.input === 'file') {
      ctx.logDir = join(dir, 'logs');
      ctx.logFile = join(ctx.logDir, 'access.log');
      mkdirSync(ctx.logDir);
      try {
        linkSync(file, ctx.logFile);
      } catch {
        copyFileSync(file, ctx.logFile);
      }
    }
    const prep = await system.prepare(scenario, ctx);
    if (prep.unavailable) return { status: 'n/a', why: prep.unavailable };
    procs.subject = start(prep.command, prep.args, { cwd: dir, env: prep.env });
    const pid = procs.subject.pid;
    adapter = prep.adapter?.(ctx, pid);
    const fail = (why) => {
      keep = true;
      return {
        status: 'failed',
        why: `${why} (work dir kept: ${dir})`,
        log: tail(procs.subject),
        sinkLog: tail(procs.sink),
      };
    };

    let records;
    let s0;
    let s1;
    const snapshot = async () => {
      procs.sink.send({ cmd: 'snapshot' });
      const s = await next(procs.sink, 'snapshot');
      return {
        count: s.count,
        ns: BigInt(s.ns),
        cpu: cpuSeconds(pid),
        harness: harnessCpu(procs),
        rss: memory(pid)?.rss,
      };
    };
    if (sc.input === 'tcp') {
      procs.sender = helper('sender.mjs', { file, kind: sc.workload, port: ctx.inPort, conns: opts.conns });
      const ready = next(procs.sender, 'ready');
      ready.catch(() => {}); // awaited below; the sender is stopped if the subject never comes up
      const up = await waitForPort(ctx.inPort, 20_000, procs.subject).catch((err) => err);
      if (up instanceof Error) {
        const why = await prep.diagnose?.();
        if (why) return { status: 'n/a', why };
        throw new Error(`${system.name} did not start: ${up.message}\n${tail(procs.subject)}`);
      }
      await ready;
      procs.sender.send({ cmd: 'go' });
      await sleep(opts.warmS * 1000);
      s0 = await snapshot();
      await sleep(opts.measureS * 1000);
      s1 = await snapshot();
      procs.sender.send({ cmd: 'stop' });
      const sent = await next(procs.sender, ['sent', 'error'], 30_000);
      if (sent.event === 'error') return fail(`the load generator failed: ${sent.message}`);
      records = sent.records;
    } else {
      records = opts.fileLines;
      for (let waited = 0; ; waited += 100) {
        procs.sink.send({ cmd: 'status' });
        const s = await next(procs.sink, 'status');
        if (s.count >= records * 0.1) break;
        if (waited > 30_000) return fail(`only ${s.count} of ${records} lines arrived in 30 s`);
        if (procs.subject.exitCode !== null) return fail(`${system.name} exited (${procs.subject.exitCode})`);
        await sleep(100);
      }
      s0 = await snapshot();
    }

    const end = await drain(procs, records, () => finished);
    const mem = memory(pid);
    if (end.event === 'stalled') {
      if (procs.subject.exitCode !== null) return fail(`${system.name} exited (${procs.subject.exitCode})`);
      return fail(`lost records: ${end.count} of ${records} arrived, nothing more for ${STALL_MS / 1000} s`);
    }
    s1 ??= {
      count: end.count,
      ns: BigInt(end.lastNs),
      cpu: cpuSeconds(pid),
      harness: harnessCpu(procs),
      rss: mem?.rss,
    };
    await sleep(200); // anything beyond `records` would be a duplicate
    procs.sink.send({ cmd: 'status' });
    const final = await next(procs.sink, 'status');
    if (final.count !== records) return fail(`${final.count} records arrived for ${records} sent (duplicates)`);
    if (final.bad > 0) return fail(`${final.bad} sampled records were wrong, e.g. ${final.examples[0]}`);

    const messages = s1.count - s0.count;
    const seconds = Number(s1.ns - s0.ns) / 1e9;
    const recordBytes = statSync(file).size / (sc.input === 'file' ? opts.fileLines : opts.lines);
    return {
      status: 'ok',
      messages,
      seconds,
      rate: messages / seconds,
      mibps: (messages * recordBytes) / seconds / 1024 / 1024,
      cpuPerM: ((s1.cpu - s0.cpu) / messages) * 1e6,
      cores: (s1.cpu - s0.cpu) / seconds,
      harnessCores: (s1.harness - s0.harness) / seconds,
      peakRss: mem?.hwm,
      rss: [s0.rss, s1.rss],
      records,
      ...(adapter?.note ? { note: adapter.note } : {}),
    };
  } catch (err) {
    keep = true;
    return { status: 'failed', why: `${err.message} (work dir kept: ${dir})` };
  } finally {
    finished = true;
    adapter?.stop?.();
    await stop(procs.subject, 500);
    for (const p of [procs.sender, procs.sink]) p?.connected && p.send({ cmd: 'exit' });
    await Promise.all([procs.sender, procs.sink].map((p) => p && stop(p, 1000)));
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}
