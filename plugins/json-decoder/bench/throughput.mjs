#!/usr/bin/env node
// JsonDecoder throughput: JSON log lines per second through decode(), against plain JSON.parse of the
// same lines in the same process (alternating rounds, medians). Run after building the package:
//   pnpm exec tsc -b plugins/json-decoder && node plugins/json-decoder/bench/throughput.mjs [--quick]
import { Message } from '@heka/core';
import { compare, fmt, machine } from '../../../bench/lib/harness.mjs';
import plugin from '../dist/index.js';

const quick = process.argv.includes('--quick');

/** A typical structured log line (~330 bytes): strings, numbers, a boolean, a nested object, an array. */
function line(i) {
  return JSON.stringify({
    time: `2026-11-24T10:00:${String(i % 60).padStart(2, '0')}Z`,
    level: 'info',
    severity: 6,
    msg: 'request completed',
    service: 'checkout',
    host: `web-${i % 16}`,
    request: { method: 'POST', path: `/api/v2/orders/${i}`, status: 201, duration_ms: 12.5 + (i % 7) },
    user: { id: 1000 + (i % 500), roles: ['buyer', 'beta'] },
    cached: i % 3 === 0,
  });
}

const LINES = 1024;
const lines = Array.from({ length: LINES }, (_, i) => line(i));
const bytes = lines.reduce((n, l) => n + Buffer.byteLength(l), 0) / LINES;

const ctx = { logger: { debug() {}, info() {}, warn() {}, error() {} } };
const decoders = {
  'defaults (flatten everything)': plugin.create(
    { message_type: 'json', payload_keep: false, map_fields: false, separator: '.' },
    ctx,
  ),
  'map_fields + Timestamp with timestamp_format': plugin.create(
    {
      message_type: 'json',
      payload_keep: false,
      map_fields: true,
      Severity: 'severity',
      Hostname: 'host',
      Timestamp: 'time',
      timestamp_format: '%Y-%m-%dT%H:%M:%SZ',
      separator: '.',
    },
    ctx,
  ),
};

// Input messages as the runtime makes them from text records, built once (the runtime's own work is
// not measured). The decoder changes the message it is given, so each use puts the payload back.
const inputs = lines.map((payload) => ({ message: new Message({ payload, logger: 'bench' }), bytes: undefined }));

console.log(`Machine: ${machine()}${quick ? ' (quick run)' : ''}`);
console.log(`${LINES} distinct JSON lines of ~${Math.round(bytes)} bytes, 12 leaf values each\n`);
let sink = 0;
for (const [name, decoder] of Object.entries(decoders)) {
  let i = 0;
  let j = 0;
  const r = compare(
    () => {
      const k = i++ & (LINES - 1);
      const input = inputs[k];
      input.message.payload = lines[k];
      sink += decoder.decode(input, ctx).fields.length;
    },
    () => {
      const o = JSON.parse(lines[j++ & (LINES - 1)]);
      sink += o.severity;
    },
    { quick },
  );
  console.log(`JsonDecoder, ${name}`);
  console.log(`  ${fmt.rate(r.subjectOps)} lines/s (${fmt.mib(r.subjectOps * bytes)})`);
  console.log(`  JSON.parse alone: ${fmt.rate(r.referenceOps)} lines/s; ratio ${fmt.ratio(r.ratio)}\n`);
}
if (sink === 0) console.log('(nothing decoded?)');
