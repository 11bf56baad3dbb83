#!/usr/bin/env node
/**
 * The hekad command line. Thin: parse arguments, call the runtime, map the result to an exit code.
 * Heka's flags are single-dash (`-config`, `-version`); the double-dash forms work too.
 */
import { Command } from 'commander';
import { normaliseArgs } from './args.js';
import { checkCommand, describeCommand, listCommand, runCommand } from './commands.js';
import { VERSION } from './version.js';

export function program(): Command {
  const cmd = new Command('hekad')
    .enablePositionalOptions()
    .description('Heka for Node: a stream processor for logs and metrics, configured in TOML.')
    .option('--config <path>', 'config file, or a directory of *.toml files read in name order', '/etc/hekad.toml')
    .option('--version', 'print the version and exit')
    .action(async (opts: { config: string; version?: boolean }) => {
      if (opts.version) {
        process.stdout.write(`${VERSION}\n`);
        return;
      }
      process.exitCode = await runCommand(opts.config);
    });
  cmd
    .command('check')
    .description('validate a configuration (every error at once) without starting anything')
    .argument('[config]', 'config file or directory', '/etc/hekad.toml')
    .action(async (config: string) => {
      process.exitCode = await checkCommand(config);
    });
  const plugins = cmd.command('plugins').description('the plugin packages hekad can find');
  plugins
    .command('list')
    .description('list discovered plugin types and where they come from')
    .option('--config <path>', 'also search the plugin_dirs of this config')
    .action(async (opts: { config?: string }) => {
      process.exitCode = await listCommand(opts.config);
    });
  plugins
    .command('describe')
    .description("show a plugin type's options (from its schema)")
    .argument('<type>', 'plugin type, e.g. TcpInput')
    .option('--config <path>', 'also search the plugin_dirs of this config')
    .action(async (type: string, opts: { config?: string }) => {
      process.exitCode = await describeCommand(type, opts.config);
    });
  return cmd;
}

await program().parseAsync(normaliseArgs(process.argv.slice(2)), { from: 'user' });
