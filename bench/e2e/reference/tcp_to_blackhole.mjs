// tcp_to_blackhole, plain Node: split lines, count them (checking every 64th like the hekad blackhole), drop.
import { tally } from '../lib/tally.mjs';
import { checkLine } from '../lib/workload.mjs';
import { args, lineSplitter, listen } from './common.mjs';

const t = tally(args.tallyPort);
let n = 0;
listen((socket) => {
  socket.on(
    'data',
    lineSplitter(
      (line) => {
        t.add();
        if (++n % 64 === 0 && !checkLine(line)) t.fail(`wrong line: ${line}`);
      },
      () => {},
    ),
  );
});
