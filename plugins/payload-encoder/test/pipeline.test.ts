// The encoder in a real pipeline: messages go from an input through the router to an output that
// encodes them with this encoder (ctx.encode); with use_framing, the runtime frames each record.
import { definePlugin, FrameReader, type InputContext, type Message, NO_OPTIONS } from '@heka/core';
import { startTestPipeline } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';
import { messageA } from './fixture.js';

function feeder(messages: () => Message[]) {
  return definePlugin({
    type: 'FeedInput',
    kind: 'input',
    description: 'delivers fixed messages (test)',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        for (const m of messages()) {
          const r = ctx.deliver(m);
          if (r) await r;
        }
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    }),
  });
}

function collector(into: Buffer[]) {
  return definePlugin({
    type: 'CollectOutput',
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

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

it('writes payload lines in order; framed when the output asks for framing', async () => {
  const plain: Buffer[] = [];
  const framed: Buffer[] = [];
  const messages = () =>
    ['one', 'two', 'three'].map((payload) => {
      const m = messageA();
      m.payload = payload;
      return m;
    });
  const p = await startTestPipeline({
    sections: {
      feed: { definition: feeder(messages) },
      lines: { definition: plugin, config: { ts_format: '%Y' } },
      stamped: { definition: plugin, config: { prefix_ts: true, ts_format: '<%F>' } },
      out: { definition: collector(plain), config: { message_matcher: 'TRUE', encoder: 'lines' } },
      framedOut: {
        definition: collector(framed),
        config: { message_matcher: 'TRUE', encoder: 'stamped', use_framing: true },
      },
    },
    capture: null,
  });
  try {
    await until(() => plain.length >= 3 && framed.length >= 3);
    expect(Buffer.concat(plain).toString()).toBe('one\ntwo\nthree\n');
    const reader = new FrameReader();
    reader.push(Buffer.concat(framed));
    const records: string[] = [];
    for (let f = reader.read(); f; f = reader.read()) records.push(Buffer.from(f.message).toString());
    const day = new Date(1709967903123).toLocaleDateString('sv'); // YYYY-MM-DD, local time
    expect(records).toEqual([`<${day}> one\n`, `<${day}> two\n`, `<${day}> three\n`]);
  } finally {
    await p.stop();
  }
  expect(p.fatal).toBeUndefined();
});
