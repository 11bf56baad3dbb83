// The encoder in a real pipeline: messages go from an input through the router to outputs that encode
// them with this encoder (ctx.encode). With use_framing the runtime wraps each record in Heka's stream
// framing, which is what TcpOutput and FileOutput send to another Heka.
import { decodeHeader, decodeMessage, encodeMessage, FrameReader, Message } from '@heka/core';
import { encodedOutput, messageInput, startTestPipeline } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

it('passes protobuf messages through unchanged, framed or not', async () => {
  // Wire bytes as another Heka (or a Lua sandbox) might write them, one with an unknown field.
  const wire = [
    Buffer.from(encodeMessage(new Message({ type: 'relay', payload: 'one', fields: [{ name: 'n', value: 1n }] }))),
    Buffer.from('10e8071a0572656c61799a060178', 'hex'),
    Buffer.from(encodeMessage(new Message({ type: 'relay', payload: 'x'.repeat(70_000 - 100) }))),
  ];
  const plain: Buffer[] = [];
  const framed: Buffer[] = [];
  const p = await startTestPipeline({
    sections: {
      feed: { definition: messageInput(() => wire.map((b) => decodeMessage(b))) },
      ProtobufEncoder: { definition: plugin },
      raw: {
        definition: encodedOutput(plain),
        config: { message_matcher: "Type == 'relay'", encoder: 'ProtobufEncoder' },
      },
      stream: {
        definition: encodedOutput(framed),
        config: { message_matcher: "Type == 'relay'", encoder: 'ProtobufEncoder', use_framing: true },
      },
    },
    capture: null,
    globals: { maxMessageSize: 128 * 1024 },
  });
  try {
    await until(() => plain.length >= 3 && framed.length >= 3);
    expect(plain.map((b) => b.toString('hex'))).toEqual(wire.map((b) => b.toString('hex')));
    // Each framed record: 0x1E, header length, header (message_length), 0x1F, the same bytes.
    const first = framed[0] as Buffer;
    expect(first[0]).toBe(0x1e);
    const headerLength = first[1] as number;
    expect(decodeHeader(first, 2, 2 + headerLength).header.messageLength).toBe(wire[0]?.length);
    expect(first[2 + headerLength]).toBe(0x1f);
    const reader = new FrameReader({ maxMessageSize: 128 * 1024 });
    reader.push(Buffer.concat(framed));
    const records: string[] = [];
    for (let f = reader.read(); f; f = reader.read()) records.push(Buffer.from(f.message).toString('hex'));
    expect(records).toEqual(wire.map((b) => b.toString('hex')));
  } finally {
    await p.stop();
  }
  expect(p.fatal).toBeUndefined();
});
