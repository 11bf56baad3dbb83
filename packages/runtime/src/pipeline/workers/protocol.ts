/**
 * Messages between hekad's main thread and its decoder worker threads. Records go out in batches (one
 * buffer, end offsets); decoded messages come back as Heka protobuf in one buffer, so the main thread
 * routes them without re-encoding (a decoded message keeps its bytes).
 */
import type { PluginGlobals } from '@heka/core';
import type { IndexedPlugin } from '../../discovery/types.js';

/** A decoder section as the worker needs it to make instances (and the sub-decoders they name). */
export interface WorkerSection {
  name: string;
  type: string;
  own: Record<string, unknown>;
  /** Where to load the plugin from (the same package the main thread loaded). */
  plugin: IndexedPlugin;
}

export interface OpenStream {
  op: 'open';
  stream: number;
  /** The decoder section to instantiate for this stream. */
  decoder: string;
  /** The instance's name (`<input>-<decoder>`), for logs and files. */
  contextName: string;
  /** Every decoder section (sub-decoders are created by name). */
  sections: WorkerSection[];
  globals: PluginGlobals;
  /** The input's name: the Logger of messages made from text records. */
  inputName: string;
  useMessageBytes: boolean;
  /** What the input's decorate() sets, as a protobuf message (headers and fields to copy). */
  decoration: Uint8Array | null;
}

export interface RecordBatch {
  op: 'batch';
  stream: number;
  /** The records, back to back. */
  data: Uint8Array;
  /** End offset of each record in data. */
  ends: Uint32Array;
  /** The verified signer of each record (framed inputs), or null when none has one. */
  signers: (string | undefined)[] | null;
}

export interface CloseStream {
  op: 'close';
  stream: number;
}

export type ToWorker = OpenStream | RecordBatch | CloseStream;

export interface BatchResult {
  op: 'result';
  stream: number;
  /** The decoded messages, back to back, as protobuf. */
  data: Uint8Array;
  /** Per record: how many messages it gave, or -1 when it failed to decode. */
  counts: Int32Array;
  /** Length of each message in data. */
  lengths: Uint32Array;
  /** Per failed record, in order: why, and whether the decoder cannot go on (PluginFatalError). */
  failures: { reason: string; fatal: boolean }[];
  /** Durations of the records timed (1 in sample_denominator), in ns. */
  samples: number[];
}

export interface Opened {
  op: 'opened';
  stream: number;
  /** Set when the decoder could not be created. */
  error?: string;
}

export interface Closed {
  op: 'closed';
  stream: number;
}

export interface WorkerLog {
  op: 'log';
  name: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
}

export type FromWorker = BatchResult | Opened | Closed | WorkerLog;
