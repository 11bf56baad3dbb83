import { encodeMessage, Message } from '@heka/core';
import { messageInput, recordInput, startTestPipeline, wholeSplitter } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import protobufDecoder, { TEXT_RECORD_ERROR } from '../src/index.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function run(records: readonly (Uint8Array | string)[], capture = 'TRUE') {
  const p = await startTestPipeline({
    sections: {
      feeder: { definition: recordInput(records), config: { splitter: 'split', decoder: 'ProtobufDecoder' } },
      split: { definition: wholeSplitter, config: { use_message_bytes: true } },
      ProtobufDecoder: { definition: protobufDecoder },
    },
    capture,
  });
  stop = () => p.stop();
  return p;
}

const sample = (n: number) =>
  new Message({
    uuid: `6d2a9a3c-1f3e-4c8b-9d3a-0000000000${String(n).padStart(2, '0')}`,
    timestamp: 1_425_797_400_000_000_000n + BigInt(n),
    type: 'test.protobuf',
    logger: 'origin',
    hostname: 'web-01',
    severity: 3,
    pid: 4242,
    payload: `message ${n}`,
    fields: [
      { name: 'n', value: BigInt(n) },
      { name: 'ratio', value: n / 4 },
      { name: 'tags', value: ['a', 'b'] },
    ],
  });

describe('ProtobufDecoder in a pipeline', () => {
  it('decodes protobuf records into the messages they encode, in order', async () => {
    const originals = [sample(1), sample(2), sample(3)];
    const p = await run(originals.map((m) => encodeMessage(m)));
    const got = await p.waitFor(3);
    expect(got.map((m) => m.toJSON())).toEqual(originals.map((m) => m.toJSON()));
  });

  it('keeps the wire bytes: passing the message on returns the very bytes it arrived as', async () => {
    // Canonical bytes of a message, then the same fields in an order our encoder would never write,
    // plus an unknown field (number 15): only a decoder that keeps the bytes gives them back unchanged.
    const canonical = encodeMessage(sample(7));
    const unusual = Uint8Array.from([...canonical.subarray(canonical.indexOf(0x32)), ...canonical, 0x78, 0x01]);
    const p = await run([unusual]);
    const [m] = await p.waitFor(1);
    expect(encodeMessage(m as Message)).toEqual(unusual);
    expect(m?.payload).toBe('message 7');
  });

  it('counts and logs garbage as a decode failure, and goes on with the next record', async () => {
    const garbage = Uint8Array.from([0x0a, 0x10, 0x01, 0x02]); // uuid claims 16 bytes, has 2
    const p = await run([encodeMessage(sample(1)), garbage, encodeMessage(sample(2))]);
    const got = await p.waitFor(2);
    expect(got.map((m) => m.payload)).toEqual(['message 1', 'message 2']);
    const line = await p.waitForLog(/decode failed/);
    expect(line).toMatch(/invalid Heka protobuf message \(4 bytes\): .*\(at byte \d+\)/);
    expect(p.pipeline.decoderStats.get('feeder-ProtobufDecoder')?.failures).toBe(1);
    expect(p.fatal).toBeUndefined();
  });

  it('routes the undecodable record with decode_failure fields when send_decode_failures is set', async () => {
    const p = await startTestPipeline({
      sections: {
        feeder: {
          definition: recordInput([Uint8Array.from([0xff, 0xff])]),
          config: { splitter: 'split', decoder: 'ProtobufDecoder', send_decode_failures: true },
        },
        split: { definition: wholeSplitter, config: { use_message_bytes: true } },
        ProtobufDecoder: { definition: protobufDecoder },
      },
    });
    stop = () => p.stop();
    const [m] = await p.waitFor(1);
    expect(m?.getFieldValue('decode_failure')).toBe(true);
    expect(String(m?.getFieldValue('decode_error'))).toMatch(/invalid Heka protobuf message/);
  });

  it('explains what to do when it is given text records instead of protobuf bytes', async () => {
    const p = await startTestPipeline({
      sections: {
        feeder: {
          definition: messageInput(() => [new Message({ payload: 'a log line' })]),
          config: { decoder: 'ProtobufDecoder' },
        },
        ProtobufDecoder: { definition: protobufDecoder },
      },
    });
    stop = () => p.stop();
    const line = await p.waitForLog(/decode failed/);
    expect(line).toContain(TEXT_RECORD_ERROR);
    expect(line).toContain('use_message_bytes = true');
    expect(p.messages).toHaveLength(0);
  });
});
