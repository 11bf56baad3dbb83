#!/usr/bin/env node
import { logError, normaliseArgs } from '@heka/go-cli';
/**
 * heka-sbmgr: loads or unloads a dynamic SandboxFilter in a running hekad by sending a signed
 * heka.control.sandbox message to its TcpInput, for a SandboxManagerFilter.
 * Flags are Heka's (one dash or two, Go style): -config -action -script -scriptconfig -filtername.
 */
import { Command } from 'commander';
import { runSbmgr, SBMGR_DEFAULTS, SbmgrError, type SbmgrOptions } from './sbmgr.js';

const VALUE_FLAGS = ['config', 'action', 'script', 'scriptconfig', 'filtername'] as const;

function program(): Command {
  const d = SBMGR_DEFAULTS;
  return new Command('heka-sbmgr')
    .description(
      'Loads or unloads a SandboxFilter in a running hekad (signed heka.control.sandbox message). Flags take one dash or two.',
    )
    .option('--config <file>', 'Sandbox manager configuration file', d.config)
    .option('--action <load|unload>', 'Sandbox manager action', d.action)
    .option('--script <file>', 'Sandbox script file (load)', d.script)
    .option('--scriptconfig <file>', 'Sandbox script configuration file (load)', d.scriptconfig)
    .option('--filtername <name>', 'Sandbox filter name (unload)', d.filtername)
    .allowExcessArguments(false)
    .showHelpAfterError();
}

async function main(argv: readonly string[]): Promise<number> {
  const cmd = program();
  cmd.exitOverride();
  try {
    cmd.parse(normaliseArgs(argv, { values: VALUE_FLAGS }), { from: 'user' });
  } catch (err) {
    // Go's flag package exits 2 on a bad command line, 0 after -help.
    const code = (err as { code?: string }).code;
    return code === 'commander.helpDisplayed' || code === 'commander.help' ? 0 : 2;
  }
  try {
    await runSbmgr(cmd.opts<SbmgrOptions>(), (line) => logError(`warning: ${line}`));
  } catch (err) {
    if (!(err instanceof SbmgrError)) throw err;
    logError(err.message);
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
