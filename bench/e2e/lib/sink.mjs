// The sink (a child process of run.mjs, talking over IPC): counts every record the subject delivers and
// checks a sample of them against the workload, so a run that loses, duplicates or corrupts messages is
// reported as failed. Modes:
//   lines  newline-terminated raw lines; every 64th is compared byte for byte with the line it names
//   json   newline-terminated JSON objects; every 64th is parsed and its fields compared
//   heka   Heka framed protobuf on one port per expected Type; every 64th frame is decoded and compared
//   tally  no data: blackhole subjects report `count bad lastNs [example]` lines here (see tally.mjs)
//   argv[2]: JSON { mode, ports: number (how many listeners), types?: [expected Type per listener] }
import net from 'node:net';
import { apacheFields, apacheLine, checkLine, indexOfPath, RELAY_TYPES } from './workload.mjs';

const { mode, ports = 1, types = [] } = JSON.parse(process.argv[2]);
const SAMPLE = 64;
const now = () => process.hrtime.bigint();
const decodeMessage = mode === 'heka' ? (await import('@heka/core')).decodeMessage : undefined;

let count = 0;
let bytes = 0;
let bad = 0;
let lastNs = 0n;
const examples = [];
const tallies = new Map();
let expected = -1;

function fail(what) {
  bad++;
  if (examples.length < 3) examples.push(what.length > 300 ? `${what.slice(0, 300)}…` : what);
}

function checkJson(text) {
  let obj;
  try {
    obj = JSON.parse(text);
  } catch {
    return fail(`not JSON: ${text}`);
  }
  const f = { ...obj, ...(obj.Fields ?? {}) };
  const want = apacheFields(indexOfPath(String(f.path ?? '')));
  for (const k of ['host', 'user', 'method', 'path', 'status', 'bytes', 'agent']) {
    if (String(f[k]) !== want[k]) return fail(`field ${k} = ${JSON.stringify(f[k])}, expected ${want[k]}: ${text}`);
  }
}

function checkFrame(buf, type) {
  try {
    const m = decodeMessage(buf);
    const i = Number(m.getFieldValue('seq'));
    if (m.type !== RELAY_TYPES[i % 3] || (type !== undefined && m.type !== type) || m.payload !== apacheLine(i)) {
      fail(`message ${i}: Type ${m.type} on the ${type} port, payload ${JSON.stringify(m.payload)}`);
    }
  } catch (err) {
    fail(`undecodable frame: ${err.message}`);
  }
}

/** Counts newline-terminated records of one connection, checking every SAMPLE-th. */
function lineCounter(check) {
  let carry = null;
  return (d) => {
    let s = 0;
    for (let e = d.indexOf(10); e >= 0; s = e + 1, e = d.indexOf(10, s)) {
      if (++count % SAMPLE === 0 || carry !== null) {
        const line = carry === null ? d.toString('latin1', s, e) : carry + d.toString('latin1', s, e);
        carry = null;
        if (count % SAMPLE === 0) check(line);
      }
    }
    if (s < d.length) carry = (carry ?? '') + d.toString('latin1', s);
  };
}

/** Counts Heka frames of one connection, checking every SAMPLE-th. */
function frameCounter(type) {
  let pending = Buffer.alloc(0);
  return (d) => {
    const buf = pending.length ? Buffer.concat([pending, d]) : d;
    let pos = 0;
    while (pos + 3 <= buf.length) {
      if (buf[pos] !== 0x1e) {
        fail(`stream out of frame at byte ${pos}`);
        pos = buf.indexOf(0x1e, pos + 1);
        if (pos < 0) pos = buf.length;
        continue;
      }
      const hlen = buf[pos + 1];
      if (pos + 3 + hlen > buf.length) break;
      let mlen = 0;
      for (let i = pos + 3, shift = 0; i < pos + 2 + hlen; i++, shift += 7) {
        mlen += (buf[i] & 0x7f) * 2 ** shift;
        if (buf[i] < 0x80) break;
      }
      const end = pos + 3 + hlen + mlen;
      if (end > buf.length) break;
      if (++count % SAMPLE === 0) checkFrame(buf.subarray(pos + 3 + hlen, end), type);
      pos = end;
    }
    pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
  };
}

function tallyReader(socket) {
  let carry = '';
  return (d) => {
    const lines = (carry + d.toString('latin1')).split('\n');
    carry = lines.pop();
    for (const line of lines) {
      const [c, b, ns, ...example] = line.split(' ');
      tallies.set(socket, { count: Number(c), bad: Number(b), lastNs: BigInt(ns) });
      if (example.length && examples.length < 3) examples.push(example.join(' '));
    }
    count = 0;
    bad = 0;
    for (const t of tallies.values()) {
      count += t.count;
      bad += t.bad;
      if (t.lastNs > lastNs) lastNs = t.lastNs;
    }
  };
}

function listen(k) {
  const server = net.createServer((socket) => {
    const onData =
      mode === 'tally'
        ? tallyReader(socket)
        : mode === 'heka'
          ? frameCounter(types[k])
          : lineCounter(mode === 'json' ? checkJson : (l) => checkLine(l) || fail(`wrong line: ${l}`));
    socket.on('data', (d) => {
      if (mode !== 'tally') lastNs = now();
      bytes += d.length;
      onData(d);
      if (expected >= 0 && count >= expected) done();
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function done() {
  process.send({ event: 'done', count, bytes, bad, examples, lastNs: String(lastNs) });
  expected = -1;
}

const listening = await Promise.all(Array.from({ length: ports }, (_, k) => listen(k)));
process.on('message', (m) => {
  if (m.cmd === 'snapshot') process.send({ event: 'snapshot', count, bytes, ns: String(now()) });
  else if (m.cmd === 'expect') {
    expected = m.records;
    if (count >= expected) done();
  } else if (m.cmd === 'status') process.send({ event: 'status', count, bytes, bad, examples, lastNs: String(lastNs) });
  else if (m.cmd === 'exit') process.exit(0);
});
setInterval(() => process.send({ event: 'progress', count }), 250);
process.send({ event: 'listening', ports: listening });
