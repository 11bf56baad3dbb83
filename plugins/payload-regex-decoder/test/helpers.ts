// Small helper plugins for behaviour tests: inputs that feed records or messages, and a splitter.
import { definePlugin, type InputContext, type Message, NO_OPTIONS } from '@heka/core';

const untilAborted = (ctx: InputContext): Promise<void> =>
  new Promise((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** Writes each record as one datagram of one stream (with wholeSplitter: one record each). */
export function recordInput(records: readonly (Uint8Array | string)[]) {
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

/** Delivers messages made by `make` through the input's decoder. */
export function messageInput(make: () => readonly Message[]) {
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
export const wholeSplitter = definePlugin({
  type: 'TestWholeSplitter',
  kind: 'splitter',
  description: 'one record per datagram',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord: (buf: Uint8Array) => (buf.length > 0 ? { consumed: buf.length, record: buf } : { consumed: 0 }),
  }),
});
