/** The options and usage figures of a sandbox. */
import type { Message } from '@heka/core';
import type { InjectResult } from './api.js';
import type { SandboxKind } from './env.js';

export interface SandboxOptions {
  kind: SandboxKind;
  /** The plugin's name (for messages). */
  name: string;
  /** The script (absolute path): read unless `source` is given; error messages name it. */
  filename: string;
  source?: Uint8Array;
  moduleDirectories: readonly string[];
  memoryLimit: number;
  /** Per call; 0 means unlimited (Heka forces 0 for inputs and outputs). */
  instructionLimit: number;
  outputLimit: number;
  /** The `[name.config]` table, read with read_config. */
  config: Readonly<Record<string, unknown>>;
  /** Lua source of preserved globals to run after the script loaded (preserve_data). */
  restore?: Uint8Array;
  /** Where inject_payload / inject_message go: payload type "" means protobuf message bytes. */
  inject?: (payload: Uint8Array, payloadType: string, payloadName: string) => InjectResult;
  /**
   * Where inject_message(table) goes, when given (instead of `inject` with protobuf bytes): the message
   * (a new one, the receiver's to keep), the bytes lua_sandbox's serialisation took, and a function that
   * gives those bytes (valid only during the call).
   */
  injectMessage?: (message: Message, size: number, encoded: () => Uint8Array) => InjectResult;
}

export class SandboxInitError extends Error {
  override name = 'SandboxInitError';
}

export type Usage = {
  memory: number;
  maxMemory: number;
  memoryLimit: number;
  instructions: number;
  maxInstructions: number;
  instructionLimit: number;
  output: number;
  maxOutput: number;
  outputLimit: number;
};
