// protobuf_relay, plain Node: cut Heka frames, read each message's Type (protobuf field 3) and forward the
// frame's bytes unchanged to the output of that Type (batched per chunk read).
import { args, listen, output, writeAll } from './common.mjs';

const outs = args.outPorts.map(output);
const ROUTE = new Map([
  ['bench.a', 0],
  ['bench.b', 1],
  ['bench.c', 2],
]);

function varint(buf, pos) {
  let v = 0;
  for (let shift = 0; ; shift += 7) {
    const b = buf[pos.i++];
    v += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) return v;
  }
}

/** The Type of a protobuf Heka message (field 3), or ''. */
function typeOf(buf, start, end) {
  const pos = { i: start };
  while (pos.i < end) {
    const key = varint(buf, pos);
    const wire = key & 7;
    if (wire === 0) varint(buf, pos);
    else if (wire === 2) {
      const len = varint(buf, pos);
      if (key >>> 3 === 3) return buf.toString('latin1', pos.i, pos.i + len);
      pos.i += len;
    } else if (wire === 1) pos.i += 8;
    else if (wire === 5) pos.i += 4;
    else return '';
  }
  return '';
}

listen((socket) => {
  let pending = Buffer.alloc(0);
  socket.on('data', (d) => {
    const buf = pending.length ? Buffer.concat([pending, d]) : d;
    const parts = outs.map(() => []);
    let pos = 0;
    while (pos + 3 <= buf.length) {
      const hlen = buf[pos + 1];
      if (pos + 3 + hlen > buf.length) break;
      const mlen = varint(buf, { i: pos + 3 });
      const end = pos + 3 + hlen + mlen;
      if (end > buf.length) break;
      const k = ROUTE.get(typeOf(buf, pos + 3 + hlen, end));
      if (k !== undefined) parts[k].push(buf.subarray(pos, end));
      pos = end;
    }
    pending = pos < buf.length ? Buffer.from(buf.subarray(pos)) : Buffer.alloc(0);
    writeAll(
      socket,
      outs.map((o, k) => [o, Buffer.concat(parts[k])]),
    );
  });
});
