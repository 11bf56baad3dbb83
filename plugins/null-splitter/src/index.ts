/**
 * NullSplitter: every buffer handed to it is one record (Heka's pipeline/splitters.go NullSplitter:
 * FindRecord returns the whole buffer and consumes all of it). Meant for inputs whose reads are
 * already whole messages (datagrams, Kafka messages, whole files), not for byte streams.
 */
import { type ConfigSchema, definePlugin, type SplitResult, type SplitterInstance } from '@heka/core';

const configSchema: ConfigSchema = { type: 'object', additionalProperties: false, properties: {} };

const NEED_MORE: SplitResult = Object.freeze({ consumed: 0 });

/** Stateless, so one instance serves every stream. */
const instance: SplitterInstance = Object.freeze({
  findRecord(buf: Uint8Array): SplitResult {
    return buf.length === 0 ? NEED_MORE : { consumed: buf.length, record: buf };
  },
  recordEnd: (_buf: Uint8Array, from: number, to: number): number => (from < to ? to : -1),
});

export default definePlugin<'splitter', Record<string, never>>({
  type: 'NullSplitter',
  kind: 'splitter',
  description: 'Makes each buffer it is handed (a datagram, a read) one record, without looking at it.',
  configSchema,
  // Heka's NullSplitter starts with a 64 KiB buffer so that a whole datagram fits in one read.
  commonDefaults: { min_buffer_size: 64 * 1024 },
  create: () => instance,
});
