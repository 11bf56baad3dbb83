// @heka/core benchmarks: matcher, protobuf decode/encode, frame reading. Each subject runs against a
// plain-JavaScript reference doing comparable work in the same process; ratios are what to compare.
import { compileMatcher, decodeMessage, encodeFrame, encodeMessage, FrameReader, Message } from '@heka/core';
import { compare, fmt } from './lib/harness.mjs';

/** A ~300-byte nginx access message with 6 fields, as a decoder would produce it. */
function sampleMessage() {
  return new Message({
    type: 'nginx.access',
    logger: 'nginx-input',
    severity: 6,
    hostname: 'web-01.example.com',
    pid: 4321,
    envVersion: '1',
    payload: '192.168.1.17 - - [24/Nov/2026:10:00:00 +0000] "GET /api/v2/items HTTP/1.1" 503 5120 "-" "Mozilla/5.0"',
    fields: [
      { name: 'status', value: 503n },
      { name: 'request_time', value: 0.012 },
      { name: 'method', value: 'GET' },
      { name: 'path', value: '/api/v2/items' },
      { name: 'bytes_sent', value: 5120n, representation: 'B' },
      { name: 'cached', value: false },
    ],
  });
}

export const TARGETS = { matcher: 10e6, decode: 1e6, encode: 1e6 };

export function runCore({ quick = false } = {}) {
  const opts = { quick };
  const msg = sampleMessage();
  const bytes = encodeMessage(msg);
  const size = bytes.length;
  const json = JSON.stringify(msg.toJSON());
  const plain = JSON.parse(json);
  const rows = [];
  let sink = 0;

  // Matcher: three clauses, a field lookup and a real regexp (not a literal), all evaluated.
  const expression = "Type == 'nginx.access' && Fields[status] >= 500 && Payload =~ /HTTP\\/1\\.[01]\" 5\\d\\d /";
  const matcher = compileMatcher(expression);
  const decoded = decodeMessage(bytes);
  if (!matcher.match(decoded)) throw new Error('benchmark message must match');
  const re = /HTTP\/1\.[01]" 5\d\d /;
  const handWritten = (m) => {
    if (m.type !== 'nginx.access') return false;
    const f = m.fields.find((x) => x.name === 'status');
    return f !== undefined && f.value[0] >= 500 && re.test(m.payload);
  };
  const m = compare(
    () => (sink += matcher.match(decoded) ? 1 : 0),
    () => (sink += handWritten(plain) ? 1 : 0),
    opts,
  );
  rows.push({
    name: 'matcher, 3 clauses (field lookup + regexp)',
    rate: `${fmt.rate(m.subjectOps)} evals/s`,
    reference: `hand-written JS on a plain object: ${fmt.rate(m.referenceOps)}/s`,
    ratio: m.ratio,
    target: `≥ 10 M/s: ${m.subjectOps >= TARGETS.matcher ? 'met' : 'MISSED'}`,
    ops: m.subjectOps,
  });

  // Decode: headers decoded and fields validated (fields are built on first access).
  const d = compare(
    () => (sink += decodeMessage(bytes)._present),
    () => (sink += JSON.parse(json).severity),
    opts,
  );
  rows.push({
    name: `decode ${size} B, 6 fields (fields built lazily)`,
    rate: `${fmt.rate(d.subjectOps)} msg/s, ${fmt.mib(d.subjectOps * size)}`,
    reference: `JSON.parse of the same message: ${fmt.rate(d.referenceOps)}/s`,
    ratio: d.ratio,
    target: `≥ 1 M/s: ${d.subjectOps >= TARGETS.decode ? 'met' : 'MISSED'}`,
    ops: d.subjectOps,
  });
  const df = compare(
    () => {
      const x = decodeMessage(bytes);
      sink += x.fields.length + x.payload.length + x.type.length;
    },
    () => (sink += JSON.parse(json).fields.length),
    opts,
  );
  rows.push({
    name: `decode ${size} B and read every field`,
    rate: `${fmt.rate(df.subjectOps)} msg/s, ${fmt.mib(df.subjectOps * size)}`,
    reference: `JSON.parse of the same message: ${fmt.rate(df.referenceOps)}/s`,
    ratio: df.ratio,
    target: '(no target; the cost when a consumer reads all fields)',
    ops: df.subjectOps,
  });

  // Encode a message built in JavaScript (no wire bytes to reuse).
  const e = compare(
    () => (sink += encodeMessage(msg).length),
    () => (sink += JSON.stringify(plain).length),
    opts,
  );
  rows.push({
    name: `encode ${size} B, 6 fields`,
    rate: `${fmt.rate(e.subjectOps)} msg/s, ${fmt.mib(e.subjectOps * size)}`,
    reference: `JSON.stringify of the same message: ${fmt.rate(e.referenceOps)}/s`,
    ratio: e.ratio,
    target: `≥ 1 M/s: ${e.subjectOps >= TARGETS.encode ? 'met' : 'MISSED'}`,
    ops: e.subjectOps,
  });

  // Frame reading: a stream of framed messages pushed in 64 KiB chunks.
  const frame = encodeFrame(bytes);
  const count = 2000;
  const stream = Buffer.concat(Array.from({ length: count }, () => frame));
  const chunks = [];
  for (let i = 0; i < stream.length; i += 65536) chunks.push(stream.subarray(i, i + 65536));
  const f = compare(
    () => {
      const r = new FrameReader();
      for (const c of chunks) {
        r.push(c);
        while (r.read()) sink++;
      }
    },
    () => {
      // The least any reader does: find each record separator and copy the record out.
      for (let at = stream.indexOf(0x1e); at >= 0; at = stream.indexOf(0x1e, at + frame.length)) {
        sink += Buffer.from(stream.subarray(at, at + frame.length)).length;
      }
    },
    opts,
  );
  rows.push({
    name: `frame reading, ${frame.length} B frames in 64 KiB chunks`,
    rate: `${fmt.mib(f.subjectOps * stream.length)} (${fmt.rate(f.subjectOps * count)} frames/s)`,
    reference: `indexOf + copy per frame: ${fmt.mib(f.referenceOps * stream.length)}`,
    ratio: f.ratio,
    target: '(no target)',
    ops: f.subjectOps * count,
  });
  if (sink === -1) console.log(sink); // keep results observable
  return rows;
}
