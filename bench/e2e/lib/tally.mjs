// The blackhole side of the sink's `tally` mode: a subject that discards its messages still counts them
// and reports `count bad lastNs [example]` to the sink every 5 ms (lastNs: when the count last grew).
import net from 'node:net';

export function tally(port) {
  const socket = net.connect(port, '127.0.0.1');
  socket.on('error', () => {});
  let count = 0;
  let bad = 0;
  let example = '';
  let reported = -1;
  const timer = setInterval(() => {
    if (count === reported) return;
    reported = count;
    socket.write(`${count} ${bad} ${process.hrtime.bigint()}${example ? ` ${example}` : ''}\n`);
    example = '';
  }, 5);
  timer.unref();
  return {
    add(n = 1) {
      count += n;
    },
    fail(what) {
      bad++;
      if (!example) example = what.replace(/\n/g, '\\n').slice(0, 300);
    },
    close() {
      clearInterval(timer);
      socket.end();
    },
  };
}
