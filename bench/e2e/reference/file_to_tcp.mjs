// file_to_tcp, plain Node: read the log file from the start, split lines, forward them (batched per read).
import { createReadStream } from 'node:fs';
import { args, lineSplitter, output, writeAll } from './common.mjs';

const out = output(args.outPorts[0]);
const file = createReadStream(args.file, { highWaterMark: 256 * 1024 });
let batch = '';
file.on(
  'data',
  lineSplitter(
    (line) => {
      batch += `${line}\n`;
    },
    () => {
      writeAll(file, [[out, Buffer.from(batch, 'latin1')]]);
      batch = '';
    },
  ),
);
