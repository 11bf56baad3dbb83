import { encodeFrame, encodeMessage, Message, type MessageSigner, type SplitterInstance } from '@heka/core';
import { configProblems, pluginContext, resolveSection, startTestPipeline } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { concat, keepOutput, protobufDecoder, type StreamFeed, split } from './support.js';

const KEYS = { ops_0: 'old ops key', ops_1: 'new ops key', dev_3: 'dev key' };
const signerConfig = Object.fromEntries(Object.entries(KEYS).map(([id, k]) => [id, { hmac_key: k }]));
const OPS_0: MessageSigner = { name: 'ops', key: KEYS.ops_0, version: 0 };
const OPS_1: MessageSigner = { name: 'ops', key: KEYS.ops_1, version: 1, hash: 'sha1' };
const DEV_3: MessageSigner = { name: 'dev', key: KEYS.dev_3, version: 3, hash: 'md5' };

/**
 * A fixed uuid and timestamp: the splitter scans some message bodies as garbage while resynchronising,
 * and a random uuid could hold a record separator that starts a false header.
 */
const message = (payload: string) =>
  new Message({
    uuid: '00112233-4455-6677-8899-aabbccddeeff',
    timestamp: 1464080400000000000n,
    type: 'framed',
    payload,
    severity: 4,
    hostname: 'sender',
  });
const frame = (payload: string, signer?: MessageSigner, maxMessageSize?: number) =>
  encodeFrame(encodeMessage(message(payload)), signer, maxMessageSize ? { maxMessageSize } : undefined);

async function instance(config: Record<string, unknown> = {}): Promise<SplitterInstance> {
  return (await plugin.create(resolveSection(plugin, 'probe', config).own as never, pluginContext(plugin))) as never;
}

const decoder = { definition: protobufDecoder };

describe('HekaFramingSplitter findRecord', () => {
  it('returns whole frames, consumes garbage before them, and waits on a partial frame', async () => {
    const s = await instance();
    const a = frame('a');
    const b = frame('b');
    let buf = concat(a, b, 'BOGUS', a, 'BOGUS\u001e\u0002\u0008');
    const seen: [number, number][] = [];
    for (let r = s.findRecord(buf); r.consumed > 0; r = s.findRecord(buf)) {
      seen.push([r.consumed, r.record?.length ?? -1]);
      buf = buf.subarray(r.consumed);
    }
    expect(seen).toEqual([
      [a.length, a.length],
      [b.length, b.length],
      [5 + a.length, a.length],
      [5, -1], // the garbage before a partial header is consumed; the header waits
    ]);
    expect(buf.length).toBe(3);
  });

  it('skips a record separator whose header has no unit separator and finds the next frame', async () => {
    const s = await instance();
    const a = frame('after a broken header');
    const r = s.findRecord(concat(Uint8Array.of(0x1e, 0x02, 0x08, 0x3e, 0xff), a));
    expect(r.consumed).toBe(5 + a.length);
    expect(r.record).toEqual(a);
  });

  it('unframes an unsigned frame, and a signed one with its verified signer name', async () => {
    const s = await instance({ signer: signerConfig });
    const body = encodeMessage(message('x'));
    expect(s.unframe?.(encodeFrame(body))).toEqual({ bytes: body });
    for (const signer of [OPS_0, OPS_1, DEV_3]) {
      expect(s.unframe?.(encodeFrame(body, signer))).toEqual({ bytes: body, signer: signer.name });
    }
    expect(s.unframe?.(encodeFrame(body, { ...OPS_1, version: 2 }))).toBeNull(); // no key for ops_2
    expect(s.unframe?.(encodeFrame(body, { ...OPS_1, key: 'wrong' }))).toBeNull();
    const bad = encodeFrame(body, OPS_0);
    bad[bad.length - 1] = (bad.at(-1) as number) ^ 1; // message altered after signing
    expect(s.unframe?.(bad)).toBeNull();
  });

  it('does not authenticate headers of at most 13 bytes, even with an HMAC in them (Heka quirk)', async () => {
    const s = await instance({ signer: signerConfig });
    const body = encodeMessage(message('y'));
    // 08 <len> | 32 01 00: an "hmac" field of one byte; the header is 6 bytes, so H + 3 <= 16.
    const header = Uint8Array.of(0x08, ...varint(body.length), 0x32, 0x01, 0x00);
    const framed = concat(Uint8Array.of(0x1e, header.length), header, Uint8Array.of(0x1f), body);
    expect(s.unframe?.(framed)).toEqual({ bytes: body });
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

describe('HekaFramingSplitter in a pipeline', () => {
  const payloads = ['first', 'signed by ops v0', 'signed by ops v1', 'unsigned again', 'signed by dev v3'];
  const stream = concat(
    'garbage before anything ',
    frame(payloads[0] as string),
    frame(payloads[1] as string, OPS_0),
    '\u001e\u0005junk with a record separator\u001e',
    frame(payloads[2] as string, OPS_1),
    frame(payloads[3] as string),
    Uint8Array.of(0x1e, 0x00, 0x00), // a header of length 0 whose unit separator is missing
    frame(payloads[4] as string, DEV_3),
    'trailing garbage',
  );

  it('decodes every frame of a stream cut into two writes at every byte, and written byte by byte', async () => {
    const streams: StreamFeed[] = [{ data: stream, chunks: 1 }];
    for (let k = 1; k < stream.length; k++) streams.push({ data: stream, chunks: [k, stream.length] });
    const run = await split({ splitter: plugin, config: { signer: signerConfig }, decoder, streams });
    expect(run.payloads).toEqual(streams.flatMap(() => payloads));
    expect(run.messages.every((m) => m.type === 'framed' && m.hostname === 'sender' && m.severity === 4)).toBe(true);
    expect(run.logs.filter((l) => /decode failed/.test(l))).toEqual([]);
    // One warning per stream about the garbage, the rest at debug level.
    expect(run.logs.filter((l) => /WARN.*not Heka framing|not Heka framing.*later ones/.test(l)).length).toBe(
      streams.length,
    );
  });

  it('routes by verified signer with message_signer, and drops what fails authentication', async () => {
    const all: Message[] = [];
    const ops: Message[] = [];
    const dev: Message[] = [];
    const data = concat(
      frame('u1'),
      frame('o0', OPS_0),
      frame('unknown version', { ...OPS_1, version: 7 }),
      frame('o1', OPS_1),
      frame('bad key', { ...DEV_3, key: 'guess' }),
      frame('unknown signer', { name: 'eve', key: 'k', version: 0 }),
      frame('d3', DEV_3),
    );
    const run = await split({
      splitter: plugin,
      config: { signer: signerConfig },
      decoder,
      streams: [{ data, chunks: 7 }],
      sections: {
        all: { definition: keepOutput(all), config: { message_matcher: 'TRUE' } },
        ops: { definition: keepOutput(ops), config: { message_matcher: 'TRUE', message_signer: 'ops' } },
        dev: { definition: keepOutput(dev), config: { message_matcher: 'TRUE', message_signer: 'dev' } },
      },
    });
    expect(run.payloads).toEqual(['u1', 'o0', 'o1', 'd3']);
    expect(all.map((m) => m.payload)).toEqual(['u1', 'o0', 'o1', 'd3']);
    expect(ops.map((m) => m.payload)).toEqual(['o0', 'o1']);
    expect(dev.map((m) => m.payload)).toEqual(['d3']);
    expect(run.logs.some((l) => /dropped a signed frame: no key for signer "ops_7"/.test(l))).toBe(true);
  });

  it('accepts every frame with skip_authentication, attaching no signer', async () => {
    const ops: Message[] = [];
    const data = concat(frame('a', OPS_0), frame('b', { ...OPS_0, key: 'wrong' }), frame('c'));
    const run = await split({
      splitter: plugin,
      config: { skip_authentication: true },
      decoder,
      streams: [{ data, chunks: 3 }],
      sections: { ops: { definition: keepOutput(ops), config: { message_matcher: 'TRUE', message_signer: 'ops' } } },
    });
    expect(run.payloads).toEqual(['a', 'b', 'c']);
    expect(ops).toEqual([]);
  });

  it('takes max_message_size from [hekad]: a message of that size passes, a longer header is skipped', async () => {
    const maxMessageSize = 4096;
    const fits = encodeMessage(message('f'.repeat(maxMessageSize - 40)));
    const padded = message('f'.repeat(maxMessageSize - 40 + (maxMessageSize - fits.length)));
    const exact = encodeMessage(padded);
    expect(exact.length).toBe(maxMessageSize);
    const data = concat(
      encodeFrame(exact),
      frame('x'.repeat(maxMessageSize + 10), undefined, maxMessageSize * 2),
      frame('after', OPS_1),
    );
    const run = await split({
      splitter: plugin,
      maxMessageSize,
      config: { signer: signerConfig },
      decoder,
      streams: [{ data, chunks: 1000 }],
    });
    expect(run.payloads).toEqual([padded.payload, 'after']);
    expect(run.logs.some((l) => /ERROR.*announcing a message longer than max_message_size 4096/.test(l))).toBe(true);
  });

  it('gives an empty message to the decoder for a frame of length 0', async () => {
    const run = await split({
      splitter: plugin,
      decoder,
      streams: [{ data: concat(Uint8Array.of(0x1e, 0x02, 0x08, 0x00, 0x1f), frame('next')) }],
    });
    expect(run.payloads).toEqual(['', 'next']);
  });

  it('resynchronises after a frame cut short: the mixed record fails, later frames arrive', async () => {
    const cut = frame('this frame loses its end', OPS_0).subarray(0, 30);
    const data = concat(frame('before'), cut, frame('swallowed by the cut frame'), frame('after'), frame('last'));
    const run = await split({
      splitter: plugin,
      config: { signer: signerConfig },
      decoder,
      streams: [{ data, chunks: 11 }],
    });
    expect(run.payloads[0]).toBe('before');
    expect(run.payloads.slice(-2)).toEqual(['after', 'last']);
    expect(run.logs.some((l) => /dropped a signed frame: bad signature from "ops_0"/.test(l))).toBe(true);
  });

  it('at the end of a stream, with deliver_incomplete_final, sends a cut message to the decoder (a counted failure)', async () => {
    const whole = frame('complete');
    const partial = frame('cut in the middle of its message').subarray(0, 12);
    const run = await split({
      splitter: plugin,
      config: { deliver_incomplete_final: true },
      decoder,
      streams: [{ data: concat(whole, partial), chunks: 5 }],
    });
    expect(run.payloads).toEqual(['complete']);
    expect(run.logs.filter((l) => /decode failed/.test(l))).toHaveLength(1);
  });

  it('drops a trailing incomplete header or signed frame with a warning, and nothing without deliver_incomplete_final', async () => {
    for (const tail of [Uint8Array.of(0x1e), Uint8Array.of(0x1e, 0x20, 0x08), frame('signed', OPS_0).subarray(0, 40)]) {
      const data = concat(frame('ok'), tail);
      const final = await split({
        splitter: plugin,
        config: { deliver_incomplete_final: true, signer: signerConfig },
        decoder,
        streams: [{ data }],
      });
      expect(final.payloads).toEqual(['ok']);
      expect(
        final.logs.some((l) => /WARN.*dropped (\d+ bytes: an incomplete frame header|a signed frame)/.test(l)),
      ).toBe(true);
      const plain = await split({ splitter: plugin, decoder, streams: [{ data }] });
      expect(plain.payloads).toEqual(['ok']);
      expect(plain.logs.filter((l) => /WARN|ERROR/.test(l))).toEqual([]);
    }
  });

  it('splits frames inside datagrams; a frame never spans two datagrams', async () => {
    const a = frame('a');
    const b = frame('b');
    const c = frame('c');
    const run = await split({
      splitter: plugin,
      decoder,
      streams: [
        {
          data: concat(a, b, c.subarray(0, 4), c.subarray(4), frame('d')),
          datagrams: true,
          chunks: [a.length + b.length + 4, c.length - 4, 100],
        },
      ],
    });
    expect(run.payloads).toEqual(['a', 'b', 'd']);
  });

  it('puts the message bytes in the payload with use_message_bytes = false', async () => {
    const run = await split({
      splitter: plugin,
      config: { use_message_bytes: false },
      streams: [{ data: concat(encodeFrame(new TextEncoder().encode('plain text body')), frame('x')) }],
    });
    expect(run.payloads[0]).toBe('plain text body');
    expect(run.messages[0]?.logger).toBe('feed');
  });
});

describe('HekaFramingSplitter configuration', () => {
  it('defaults use_message_bytes to true and has no signers', () => {
    const { common, own } = resolveSection(plugin, 'h', {});
    expect(common.use_message_bytes).toBe(true);
    expect(own).toEqual({ signer: {}, skip_authentication: false });
  });

  it('names signer tables <name>_<version> and requires their hmac_key', async () => {
    for (const id of ['ops', 'ops_', 'ops_01', 'ops_v1']) {
      await expect(
        startTestPipeline({
          sections: { under: { definition: plugin, config: { signer: { [id]: { hmac_key: 'k' } } } } },
        }),
      ).rejects.toThrow(
        `[under] (HekaFramingSplitter) cannot start: signer.${id}: signer tables are named <signer>_<key version>`,
      );
    }
    expect(configProblems(plugin, { signer: { ops_1: {} } })).toEqual([
      expect.stringMatching(/^signer\.ops_1.*hmac_key/),
    ]);
    expect(configProblems(plugin, { signer: { ops_1: { hmac_key: 'k', hash: 'sha1' } } })).toEqual([
      expect.stringMatching(/^signer\.ops_1/),
    ]);
    expect(configProblems(plugin, { skip_authentication: 'yes' })).toEqual([
      expect.stringMatching(/^skip_authentication: /),
    ]);
    expect(configProblems(plugin, { signer: { ops_0: { hmac_key: '' }, 'my.signer_12': { hmac_key: 'k' } } })).toEqual(
      [],
    );
  });
});
