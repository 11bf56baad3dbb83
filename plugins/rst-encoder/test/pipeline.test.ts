// The encoder in a real pipeline: messages go from an input through the router to an output that
// encodes them with this encoder (ctx.encode), as LogOutput does.
import { Message } from '@heka/core';
import { encodedOutput, messageInput, startTestPipeline } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

it('renders each matched message for a log output', async () => {
  const out: Buffer[] = [];
  const p = await startTestPipeline({
    sections: {
      feed: {
        definition: messageInput(() => [
          new Message({ timestamp: 0, type: 'debug.me', payload: 'first', fields: [{ name: 'n', value: 1n }] }),
          new Message({ timestamp: 0, type: 'skip' }),
          new Message({ timestamp: 0, type: 'debug.me', payload: 'second' }),
        ]),
      },
      RstEncoder: { definition: plugin },
      log: { definition: encodedOutput(out), config: { message_matcher: "Type == 'debug.me'", encoder: 'RstEncoder' } },
    },
    capture: null,
  });
  try {
    await until(() => out.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(out).toHaveLength(2);
    const first = out[0]?.toString() ?? '';
    expect(first.startsWith('\n:Timestamp: 1970-01-01 00:00:00 +0000 UTC\n:Type: debug.me\n')).toBe(true);
    expect(first).toContain(':Payload: first\n');
    expect(first.endsWith(':Fields:\n    | name:"n" type:integer value:1\n\n')).toBe(true);
    expect(out[1]?.toString()).toContain(':Payload: second\n');
  } finally {
    await p.stop();
  }
  expect(p.fatal).toBeUndefined();
});
