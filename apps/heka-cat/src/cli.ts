#!/usr/bin/env node
import { goInt64, normaliseArgs, parseGoInt } from '@heka/go-cli';
/**
 * heka-cat: counts, views, filters and extracts Heka protobuf logs (files of framed messages).
 * Flags are Heka's (single dash, Go style): -match -format -output -tail -offset -max-message-size <file>.
 */
import { Command, InvalidArgumentError } from 'commander';
import { type CatFormat, cat, FORMATS } from './cat.js';

const VALUE_FLAGS = ['match', 'format', 'output', 'offset', 'max-message-size'] as const;

const wrap = (fn: (text: string) => number) => (text: string) => {
  try {
    return fn(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message);
  }
};

function program(): Command {
  return new Command('heka-cat')
    .description('Reads a file of framed Heka messages, filters them with a message matcher and prints them.')
    .argument('<file>', 'file of framed messages (FileOutput with ProtobufEncoder, a disk queue file)')
    .option('--match <expr>', 'message_matcher filter expression', 'TRUE')
    .option('--format <format>', 'output format [txt|json|heka|count]', 'txt')
    .option('--output <file>', 'output filename, defaults to stdout', '')
    .option('--tail', "don't exit on EOF", false)
    .option(
      '--offset <bytes>',
      'starting offset for the input file in bytes',
      wrap((t) => Number(goInt64(t, 'offset'))),
      0,
    )
    .option(
      '--max-message-size <bytes>',
      'maximum message size in bytes',
      wrap((t) => {
        const v = parseGoInt(t, 'max-message-size');
        if (v < 0n || v >= 2n ** 64n) throw new Error(`invalid value ${JSON.stringify(t)} for flag -max-message-size`);
        return Number(v);
      }),
      4 * 1024 * 1024,
    )
    .showHelpAfterError();
}

interface Flags {
  match: string;
  format: string;
  output: string;
  tail: boolean;
  offset: number;
  maxMessageSize: number;
}

async function main(argv: readonly string[]): Promise<number> {
  const cmd = program();
  let args: string[];
  try {
    args = normaliseArgs(argv, { values: VALUE_FLAGS, booleans: ['tail'] });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  cmd.exitOverride();
  try {
    cmd.parse(args, { from: 'user' });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.help') return 0;
    // Heka printed the usage and exited 1 unless exactly one file was given; 2 for bad flags.
    return code === 'commander.missingArgument' || code === 'commander.excessArguments' ? 1 : 2;
  }
  const flags = cmd.opts<Flags>();
  if (!FORMATS.includes(flags.format as CatFormat)) {
    process.stderr.write(`invalid -format ${JSON.stringify(flags.format)}: want txt, json, heka or count\n`);
    return 2;
  }
  const stop = new AbortController();
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const r = await cat(
    { ...flags, format: flags.format as CatFormat, file: cmd.args[0] as string, signal: stop.signal },
    (line) => process.stderr.write(`${line}\n`),
  );
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return r.code;
}

process.exitCode = await main(process.argv.slice(2));
