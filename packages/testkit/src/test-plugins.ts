/**
 * Small plugins that plugin tests put around the plugin under test: inputs that deliver fixed messages
 * or write fixed records, a splitter that takes each datagram whole, and an output that keeps what its
 * encoder makes of every message.
 */
import { definePlugin, type InputContext, type Message, NO_OPTIONS, type PluginDefinition } from '@heka/core';

/** Resolves once hekad stops the input (test inputs stay up until then, as real ones do). */
export const untilAborted = (ctx: InputContext): Promise<void> =>
  new Promise((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** Writes each record as one datagram of one stream (with wholeSplitter: one record each). */
export function recordInput(records: readonly (Uint8Array | string)[]): PluginDefinition {
  return definePlugin({
    type: 'TestRecordInput',
    kind: 'input',
    description: 'writes test records, one datagram each',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        const stream = ctx.openStream({ name: 'test', datagrams: true });
        for (const r of records) {
          const w = stream.write(typeof r === 'string' ? new TextEncoder().encode(r) : r);
          if (w) await w;
        }
        await stream.end();
        await untilAborted(ctx);
      },
    }),
  });
}

/** Delivers the messages `make` returns (through the input's decoder, if it has one). */
export function messageInput(make: () => readonly Message[]): PluginDefinition {
  return definePlugin({
    type: 'TestMessageInput',
    kind: 'input',
    description: 'delivers test messages',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        for (const m of make()) {
          const d = ctx.deliver(m);
          if (d) await d;
        }
        await untilAborted(ctx);
      },
    }),
  });
}

/** Each datagram is one whole record. */
export const wholeSplitter: PluginDefinition = definePlugin({
  type: 'TestWholeSplitter',
  kind: 'splitter',
  description: 'one record per datagram',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord: (buf: Uint8Array) => (buf.length > 0 ? { consumed: buf.length, record: buf } : { consumed: 0 }),
  }),
});

/** An output that keeps the bytes its encoder makes of each message (ctx.encode, as real outputs do). */
export function encodedOutput(into: Buffer[]): PluginDefinition {
  return definePlugin({
    type: 'TestEncodedOutput',
    kind: 'output',
    description: 'keeps the encoded bytes (test)',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message, ctx) {
        const bytes = ctx.encode(m);
        if (bytes) into.push(Buffer.from(bytes));
      },
    }),
  });
}
