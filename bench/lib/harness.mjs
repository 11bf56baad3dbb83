// A small benchmark harness: calibrated batches, alternating rounds of the subject and its reference
// (so machine drift hits both alike), medians, and the ratio between them.
import { cpus } from 'node:os';

const now = () => process.hrtime.bigint();

/** Runs fn in batches sized to take ~20 ms; returns ops/s of one timed slice of `ms`. */
function timeSlice(fn, batch, ms) {
  let ops = 0;
  const start = now();
  const deadline = start + BigInt(ms) * 1_000_000n;
  let t = start;
  while (t < deadline) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    t = now();
  }
  return (ops * 1e9) / Number(t - start);
}

function calibrate(fn) {
  let batch = 1;
  for (;;) {
    const start = now();
    for (let i = 0; i < batch; i++) fn();
    const ns = Number(now() - start);
    if (ns > 20_000_000 || batch > 1e9) return batch;
    batch *= ns < 1_000_000 ? 10 : 2;
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Measures `subject` against `reference` (both () => unknown). Returns ops/s medians and the ratio.
 * `quick` shortens everything for smoke runs.
 */
export function compare(subject, reference, { rounds = 7, ms = 300, quick = false } = {}) {
  if (quick) {
    rounds = 3;
    ms = 60;
  }
  for (const fn of [subject, reference]) timeSlice(fn, calibrate(fn), quick ? 50 : 300); // warm up, let the JIT settle
  const bs = calibrate(subject);
  const br = calibrate(reference);
  const s = [];
  const r = [];
  for (let i = 0; i < rounds; i++) {
    s.push(timeSlice(subject, bs, ms));
    r.push(timeSlice(reference, br, ms));
  }
  const subjectOps = median(s);
  const referenceOps = median(r);
  return {
    subjectOps,
    referenceOps,
    ratio: subjectOps / referenceOps,
    spread: (Math.max(...s) - Math.min(...s)) / subjectOps,
  };
}

export function machine() {
  const c = cpus();
  return `${c[0]?.model ?? 'unknown CPU'} × ${c.length}, Node ${process.version}, V8 ${process.versions.v8}`;
}

export const fmt = {
  rate: (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0)),
  mib: (bytesPerSec) => `${(bytesPerSec / 1024 / 1024).toFixed(0)} MiB/s`,
  ratio: (x) => `${x.toFixed(2)}×`,
};
