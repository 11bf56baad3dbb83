// tcp_to_tcp, plain Node: split lines, forward each line (batched per chunk read).
import { args, lineSplitter, listen, output, writeAll } from './common.mjs';

const out = output(args.outPorts[0]);
listen((socket) => {
  let batch = '';
  socket.on(
    'data',
    lineSplitter(
      (line) => {
        batch += `${line}\n`;
      },
      () => {
        writeAll(socket, [[out, Buffer.from(batch, 'latin1')]]);
        batch = '';
      },
    ),
  );
});
