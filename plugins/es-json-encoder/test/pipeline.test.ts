// The encoder in a real pipeline: an input delivers messages, the router matches them to an output
// that encodes each with its configured encoder (ctx.encode), as hekad's outputs do.
import { definePlugin, type InputContext, type Message, NO_OPTIONS } from '@heka/core';
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

it('writes ElasticSearch bulk lines for every matched message', async () => {
  const out: Buffer[] = [];
  const other = messageA();
  other.type = 'other';
  const p = await startTestPipeline({
    sections: {
      feed: { definition: feeder(() => [messageA(), other, messageA()]) },
      ESJsonEncoder: {
        definition: plugin,
        config: { index: '%{Logger}-%{%Y}', es_index_from_timestamp: true, id: '%{UUID}', fields: ['Type', 'Fields'] },
      },
      bulk: {
        definition: collector(out),
        config: { message_matcher: "Type == 'web.access'", encoder: 'ESJsonEncoder' },
      },
    },
    capture: null,
  });
  try {
    await until(() => out.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(out).toHaveLength(2);
    const lines = Buffer.concat(out).toString('utf8').split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0] as string)).toEqual({
      index: { _index: 'nginx-edge-2024', _type: 'message', _id: 'f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f' },
    });
    const doc = JSON.parse(lines[1] as string);
    expect(doc.Type).toBe('web.access');
    expect(doc['http.status']).toBe(200);
    expect(lines[2]).toBe(lines[0]);
    expect(lines[4]).toBe('');
  } finally {
    await p.stop();
  }
  expect(p.fatal).toBeUndefined();
});

it('refuses to start with a bad fields list, naming the encoder', async () => {
  await expect(
    startTestPipeline({
      sections: {
        feed: { definition: feeder(() => []) },
        ESJsonEncoder: { definition: plugin, config: { fields: ['Payload', 'Nope'] } },
        bulk: { definition: collector([]), config: { message_matcher: 'TRUE', encoder: 'ESJsonEncoder' } },
      },
      capture: null,
    }),
  ).rejects.toThrow(/ESJsonEncoder.*Unsupported value "Nope" in 'fields' list/s);
});
