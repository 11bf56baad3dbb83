// regex_parsing, plain Node: regex → fixed-shape object → JSON line, forwarded (batched per chunk read).
// Also the reference of lua_decode (the same parse, in the language of the host).
import { args, lineSplitter, listen, output, writeAll } from './common.mjs';

const APACHE = /^(\S+) \S+ (\S+) \[([^\]]+)\] "(\S+) (\S+) ([^"]*)" (\d{3}) (\d+) "([^"]*)" "([^"]*)"/;
const out = output(args.outPorts[0]);
listen((socket) => {
  let batch = '';
  socket.on(
    'data',
    lineSplitter(
      (line) => {
        const m = APACHE.exec(line);
        if (m === null) return;
        const doc = {
          host: m[1],
          user: m[2],
          timestamp: m[3],
          method: m[4],
          path: m[5],
          protocol: m[6],
          status: m[7],
          bytes: m[8],
          referer: m[9],
          agent: m[10],
        };
        batch += `${JSON.stringify(doc)}\n`;
      },
      () => {
        writeAll(socket, [[out, Buffer.from(batch, 'latin1')]]);
        batch = '';
      },
    ),
  );
});
