// Runtime hooks plugins rely on: sub-decoders (MultiDecoder), start-up probes, datagram streams, reopen.
import { type DecoderInstance, definePlugin, type InputContext, Message, NO_OPTIONS } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import { type Collected, collectingOutput, generatorInput, lineSplitter, upperDecoder } from './helpers/plugins.js';

/** Runs its subs in order (like MultiDecoder first-wins). */
const chainDecoder = definePlugin({
  type: 'ChainDecoder',
  kind: 'decoder',
  description: 'test: runs sub-decoders',
  configSchema: { type: 'object', properties: { subs: { type: 'array', items: { type: 'string' }, default: [] } } },
  create: async (cfg: { subs: string[] }, ctx) => {
    const subs: DecoderInstance[] = [];
    for (const name of cfg.subs) subs.push(await ctx.createDecoder(name));
    return {
      async decode(pack) {
        let m: Message = pack.message;
        for (const d of subs) m = (await d.decode({ ...pack, message: m }, ctx)) as Message;
        return m;
      },
    };
  },
});

function datagramInput(datagrams: string[]) {
  return definePlugin({
    type: 'DatagramInput',
    kind: 'input',
    description: 'test: datagrams',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        const s = ctx.openStream({ datagrams: true });
        for (const d of datagrams) await s.write(new TextEncoder().encode(d));
        await new Promise((r) => ctx.signal.addEventListener('abort', r, { once: true }));
      },
    }),
  });
}

const bag = (): Collected => ({ messages: [], stopped: false });

describe('sub-decoders', () => {
  it('lets a decoder build and run other configured decoders', async () => {
    const out = bag();
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(2), common: { decoder: 'chain' } },
        { name: 'chain', definition: chainDecoder, own: { subs: ['up', 'up'] } },
        { name: 'up', definition: upperDecoder },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 2);
    await p.stop();
    expect(out.messages.map((m) => m.payload)).toEqual(['0', '1']);
  });

  it('refuses at start-up a decoder that contains itself', async () => {
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'a', definition: chainDecoder, own: { subs: ['b'] } },
        { name: 'b', definition: chainDecoder, own: { subs: ['a'] } },
      ]),
      { logger },
    );
    await expect(p.start()).rejects.toThrow(/\[a\] \(ChainDecoder\) cannot start: decoder cycle: a → b → a/);
  });
});

describe('datagram streams', () => {
  for (const [incompleteFinal, expected] of [
    [false, ['a\n', 'c\n']],
    [true, ['a\n', 'b', 'c\n']],
  ] as const) {
    it(`never joins records across datagrams (deliver_incomplete_final = ${incompleteFinal})`, async () => {
      const out = bag();
      const { logger } = captureLogger();
      const p = new Pipeline(
        testPlan([
          { name: 'udp', definition: datagramInput(['a\nb', 'c\n']), common: { splitter: 'lines' } },
          { name: 'lines', definition: lineSplitter, common: { deliver_incomplete_final: incompleteFinal } },
          { name: 'out', definition: collectingOutput(out), common: { message_matcher: 'TRUE' } },
        ]),
        { logger },
      );
      await p.start();
      await until(() => out.messages.length === expected.length);
      await new Promise((r) => setTimeout(r, 20));
      await p.stop();
      expect(out.messages.map((m) => m.payload)).toEqual(expected);
    });
  }
});

describe('reopen', () => {
  it('asks unchanged plugins to reopen on reload', async () => {
    let reopened = 0;
    const reopening = definePlugin({
      type: 'ReopenOutput',
      kind: 'output',
      description: 'test: counts reopen calls',
      configSchema: NO_OPTIONS,
      create: () => ({
        process() {},
        reopen() {
          reopened++;
        },
      }),
    });
    const { logger } = captureLogger();
    const plan = testPlan([{ name: 'o', definition: reopening, common: { message_matcher: 'TRUE' } }]);
    const p = new Pipeline(plan, { logger });
    await p.start();
    const summary = await p.reload(
      testPlan([{ name: 'o', definition: reopening, common: { message_matcher: 'TRUE' } }]),
    );
    await p.stop();
    expect(summary.unchanged).toEqual(['o']);
    expect(reopened).toBe(1);
  });
});

describe('start-up and stamping', () => {
  it('fails start-up when an input cannot be created, instead of retrying it forever', async () => {
    const broken = definePlugin({
      type: 'BrokenInput',
      kind: 'input',
      description: 'test: create() throws',
      configSchema: NO_OPTIONS,
      create: () => {
        throw new Error('bad settings');
      },
    });
    const { logger } = captureLogger();
    const p = new Pipeline(testPlan([{ name: 'broken', definition: broken }]), { logger });
    await expect(p.start()).rejects.toThrow('bad settings');
  });

  it("stamps injected messages with hekad's hostname and pid unless the filter set them", async () => {
    const out = bag();
    const injector = definePlugin({
      type: 'StampFilter',
      kind: 'filter',
      description: 'test: injects two messages',
      configSchema: NO_OPTIONS,
      create: () => ({
        process(_m: Message, ctx) {
          ctx.inject(new Message({ type: 'plain' }));
          ctx.inject(new Message({ type: 'own', hostname: 'elsewhere', pid: 7 }));
        },
      }),
    });
    const { logger, lines } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(1) },
        { name: 'stamp', definition: injector, common: { message_matcher: "Type == 'gen'" } },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: "Type != 'gen'" } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 2, 2000).catch((e) => {
      throw new Error(`${e.message}: ${JSON.stringify(out.messages.map((m) => m.type))} ${lines.join('\n')}`);
    });
    await p.stop();
    expect(out.messages.map((m) => [m.type, m.hostname, m.pid])).toEqual([
      ['plain', 'test-host', process.pid],
      ['own', 'elsewhere', 7],
    ]);
  });

  it('gives decode() the decoder’s own context', async () => {
    const out = bag();
    const names: string[] = [];
    const naming = definePlugin({
      type: 'NamingDecoder',
      kind: 'decoder',
      description: 'test: records its context name',
      configSchema: NO_OPTIONS,
      create: () => ({
        decode(pack, ctx) {
          names.push(ctx.name);
          return pack.message;
        },
      }),
    });
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(1), common: { decoder: 'dec' } },
        { name: 'dec', definition: naming },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 1);
    await p.stop();
    expect(names).toEqual(['gen-dec']);
  });
});
