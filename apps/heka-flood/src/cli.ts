#!/usr/bin/env node
import { normaliseArgs } from '@heka/go-cli';
/**
 * heka-flood: a load generator sending synthetic Heka messages over TCP (optionally TLS) or UDP.
 * Flags are Heka's (single dash, Go style): -config flood.toml -test <section>.
 */
import { Command } from 'commander';
import { FloodConfigError, loadFloodTest } from './config.js';
import { flood, goLogIo } from './flood.js';

function program(): Command {
  return new Command('heka-flood')
    .description('Sends synthetic Heka messages to a TcpInput or UdpInput, for throughput and robustness tests.')
    .option('--config <file>', 'Heka Flood configuration file', 'flood.toml')
    .option('--test <section>', 'Test section to load', 'default')
    .showHelpAfterError();
}

async function main(argv: readonly string[]): Promise<number> {
  const cmd = program();
  const args = normaliseArgs(argv, { values: ['config', 'test'] });
  if (args.length === 0) {
    // As in Heka: without any flag, print the usage and do nothing.
    cmd.outputHelp({ error: true });
    return 0;
  }
  cmd.exitOverride();
  try {
    cmd.parse(args, { from: 'user' });
  } catch (err) {
    const code = (err as { code?: string }).code;
    return code === 'commander.helpDisplayed' || code === 'commander.help' ? 0 : 2;
  }
  const { config, test: section } = cmd.opts<{ config: string; test: string }>();
  const stop = new AbortController();
  const io = goLogIo(stop.signal);
  let test: ReturnType<typeof loadFloodTest>;
  try {
    test = loadFloodTest(config, section);
  } catch (err) {
    if (!(err instanceof FloodConfigError)) throw err;
    io.error(err.message);
    return 1;
  }
  if (test.pprofFile !== '')
    io.error(`pprof_file = "${test.pprofFile}" is ignored: heka-flood for Node writes no profile`);
  const onSignal = () => {
    if (stop.signal.aborted) process.exit(130);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const r = await flood(test, io);
    return r.connected ? 0 : 1;
  } catch (err) {
    io.error((err as Error).message);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

process.exitCode = await main(process.argv.slice(2));
