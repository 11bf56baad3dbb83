// The load generator (a child process of run.mjs, talking over IPC): loads a workload file into memory,
// cuts it into ~256 KiB chunks on record boundaries, and on `go` writes them to the subject over TCP as
// fast as the socket takes them, cycling through the file, until `stop`. Then it reports what it sent.
//   argv[2]: JSON { file, kind: 'lines' | 'protobuf', port, conns }
import { readFileSync } from 'node:fs';
import net from 'node:net';

const { file, kind, port, conns = 1 } = JSON.parse(process.argv[2]);
const CHUNK = 256 * 1024;
const data = readFileSync(file);

/** [{ buf, records }] covering the file, each ending on a record boundary. */
function chunks() {
  const out = [];
  let start = 0;
  let records = 0;
  let pos = 0;
  while (pos < data.length) {
    if (kind === 'lines') {
      const nl = data.indexOf(10, pos);
      pos = nl < 0 ? data.length : nl + 1;
    } else {
      // Heka frame: 0x1E, header length, header (field 1 = message length, varint), 0x1F, message
      const hlen = data[pos + 1];
      let mlen = 0;
      for (let i = pos + 3, shift = 0; ; i++, shift += 7) {
        mlen += (data[i] & 0x7f) * 2 ** shift;
        if (data[i] < 0x80) break;
      }
      pos += 3 + hlen + mlen;
    }
    records++;
    if (pos - start >= CHUNK || pos >= data.length) {
      out.push({ buf: data.subarray(start, pos), records });
      start = pos;
      records = 0;
    }
  }
  return out;
}

const list = chunks();
const total = list.reduce((n, c) => n + c.records, 0);
let stopping = false;
let sentRecords = 0;
let sentBytes = 0;

async function pump(offset) {
  const socket = net.connect(port, '127.0.0.1');
  socket.setNoDelay(false);
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let failed;
  socket.on('error', (err) => {
    failed = err;
  });
  for (let i = offset; !stopping && !failed; i = (i + 1) % list.length) {
    const c = list[i];
    sentRecords += c.records;
    sentBytes += c.buf.length;
    if (!socket.write(c.buf)) await new Promise((resolve) => socket.once('drain', resolve).once('close', resolve));
  }
  await new Promise((resolve) => socket.end(resolve));
  if (failed) throw failed;
}

process.on('message', async (m) => {
  if (m.cmd === 'go') {
    const step = Math.floor(list.length / conns);
    try {
      await Promise.all(Array.from({ length: conns }, (_, k) => pump(k * step)));
      process.send({ event: 'sent', records: sentRecords, bytes: sentBytes });
    } catch (err) {
      process.send({ event: 'error', message: err.message, records: sentRecords, bytes: sentBytes });
    }
  } else if (m.cmd === 'stop') {
    stopping = true;
  } else if (m.cmd === 'exit') {
    process.exit(0);
  }
});
process.send({ event: 'ready', records: total, bytes: data.length });
