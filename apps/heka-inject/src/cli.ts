#!/usr/bin/env node
import { goInt64, logError, normaliseArgs } from '@heka/go-cli';
/**
 * heka-inject: sends one message to a Heka TcpInput.
 * Flags are Heka's (single dash, Go style): -heka -type -logger -severity -payload -pid -hostname.
 */
import { Command, InvalidArgumentError } from 'commander';
import { buildMessage, frameMessage, INJECT_DEFAULTS, type InjectOptions, send } from './inject.js';

const VALUE_FLAGS = ['heka', 'type', 'logger', 'severity', 'payload', 'pid', 'hostname'] as const;

/** Go converts the int flag to int32 by keeping the low 32 bits. */
const int32Flag = (flag: string) => (text: string) => {
  try {
    return Number(BigInt.asIntN(32, goInt64(text, flag)));
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
};

function program(): Command {
  const d = INJECT_DEFAULTS;
  return new Command('heka-inject')
    .description('Sends one Heka message (protobuf, framed) to a TcpInput. Flags take one dash or two.')
    .option('--heka <host:port>', 'Heka instance to inject message', d.heka)
    .option('--type <type>', 'Type of message', d.type)
    .option('--logger <logger>', 'Data source', d.logger)
    .option('--severity <n>', 'Syslog severity level', int32Flag('severity'), d.severity)
    .option('--payload <text>', 'Textual data', d.payload)
    .option('--pid <n>', 'Process ID generating message (0: this process)', int32Flag('pid'), d.pid)
    .option('--hostname <name>', 'Hostname generating message ("": this host)', d.hostname)
    .showHelpAfterError();
}

async function main(argv: readonly string[]): Promise<number> {
  const cmd = program();
  let args: string[];
  try {
    args = normaliseArgs(argv, { values: VALUE_FLAGS });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  if (args.length === 0) {
    // As in Heka: without any flag, print the usage and send nothing.
    cmd.outputHelp({ error: true });
    return 0;
  }
  cmd.exitOverride();
  try {
    cmd.parse(args, { from: 'user' });
  } catch (err) {
    // Go's flag package exits 2 on a bad command line, 0 after -help.
    const code = (err as { code?: string }).code;
    return code === 'commander.helpDisplayed' || code === 'commander.help' ? 0 : 2;
  }
  const opts = cmd.opts<InjectOptions>();
  let record: Uint8Array;
  try {
    record = frameMessage(buildMessage(opts));
  } catch (err) {
    logError(`Inject: [error] encode message: ${(err as Error).message}`);
    return 1;
  }
  try {
    await send(opts.heka, record);
  } catch (err) {
    logError(`Inject: [error] send message: ${(err as Error).message}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
