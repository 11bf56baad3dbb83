// The encoder in a real pipeline: messages go from an input through the router to an output that
// encodes them with this encoder (ctx.encode); with use_framing, the runtime frames each record.
import { FrameReader } from '@heka/core';
import { encodedOutput, messageInput, startTestPipeline } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';
import { messageA } from './fixture.js';

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
      feed: { definition: messageInput(messages) },
      lines: { definition: plugin, config: { ts_format: '%Y' } },
      stamped: { definition: plugin, config: { prefix_ts: true, ts_format: '<%F>' } },
      out: { definition: encodedOutput(plain), config: { message_matcher: 'TRUE', encoder: 'lines' } },
      framedOut: {
        definition: encodedOutput(framed),
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
