#!/usr/bin/env node
// Lines per second over loopback TCP: TcpInput (newline splitter, no decoder) → router → an output that
// discards, against a plain Node server that splits the same lines and counts them. Same run, rounds
// alternate, medians reported. The sender is a separate process writing 100-byte lines in 64 KiB chunks.
// Build first (pnpm exec tsc -b plugins/tcp-input), then: node plugins/tcp-input/bench/lines.mjs [lines]
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { definePlugin, NO_OPTIONS } from '@heka/core';
import { startTestPipeline } from '@heka/testkit';
import tcpInput from '../dist/index.js';

const LINES = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 3;
const LINE_BYTES = 100;

/** A separate process that connects and writes LINES lines as fast as the socket takes them. */
function sendLines(port) {
  const script = `
    const line = 'x'.repeat(${LINE_BYTES - 1}) + '\\n';
    const chunk = Buffer.from(line.repeat(Math.floor(65536 / ${LINE_BYTES})));
    const perChunk = Math.floor(65536 / ${LINE_BYTES});
    const s = require('net').connect(${port}, '127.0.0.1', () => {
      let left = ${LINES};
      const pump = () => {
        while (left > 0) {
          const n = Math.min(perChunk, left);
          left -= n;
          const ok = s.write(n === perChunk ? chunk : chunk.subarray(0, n * ${LINE_BYTES}));
          if (!ok) return s.once('drain', pump);
        }
        s.end();
      };
      pump();
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'inherit' });
  return new Promise((resolve) => child.on('exit', resolve));
}

function waitUntil(check) {
  return new Promise((resolve) => {
    const poll = () => (check() ? resolve() : setTimeout(poll, 1));
    poll();
  });
}

/** The reference: split lines and count them, nothing else. */
async function plainNode() {
  let count = 0;
  const server = createServer((socket) => {
    let carry = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let start = 0;
      for (let i = buf.indexOf(10, start); i >= 0; i = buf.indexOf(10, start)) {
        const record = buf.subarray(start, i + 1); // what a splitter hands on
        if (record.length > 0) count++;
        start = i + 1;
      }
      carry = buf.subarray(start);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const started = process.hrtime.bigint();
  await Promise.all([sendLines(server.address().port), waitUntil(() => count >= LINES)]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise((r) => server.close(r));
  return LINES / seconds;
}

const lineSplitter = definePlugin({
  type: 'BenchLineSplitter',
  kind: 'splitter',
  description: 'newline-terminated records',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord(buf) {
      const i = buf.indexOf(10);
      return i < 0 ? { consumed: 0 } : { consumed: i + 1, record: buf.subarray(0, i + 1) };
    },
  }),
});

async function throughTcpInput() {
  let count = 0;
  const discard = definePlugin({
    type: 'BenchDiscardOutput',
    kind: 'output',
    description: 'counts and drops',
    configSchema: NO_OPTIONS,
    create: () => ({
      process() {
        count++;
      },
    }),
  });
  const p = await startTestPipeline({
    sections: {
      tcp_in: { definition: tcpInput, config: { address: '127.0.0.1:0', splitter: 'lines', decoder: '' } },
      lines: { definition: lineSplitter },
      discard: { definition: discard, config: { message_matcher: 'TRUE' } },
    },
    capture: null,
  });
  const line = await p.waitForLog(/listening on /);
  const port = Number(line.match(/:(\d+)$/)[1]);
  const started = process.hrtime.bigint();
  await Promise.all([sendLines(port), waitUntil(() => count >= LINES)]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await p.stop();
  return LINES / seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (r) => `${Math.round(r).toLocaleString('en-US')} lines/s`;

const subject = [];
const reference = [];
for (let round = 0; round < ROUNDS; round++) {
  reference.push(await plainNode());
  subject.push(await throughTcpInput());
}
const s = median(subject);
const r = median(reference);
console.log(`${LINES.toLocaleString('en-US')} lines of ${LINE_BYTES} bytes, median of ${ROUNDS} alternating rounds`);
console.log(`TcpInput → router → discarding output: ${fmt(s)}`);
console.log(`plain Node server splitting lines:     ${fmt(r)}`);
console.log(`ratio: ${(s / r).toFixed(3)} (${(r / s).toFixed(1)}× slower)`);
