/**
 * The control message Heka's heka-sbmgr sends (cmd/heka-sbmgr/main.go): Type heka.control.sandbox,
 * Logger hekad, a random Uuid, the time now, this host's name; for load the script as Payload and the
 * section TOML in Fields[config] (representation "toml"); for unload Fields[name]; then Fields[action].
 * Framed and HMAC-signed with the [signer] settings, as Heka's client always signs.
 */
import { hostname as osHostname } from 'node:os';
import { encodeFrame, encodeMessage, Message, type MessageSigner } from '@heka/core';

export type Action = 'load' | 'unload';

export interface LoadRequest {
  action: 'load';
  /** Lua source. */
  script: string;
  /** TOML of one SandboxFilter section. */
  config: string;
}

export interface UnloadRequest {
  action: 'unload';
  /** The section name of the filter (not the manager's `<manager>-<name>`). */
  name: string;
}

export function controlMessage(request: LoadRequest | UnloadRequest, hostname = osHostname()): Message {
  const m = new Message({ type: 'heka.control.sandbox', logger: 'hekad', hostname });
  if (request.action === 'load') {
    m.payload = request.script;
    m.addField({ name: 'config', value: request.config, representation: 'toml' });
  } else {
    m.addField({ name: 'name', value: request.name, representation: '' });
  }
  m.addField({ name: 'action', value: request.action, representation: '' });
  return m;
}

/** The framed, signed record (Heka's maximum message size, 64 KiB, applies). */
export function frameControlMessage(message: Message, signer: MessageSigner): Uint8Array {
  return encodeFrame(encodeMessage(message), signer);
}
