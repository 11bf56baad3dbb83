#!/usr/bin/env node
/** The heka-logstreamer command line: `heka-logstreamer -config hekad.toml`. */
import { Command } from 'commander';
import { describeLogstreams } from './index.js';

export async function main(argv: readonly string[]): Promise<number> {
  // Go's flag package: -config and -config=value; commander wants --config.
  const args = argv.map((a) => (/^-(config|help)(=.*)?$/.test(a) ? `-${a}` : a));
  const program = new Command('heka-logstreamer')
    .description(
      'Prints, for every LogstreamerInput section of a Heka config, each logstream and its files oldest to newest.',
    )
    .option('--config <path>', 'Heka config file, or a directory of *.toml files', 'logstreamer.toml')
    .exitOverride();
  try {
    program.parse(args, { from: 'user' });
  } catch (e) {
    return (e as { exitCode?: number }).exitCode ?? 2;
  }
  if (!args.some((a) => a.startsWith('--config'))) {
    process.stdout.write(program.helpInformation());
    return 0;
  }
  const report = await describeLogstreams(program.opts<{ config: string }>().config);
  process.stdout.write(report.out);
  for (const w of report.warnings) process.stderr.write(`warning: ${w}\n`);
  for (const e of report.errors) process.stderr.write(`${e}\n`);
  return report.errors.length > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
