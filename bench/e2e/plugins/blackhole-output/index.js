// BenchBlackholeOutput: the blackhole of tcp_to_blackhole for hekad. It drops every message, but counts
// it and checks every 64th payload against the workload, reporting to the benchmark's sink (lib/tally.mjs),
// so a blackhole run is verified like the others. Loaded by hekad through plugin_dirs.
import { definePlugin } from '@heka/core';
import { tally } from '../../lib/tally.mjs';
import { checkLine } from '../../lib/workload.mjs';

export default definePlugin({
  type: 'BenchBlackholeOutput',
  kind: 'output',
  description: 'Benchmark blackhole: counts messages for the bench/e2e sink and discards them.',
  configSchema: {
    type: 'object',
    required: ['tally_port'],
    properties: {
      tally_port: { type: 'integer', minimum: 1, maximum: 65535, description: "The sink's tally port." },
    },
  },
  create(config) {
    const t = tally(config.tally_port);
    let n = 0;
    return {
      process(message) {
        t.add();
        if (++n % 64 === 0) {
          const line = message.payload.endsWith('\n') ? message.payload.slice(0, -1) : message.payload;
          if (!checkLine(line)) t.fail(`wrong payload: ${line}`);
        }
      },
      stop() {
        t.close();
      },
    };
  },
});
