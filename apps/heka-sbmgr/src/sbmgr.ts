/** heka-sbmgr's work, as a library: read the files, build and frame the message, send it. */
import { readFileSync } from 'node:fs';
import type { Message } from '@heka/core';
import type { ClientTls } from '@heka/net';
import { loadConfig, type SbmgrConfig } from './config.js';
import { fileError } from './errors.js';
import { controlMessage, frameControlMessage } from './message.js';
import { dial, tlsOptions, write } from './send.js';

export interface SbmgrOptions {
  /** The configuration file (Heka's -config). */
  config: string;
  /** load or unload (Heka's -action). */
  action: string;
  /** Lua script to load (Heka's -script). */
  script: string;
  /** TOML of the filter's section, for load (Heka's -scriptconfig). */
  scriptconfig: string;
  /** Section name of the filter to unload (Heka's -filtername). */
  filtername: string;
}

/** Heka's flag defaults. */
export const SBMGR_DEFAULTS: SbmgrOptions = {
  config: 'sbmgr.toml',
  action: 'load',
  script: 'xyz.lua',
  scriptconfig: 'xyz.toml',
  filtername: 'filter',
};

/** A failure, with the line Heka's tool logs for it. */
export class SbmgrError extends Error {}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new SbmgrError(`Error reading ${what}: ${fileError(path, err)}`);
  }
}

/** The message for the options (reads the script and its configuration for load). */
export function buildRequest(o: SbmgrOptions): Message {
  if (o.action === 'load') {
    const script = readText(o.script, 'scriptFile');
    const config = readText(o.scriptconfig, 'scriptConfig');
    return controlMessage({ action: 'load', script, config });
  }
  if (o.action === 'unload') return controlMessage({ action: 'unload', name: o.filtername });
  throw new SbmgrError(`Invalid action: ${o.action} (use load or unload)`);
}

/** Does what the command does; throws SbmgrError carrying the message to log. */
export async function runSbmgr(o: SbmgrOptions, warn: (line: string) => void = () => undefined): Promise<void> {
  let config: SbmgrConfig;
  try {
    config = loadConfig(o.config);
  } catch (err) {
    throw new SbmgrError(`Error decoding config file: ${(err as Error).message}`);
  }
  if (config.signer.name === '') {
    warn('no [signer] name in the configuration: the message is signed with an empty name and key, as Heka did');
  }
  const message = buildRequest(o);
  let record: Uint8Array;
  try {
    record = frameControlMessage(message, config.signer);
  } catch (err) {
    throw new SbmgrError(`Error sending message: ${(err as Error).message}`);
  }
  let tls: ClientTls | undefined;
  if (config.useTls) {
    try {
      tls = tlsOptions(config);
    } catch (err) {
      throw new SbmgrError(`Error creating TLS config: ${(err as Error).message}`);
    }
    for (const w of tls.warnings) warn(w);
  }
  let socket: Awaited<ReturnType<typeof dial>>;
  try {
    socket = await dial(config, tls);
  } catch (err) {
    throw new SbmgrError(`Error creating sender: ${(err as Error).message}`);
  }
  try {
    await write(socket, record);
  } catch (err) {
    throw new SbmgrError(`Error sending message: ${(err as Error).message}`);
  }
}
