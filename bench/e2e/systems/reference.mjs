// The plain-Node reference of each scenario (reference/<scenario>.mjs): only the socket and record work.
import { join } from 'node:path';

const DIR = new URL('../reference/', import.meta.url).pathname;

export const reference = {
  name: 'node reference',
  unavailable: () => undefined,
  prepare(scenario, ctx) {
    const args = { inPort: ctx.inPort, outPorts: ctx.outPorts, tallyPort: ctx.tallyPort, file: ctx.logFile };
    return { command: process.execPath, args: [join(DIR, `${scenario}.mjs`), JSON.stringify(args)] };
  },
};
