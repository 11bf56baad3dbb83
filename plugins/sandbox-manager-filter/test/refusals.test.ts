/** Every way a load is refused: logged, announced with heka.sandbox-terminated, nothing left behind. */
import { afterEach, describe, expect, it } from 'vitest';
import {
  COUNTER_LUA,
  counterToml,
  data,
  loadMessage,
  outputs,
  startManager,
  stopAll,
  terminations,
  unloadMessage,
} from './helpers.js';

afterEach(stopAll);

const NOW = () => BigInt(Date.now()) * 1_000_000n;

describe('SandboxManagerFilter refuses', () => {
  const cases: { what: string; message: () => ReturnType<typeof loadMessage>; payload: string | RegExp }[] = [
    {
      what: 'a control message 10 s old',
      message: () => loadMessage(counterToml(), COUNTER_LUA, NOW() - 10_000_000_000n),
      payload: 'Discarded control message: 10 seconds skew',
    },
    {
      what: 'a control message 6 s in the future',
      message: () => loadMessage(counterToml(), COUNTER_LUA, NOW() + 6_000_000_000n),
      payload: /^Discarded control message: -[56] seconds skew$/,
    },
    {
      what: 'a load without Fields[config]',
      message: () => loadMessage(undefined, COUNTER_LUA),
      payload: 'loadSandbox failed: the control message has no Fields[config] string',
    },
    {
      what: 'TOML that does not parse',
      message: () => loadMessage('[Counter\ntype = "SandboxFilter"', COUNTER_LUA),
      payload: /^loadSandbox failed: TOML: Unexpected character, .* at row 1, col 10, pos 9$/,
    },
    {
      what: 'two sections',
      message: () => loadMessage(`${counterToml('A')}${counterToml('B')}`, COUNTER_LUA),
      payload: 'loadSandbox failed: the configuration must hold exactly one section, found 2 (A, B)',
    },
    {
      what: 'no section',
      message: () => loadMessage('# nothing\n', COUNTER_LUA),
      payload: 'loadSandbox failed: the configuration must hold exactly one section, found 0',
    },
    {
      what: 'a top-level key instead of a section',
      message: () => loadMessage('type = "SandboxFilter"\n', COUNTER_LUA),
      payload: "loadSandbox failed: 'type' is a top-level key, not a [section]",
    },
    {
      what: 'another plugin type',
      message: () => loadMessage('[Counter]\ntype = "CounterFilter"\n', COUNTER_LUA),
      payload: 'Plugin must be a SandboxFilter, received CounterFilter',
    },
    {
      what: 'a section without type named after another plugin',
      message: () => loadMessage("[Counter]\nmessage_matcher = 'TRUE'\n", COUNTER_LUA),
      payload: 'Plugin must be a SandboxFilter, received Counter',
    },
    {
      what: 'an unknown key',
      message: () => loadMessage(counterToml('Counter', 'preserve_dat = true'), COUNTER_LUA),
      payload: /^control message \[mgr-Counter\] preserve_dat: .*unknown/,
    },
    {
      what: 'a bad value of a common key',
      message: () => loadMessage(counterToml('Counter', 'ticker_interval = "soon"'), COUNTER_LUA),
      payload: /^control message \[mgr-Counter\] ticker_interval: /,
    },
    {
      what: 'a bad message_matcher',
      message: () => loadMessage('[Counter]\ntype = "SandboxFilter"\nmessage_matcher = "Type =="\n', COUNTER_LUA),
      payload: /^control message \[mgr-Counter\] message_matcher: /,
    },
    {
      what: 'a script that does not compile',
      message: () => loadMessage(counterToml(), 'function process_message(\n'),
      payload: /mgr-Counter\.lua/,
    },
  ];

  for (const c of cases) {
    it(`${c.what}`, async () => {
      const p = await startManager({});
      await p.send(c.message());
      const [m] = await p.waitFor(1);
      expect(m?.type).toBe('heka.sandbox-terminated');
      expect(m?.logger).toBe('hekad');
      expect(m?.getFieldValue('plugin')).toBe('mgr');
      expect(m?.payload).toMatch(c.payload);
      expect(p.logs.join('\n')).toContain((m?.payload ?? '').split('\n')[0]);
      expect(p.files()).toEqual([]);
      expect(p.pipeline.dynamicFilters.names()).toEqual([]);
      await p.send(...data(1));
      await new Promise((r) => setTimeout(r, 30));
      expect(p.messages.length).toBe(1);
    });
  }

  it('a filter that already runs', async () => {
    const p = await startManager({});
    await p.send(loadMessage(counterToml(), COUNTER_LUA));
    await p.running('mgr-Counter');
    await p.send(loadMessage(counterToml('Counter', 'ticker_interval = 5'), 'garbage'));
    const m = await p.waitUntil((x) => x.type === 'heka.sandbox-terminated', 'the refusal');
    expect(m.payload).toBe('loadSandbox failed: mgr-Counter is already running');
    // The running filter and its files are untouched.
    expect(p.files()).toEqual(['mgr-Counter.lua', 'mgr-Counter.toml']);
    await p.send(...data(1));
    await p.waitUntil((x) => x.payload === '1', 'a count');
  });

  it('more than max_filters, counting only running filters of this manager', async () => {
    const p = await startManager({ max_filters: 2 });
    await p.send(loadMessage(counterToml('A'), COUNTER_LUA), loadMessage(counterToml('B'), COUNTER_LUA));
    await p.running('mgr-A', 'mgr-B');
    await p.send(loadMessage(counterToml('C'), COUNTER_LUA));
    const m = await p.waitUntil((x) => x.type === 'heka.sandbox-terminated', 'the refusal');
    expect(m.payload).toBe('mgr attempted to load more than 2 filters');
    expect(p.files()).toEqual(['mgr-A.lua', 'mgr-A.toml', 'mgr-B.lua', 'mgr-B.toml']);
    await p.send(unloadMessage('A'));
    await p.waitForLog(/Unloaded: mgr-A/);
    await p.send(loadMessage(counterToml('C'), COUNTER_LUA));
    await p.running('mgr-C');
    await p.send(...data(1));
    await p.waitUntil((x) => x.logger === 'mgr-C', 'output of C');
    expect(terminations(p)).toHaveLength(1);
    expect(outputs(p, 'mgr-A')).toEqual([]);
  });

  it('any load with the default max_filters of 0', async () => {
    const p = await startManager({ max_filters: undefined });
    await p.send(loadMessage(counterToml(), COUNTER_LUA));
    const [m] = await p.waitFor(1);
    expect(m?.payload).toBe('mgr attempted to load more than 0 filters');
  });
});
