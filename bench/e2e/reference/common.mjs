// Shared by the reference programs: plain Node doing only the socket and record work of a scenario, the
// practical limit hekad is measured against. argv[2]: JSON { inPort, outPorts, tallyPort, file }.
import net from 'node:net';

export const args = JSON.parse(process.argv[2]);

/** A TCP client to the sink that holds back its producer while the socket is full. */
export function output(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', (err) => {
    console.error(`output ${port}: ${err.message}`);
    process.exit(1);
  });
  return socket;
}

/** Writes to every socket; pauses `source` until all have drained when one is full. */
export function writeAll(source, writes) {
  let waiting = 0;
  for (const [socket, data] of writes) {
    if (data.length === 0 || socket.write(data)) continue;
    waiting++;
    socket.once('drain', () => {
      if (--waiting === 0) source.resume();
    });
  }
  if (waiting > 0) source.pause();
}

/** Listens on args.inPort; `onConnection(socket)` handles each producer. */
export function listen(onConnection) {
  net.createServer(onConnection).listen(args.inPort, '127.0.0.1');
}

/**
 * Calls `onLine(text)` for each newline-terminated line of a byte stream (without the newline), then
 * `onChunkEnd()` after each chunk; returns the data handler.
 */
export function lineSplitter(onLine, onChunkEnd) {
  let carry = '';
  return (d) => {
    let s = 0;
    for (let e = d.indexOf(10); e >= 0; s = e + 1, e = d.indexOf(10, s)) {
      if (carry) {
        onLine(carry + d.toString('latin1', s, e));
        carry = '';
      } else onLine(d.toString('latin1', s, e));
    }
    if (s < d.length) carry += d.toString('latin1', s);
    onChunkEnd();
  };
}
