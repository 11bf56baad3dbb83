// The encoder in a real pipeline: messages go from an input through the router to an output that
// encodes them with this encoder (ctx.encode), as outputs do.
import { Message } from '@heka/core';
import { encodedOutput, messageInput, startTestPipeline } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

it('writes one JSON line per matched message', async () => {
  const out: Buffer[] = [];
  const p = await startTestPipeline({
    sections: {
      feed: {
        definition: messageInput(() => [
          new Message({ timestamp: 0, type: 'app', payload: 'first', fields: [{ name: 'n', value: 1n }] }),
          new Message({ timestamp: 0, type: 'skip' }),
          new Message({ timestamp: 0, type: 'app', payload: 'second' }),
        ]),
      },
      JsonEncoder: { definition: plugin, config: { fields: ['Type', 'Payload', 'Fields'] } },
      out: { definition: encodedOutput(out), config: { message_matcher: "Type == 'app'", encoder: 'JsonEncoder' } },
    },
    capture: null,
  });
  try {
    await until(() => out.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(Buffer.concat(out).toString()).toBe(
      '{"Type":"app","Payload":"first","Fields":{"n":1}}\n{"Type":"app","Payload":"second","Fields":{}}\n',
    );
  } finally {
    await p.stop();
  }
  expect(p.fatal).toBeUndefined();
});
