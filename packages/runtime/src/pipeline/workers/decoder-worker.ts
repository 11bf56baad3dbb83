/**
 * A decoder worker thread: makes decoder instances for the streams the main thread assigns to it,
 * turns each batch of records into messages (as the main thread would: a message per text record,
 * decorated as the input asked, or protobuf bytes for framed records), runs the stream's decoder on
 * them in order, and sends the results back as protobuf. One stream's records are decoded by one
 * instance, in order, as in Heka.
 */
import { isAbsolute, join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import {
  type DecodeResult,
  type DecoderInstance,
  type DecoderPack,
  decodeMessage,
  encodeMessage,
  type Logger,
  Message,
  PluginConfigError,
  type PluginContext,
} from '@heka/core';
import { loadPluginDefinition } from '../../discovery/load.js';
import type { BatchResult, FromWorker, OpenStream, RecordBatch, ToWorker, WorkerSection } from './protocol.js';

interface StreamState {
  open: OpenStream;
  decoder: DecoderInstance;
  context: PluginContext;
  decorate: ((m: Message) => void) | undefined;
  tick: number;
}

const port = parentPort;
if (!port) throw new Error('decoder-worker must run in a worker thread');
const streams = new Map<number, StreamState>();

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function logger(name: string): Logger {
  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (message: string): void =>
      send({ op: 'log', name, level, message });
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function context(open: OpenStream, name: string, type: string, chain: readonly string[]): PluginContext {
  const g = open.globals;
  return Object.freeze({
    name,
    type,
    logger: logger(name),
    globals: g,
    resolvePath: (root: 'base' | 'share', path: string) =>
      isAbsolute(path) ? path : join(root === 'base' ? g.baseDir : g.shareDir, path),
    createDecoder: async (sub: string): Promise<DecoderInstance> => {
      if (chain.includes(sub)) throw new PluginConfigError(`decoder cycle: ${[...chain, sub].join(' → ')}`);
      const section = open.sections.find((s) => s.name === sub);
      if (!section) throw new PluginConfigError(`[${chain.at(-1) ?? name}] decoder: no decoder named '${sub}'`);
      return instantiate(section, context(open, `${name}-${sub}`, section.type, [...chain, sub]));
    },
  });
}

async function instantiate(section: WorkerSection, ctx: PluginContext): Promise<DecoderInstance> {
  const definition = await loadPluginDefinition(section.plugin);
  return (await definition.create(section.own, ctx)) as DecoderInstance;
}

/** What decorate() set on a probe message, replayed on every message of the stream. */
function decorator(bytes: Uint8Array | null): ((m: Message) => void) | undefined {
  if (bytes === null) return undefined;
  const t = decodeMessage(bytes);
  const steps: ((m: Message) => void)[] = [];
  if (t.has('type')) {
    const v = t.type;
    steps.push((m) => {
      m.type = v;
    });
  }
  if (t.has('logger')) {
    const v = t.logger;
    steps.push((m) => {
      m.logger = v;
    });
  }
  if (t.has('severity')) {
    const v = t.severity;
    steps.push((m) => {
      m.severity = v;
    });
  }
  if (t.has('envVersion')) {
    const v = t.envVersion;
    steps.push((m) => {
      m.envVersion = v;
    });
  }
  if (t.has('pid')) {
    const v = t.pid;
    steps.push((m) => {
      m.pid = v;
    });
  }
  if (t.has('hostname')) {
    const v = t.hostname;
    steps.push((m) => {
      m.hostname = v;
    });
  }
  for (const f of t.fields) steps.push((m) => void m.addField(f));
  if (steps.length === 0) return undefined;
  return (m) => {
    for (const step of steps) step(m);
  };
}

async function open(op: OpenStream): Promise<void> {
  const section = op.sections.find((s) => s.name === op.decoder) as WorkerSection;
  const ctx = context(op, op.contextName, section.type, [op.decoder]);
  try {
    const decoder = await instantiate(section, ctx);
    streams.set(op.stream, { open: op, decoder, context: ctx, decorate: decorator(op.decoration), tick: 0 });
    send({ op: 'opened', stream: op.stream });
  } catch (e) {
    send({ op: 'opened', stream: op.stream, error: (e as Error).message });
  }
}

function normalise(result: DecodeResult): readonly Message[] {
  if (result === null || result === undefined) return [];
  return result instanceof Message ? [result] : result;
}

async function batch(op: RecordBatch): Promise<void> {
  const s = streams.get(op.stream);
  if (!s) return;
  const { data, ends } = op;
  const n = ends.length;
  const counts = new Int32Array(n);
  const encoded: Uint8Array[] = [];
  const failures: BatchResult['failures'] = [];
  const samples: number[] = [];
  const denominator = s.open.globals.sampleDenominator;
  let start = 0;
  for (let i = 0; i < n; i++) {
    const end = ends[i] as number;
    const record = data.subarray(start, end);
    start = end;
    let message: Message;
    if (s.open.useMessageBytes) message = Message.empty();
    else {
      message = Message.fromRecord(record, s.open.inputName);
      s.decorate?.(message);
    }
    const pack: DecoderPack = {
      message,
      bytes: s.open.useMessageBytes ? record : undefined,
      signer: op.signers?.[i] ?? undefined,
    };
    const timed = ++s.tick >= denominator;
    if (timed) s.tick = 0;
    const t0 = timed ? performance.now() : 0;
    try {
      let r = s.decoder.decode(pack, s.context);
      if (r && typeof (r as Promise<DecodeResult>).then === 'function') r = await r;
      const messages = normalise(r as DecodeResult);
      for (const m of messages) encoded.push(encodeMessage(m));
      counts[i] = messages.length;
    } catch (e) {
      counts[i] = -1;
      failures.push({
        reason: e instanceof Error ? e.message : String(e),
        fatal: (e as { code?: string } | null)?.code === 'ERR_HEKA_PLUGIN_FATAL',
      });
    }
    if (timed) samples.push(Math.round((performance.now() - t0) * 1e6));
  }
  let size = 0;
  for (const e of encoded) size += e.length;
  const out = new Uint8Array(size);
  const lengths = new Uint32Array(encoded.length);
  let at = 0;
  for (let k = 0; k < encoded.length; k++) {
    const e = encoded[k] as Uint8Array;
    out.set(e, at);
    at += e.length;
    lengths[k] = e.length;
  }
  send({ op: 'result', stream: op.stream, data: out, counts, lengths, failures, samples }, [
    out.buffer,
    counts.buffer,
    lengths.buffer,
  ]);
}

async function close(stream: number): Promise<void> {
  const s = streams.get(stream);
  streams.delete(stream);
  try {
    await s?.decoder.stop?.();
  } catch (e) {
    s?.context.logger.error(`stop failed: ${(e as Error).message}`);
  }
  send({ op: 'closed', stream });
}

// One operation at a time, in arrival order: a stream's batches are decoded in order.
let queue: Promise<void> = Promise.resolve();
port.on('message', (op: ToWorker) => {
  queue = queue.then(() => {
    switch (op.op) {
      case 'open':
        return open(op);
      case 'batch':
        return batch(op);
      case 'close':
        return close(op.stream);
    }
  });
});
