// Runtime hooks the sandbox plugins rely on: dynamic filters, fatal decoders, self-reported termination,
// fresh injections, refusal reasons, encoders stopped at shutdown, and plugin report figures.
import {
  type DynamicFilters,
  definePlugin,
  type FilterContext,
  InjectionError,
  type InjectionRefusal,
  Message,
  NO_OPTIONS,
  PluginFatalError,
} from '@heka/core';
import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { allReport } from '../src/pipeline/report.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import { type Collected, collectingOutput, generatorInput, managerFilter } from './helpers/plugins.js';

const bag = (): Collected => ({ messages: [], stopped: false });

/** Counts what it gets; injects a count message on every tick. */
const countFilter = definePlugin({
  type: 'CountFilter',
  kind: 'filter',
  description: 'test: counts messages',
  configSchema: { type: 'object', properties: { label: { type: 'string', default: 'n' } } },
  create: (cfg: { label: string }) => {
    let n = 0;
    return {
      process() {
        n++;
      },
      tick(ctx: FilterContext) {
        ctx.inject(new Message({ type: 'count', payload: `${cfg.label}=${n}` }));
      },
      report: () => ({ Counted: n, Memory: { value: 1024, representation: 'B' } }),
    };
  },
});

async function managedPipeline(out: Collected) {
  let filters: DynamicFilters | undefined;
  const { logger, lines } = captureLogger();
  const p = new Pipeline(
    testPlan([
      { name: 'gen', definition: generatorInput(1) },
      { name: 'mgr', definition: managerFilter((f) => (filters = f)), common: { message_matcher: "Type == 'gen'" } },
      { name: 'out', definition: collectingOutput(out), common: { message_matcher: "Type != 'gen'" } },
    ]),
    { logger },
  );
  await p.start();
  await until(() => filters !== undefined);
  return { p, filters: filters as DynamicFilters, lines };
}

describe('dynamic filters', () => {
  it('adds a validated filter that gets messages, and removes it with a heka.terminated notice', async () => {
    const out = bag();
    const { p, filters } = await managedPipeline(out);
    await filters.add({
      name: 'mgr-counter',
      definition: countFilter,
      table: { message_matcher: "Type == 'ping'", ticker_interval: 1, label: 'c' },
      source: 'test',
    });
    expect(filters.has('mgr-counter')).toBe(true);
    expect(filters.names()).toEqual(['mgr-counter']);
    p.injectSystem(new Message({ type: 'ping' }));
    p.injectSystem(new Message({ type: 'ping' }));
    await until(() => out.messages.some((m) => m.payload === 'c=2'), 5000);
    const entry = allReport(p).filters.find((e) => e.Name === 'mgr-counter');
    expect(entry?.Counted).toEqual({ value: 2, representation: 'count' });
    expect(entry?.Memory).toEqual({ value: 1024, representation: 'B' });

    expect(await filters.remove('mgr-counter')).toBe(true);
    expect(await filters.remove('mgr-counter')).toBe(false);
    expect(filters.has('mgr-counter')).toBe(false);
    await until(() => out.messages.some((m) => m.type === 'heka.terminated'));
    const notice = out.messages.find((m) => m.type === 'heka.terminated') as Message;
    expect(notice.payload).toBe('mgr-counter (type CountFilter) terminated. Error: Filter unloaded.');
    expect(notice.getFieldValue('plugin')).toBe('mgr-counter');
    await p.stop();
  });

  it('refuses a bad section naming the key, a taken name, and a plugin that is not a filter', async () => {
    const { p, filters } = await managedPipeline(bag());
    const add = (name: string, table: Record<string, unknown>) =>
      filters.add({ name, definition: countFilter, table, source: 'sbmgr' });
    await expect(add('x', { message_matcher: 'TRUE', label: 7 })).rejects.toThrow(/sbmgr \[x\] label/);
    await expect(add('x', { message_matcher: 'Type ==' })).rejects.toThrow(/\[x\] message_matcher/);
    await expect(add('x', {})).rejects.toThrow(/\[x\] message_matcher/);
    await expect(add('out', { message_matcher: 'TRUE' })).rejects.toThrow(/'out' is already running/);
    await add('x', { message_matcher: 'FALSE' });
    await expect(add('x', { message_matcher: 'FALSE' })).rejects.toThrow(/'x' is already running/);
    await expect(
      filters.add({ name: 'y', definition: collectingOutput(bag()), table: {}, source: 'sbmgr' }),
    ).rejects.toThrow(/not a filter/);
    await p.stop();
  });

  it('keeps dynamic filters running across a reload', async () => {
    const out = bag();
    const { p, filters } = await managedPipeline(out);
    await filters.add({
      name: 'dyn',
      definition: countFilter,
      table: { message_matcher: "Type == 'ping'", ticker_interval: 1 },
      source: 'test',
    });
    const summary = await p.reload(p.plan);
    expect(summary.removed).toEqual([]);
    p.injectSystem(new Message({ type: 'ping' }));
    await until(() => out.messages.some((m) => m.payload === 'n=1'), 5000);
    expect(filters.names()).toEqual(['dyn']);
    await p.stop();
  });
});

describe('fatal plugins', () => {
  it('shuts hekad down when a decoder throws PluginFatalError', async () => {
    const dead = definePlugin({
      type: 'DeadDecoder',
      kind: 'decoder',
      description: 'test: cannot go on',
      configSchema: NO_OPTIONS,
      create: () => ({
        decode() {
          throw new PluginFatalError('FATAL: script terminated');
        },
      }),
    });
    const fatal: [number, string][] = [];
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(1), common: { decoder: 'dead' } },
        { name: 'dead', definition: dead },
      ]),
      { logger, onFatal: (code, reason) => fatal.push([code, reason]) },
    );
    await p.start();
    await until(() => fatal.length > 0);
    await p.stop();
    expect(fatal).toEqual([[1, "decoder 'gen-dead' cannot go on: FATAL: script terminated"]]);
  });

  for (const reported of [false, true]) {
    it(`${reported ? 'does not add' : 'adds'} heka.terminated when the plugin ${reported ? 'reported' : 'did not report'} its own end`, async () => {
      const out = bag();
      const dying = definePlugin({
        type: 'DyingFilter',
        kind: 'filter',
        description: 'test: terminates on its first message',
        configSchema: NO_OPTIONS,
        commonDefaults: { can_exit: true, retries: { max_retries: 0 } },
        create: () => ({
          process(_m: Message, ctx: FilterContext) {
            if (reported) ctx.inject(new Message({ type: 'heka.sandbox-terminated', payload: 'bye' }), { fresh: true });
            throw new PluginFatalError('out of memory', { terminationReported: reported });
          },
        }),
      });
      const { logger } = captureLogger();
      const p = new Pipeline(
        testPlan([
          { name: 'gen', definition: generatorInput(1) },
          { name: 'dying', definition: dying, common: { message_matcher: "Type == 'gen'" } },
          { name: 'out', definition: collectingOutput(out), common: { message_matcher: "Type != 'gen'" } },
        ]),
        { logger },
      );
      await p.start();
      await until(() => out.messages.length > 0);
      await new Promise((r) => setTimeout(r, 50));
      await p.stop();
      expect(out.messages.map((m) => m.type)).toEqual([reported ? 'heka.sandbox-terminated' : 'heka.terminated']);
    });
  }
});

describe('injection', () => {
  it('lets a fresh injection out at max_message_loops and says why others are refused', async () => {
    const out = bag();
    const reasons: InjectionRefusal[] = [];
    const relay = (to: string) =>
      definePlugin({
        type: 'RelayFilter',
        kind: 'filter',
        description: 'test: re-injects what it gets under another type',
        configSchema: NO_OPTIONS,
        create: () => ({
          process(m: Message, ctx: FilterContext) {
            try {
              ctx.inject(new Message({ type: to, payload: m.payload }));
            } catch (e) {
              reasons.push((e as InjectionError).reason);
              ctx.inject(new Message({ type: 'notice', payload: 'too deep' }), { fresh: true });
            }
            try {
              ctx.inject(new Message({ type: m.type, payload: 'self' }));
            } catch (e) {
              if (e instanceof InjectionError) reasons.push(e.reason);
            }
          },
        }),
      });
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(1) },
          { name: 'ping', definition: relay('a'), common: { message_matcher: "Type == 'gen' || Type == 'b'" } },
          { name: 'pong', definition: relay('b'), common: { message_matcher: "Type == 'a'" } },
          { name: 'out', definition: collectingOutput(out), common: { message_matcher: "Type == 'notice'" } },
        ],
        { maxMessageLoops: 3 },
      ),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length > 0);
    await p.stop();
    expect(out.messages[0]?.payload).toBe('too deep');
    expect(reasons).toContain('loop');
    expect(reasons).toContain('own-matcher');
  });
});

describe('encoders at shutdown', () => {
  it('stops an output’s encoder when hekad stops', async () => {
    const events: string[] = [];
    const encoder = definePlugin({
      type: 'NoteEncoder',
      kind: 'encoder',
      description: 'test: notes stop',
      configSchema: NO_OPTIONS,
      create: () => ({
        encode: (m: Message) => m.payload,
        stop: () => void events.push('encoder stopped'),
      }),
    });
    const output = definePlugin({
      type: 'EncodingOutput',
      kind: 'output',
      description: 'test: encodes',
      configSchema: NO_OPTIONS,
      create: () => ({
        process(m: Message, ctx) {
          events.push(`sent ${new TextDecoder().decode(ctx.encode(m) ?? new Uint8Array())}`);
        },
        stop: () => void events.push('output stopped'),
      }),
    });
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(1) },
        { name: 'enc', definition: encoder },
        { name: 'out', definition: output, common: { message_matcher: 'TRUE', encoder: 'enc' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => events.includes('sent 0'));
    await p.stop();
    // The first stop is the start-up probe that checks the encoder's settings.
    expect(events).toEqual(['encoder stopped', 'sent 0', 'output stopped', 'encoder stopped']);
  });
});
