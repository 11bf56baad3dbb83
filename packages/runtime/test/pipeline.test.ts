import { describe, expect, it } from 'vitest';
import { Pipeline } from '../src/pipeline/pipeline.js';
import { captureLogger, testPlan, until } from './helpers/plan.js';
import {
  bytesInput,
  type Collected,
  collectingOutput,
  fatalOutput,
  flakyOutput,
  generatorInput,
  injectingFilter,
  lineSplitter,
  upperDecoder,
} from './helpers/plugins.js';

const bag = (): Collected => ({ messages: [], stopped: false });
const enc = (s: string) => new TextEncoder().encode(s);

describe('routing', () => {
  it('delivers every message to every matching output, in order', async () => {
    const all = bag();
    const evens = bag();
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(200) },
        { name: 'all', definition: collectingOutput(all), common: { message_matcher: 'TRUE' } },
        {
          name: 'evens',
          definition: collectingOutput(evens, 0, 'EvensOutput'),
          common: { message_matcher: 'Payload =~ /[02468]$/' },
        },
      ]),
      { logger },
    );
    await p.start();
    await until(() => all.messages.length === 200 && evens.messages.length === 100);
    await p.stop();
    expect(all.messages.map((m) => m.payload)).toEqual(Array.from({ length: 200 }, (_, i) => String(i)));
    expect(evens.messages.every((m) => Number(m.payload) % 2 === 0)).toBe(true);
    expect(all.stopped && evens.stopped).toBe(true);
  });

  it('splits streams into records, decodes them into 0..n messages, and handles decode failures', async () => {
    const out = bag();
    const { logger, lines } = captureLogger();
    const p = new Pipeline(
      testPlan([
        {
          name: 'in',
          definition: bytesInput([enc('one\ntw'), enc('o\nbad one\ndouble\n'), enc('tail')]),
          common: { splitter: 'lines', decoder: 'upper', send_decode_failures: true },
        },
        { name: 'lines', definition: lineSplitter },
        { name: 'upper', definition: upperDecoder },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 5);
    await p.stop();
    expect(out.messages.map((m) => [m.type, m.payload])).toEqual([
      ['line', 'ONE\n'],
      ['line', 'TWO\n'],
      ['line', 'bad one\n'],
      ['line', 'DOUBLE\n'],
      ['extra', 'second'],
    ]);
    const failed = out.messages[2];
    expect(failed?.getFieldValue('decode_failure')).toBe(true);
    expect(String(failed?.getFieldValue('decode_error'))).toContain('cannot decode');
    expect(lines.some((l) => l.includes('decode failed'))).toBe(true);
    expect(out.messages.filter((m) => m.type === 'line').every((m) => m.logger === 'in')).toBe(true);
  });

  it('acknowledges stream offsets in order once every message is done', async () => {
    const out = bag();
    const acks: number[] = [];
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        {
          name: 'in',
          definition: bytesInput([enc('a\nb\n'), enc('c\n')], (o) => acks.push(o)),
          common: { splitter: 'lines' },
        },
        { name: 'lines', definition: lineSplitter },
        { name: 'out', definition: collectingOutput(out, 5), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => acks.at(-1) === 6);
    await p.stop();
    expect(acks).toEqual([2, 4, 6]);
  });
});

describe('back-pressure and shutdown', () => {
  it('holds at most poolsize messages in flight behind a slow output and loses none on stop', async () => {
    const out = bag();
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(300) },
          { name: 'slow', definition: collectingOutput(out, 1), common: { message_matcher: 'TRUE' } },
        ],
        { poolsize: 20, pluginChansize: 5 },
      ),
      { logger },
    );
    await p.start();
    let maxInFlight = 0;
    const watch = setInterval(() => {
      maxInFlight = Math.max(maxInFlight, p.inputPool.used);
    }, 1);
    await until(() => out.messages.length >= 50);
    await p.stop();
    clearInterval(watch);
    expect(maxInFlight).toBeLessThanOrEqual(20);
    // Everything accepted before the stop was delivered; nothing was dropped on the way.
    expect(out.messages.map((m) => Number(m.payload))).toEqual(out.messages.map((_, i) => i));
    expect(p.inputPool.used).toBe(0);
  });

  it('names a blocked output in a diagnostic line', async () => {
    const out = bag();
    const { logger, lines } = captureLogger();
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(100) },
          { name: 'stuck', definition: collectingOutput(out, 60_000), common: { message_matcher: 'TRUE' } },
        ],
        { poolsize: 10, pluginChansize: 5, maxPackIdle: 300 },
      ),
      { logger },
    );
    await p.start();
    await until(() => lines.some((l) => l.includes('Diagnostics')), 3000, 'a diagnostic line');
    const line = lines.find((l) => l.includes('Diagnostics')) as string;
    expect(line).toMatch(/output 'stuck' \(type CollectOutput\) is blocking: queue \d+\/5/);
    expect(line).toMatch(/inputs are waiting/);
  });
});

describe('failures', () => {
  it('retries an output delivery that asks for it', async () => {
    const out = bag();
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(3) },
        { name: 'flaky', definition: flakyOutput(out, 3), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 3);
    await p.stop();
    expect(out.messages.map((m) => m.payload)).toEqual(['0', '1', '2']);
  });

  it('restarts a plugin after a fatal error without losing the message', async () => {
    const out = bag();
    const counter = { creates: 0 };
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(10) },
        {
          name: 'f',
          definition: fatalOutput(out, '4', 2, counter),
          common: {
            message_matcher: 'TRUE',
            retries: { delay: '1ms', max_delay: '5ms', max_jitter: '0s', max_retries: 5 },
          },
        },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 10);
    await p.stop();
    expect(out.messages.map((m) => m.payload)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(counter.creates).toBe(3);
  });

  it('shuts hekad down when a plugin exits for good without can_exit', async () => {
    const out = bag();
    const counter = { creates: 0 };
    const { logger } = captureLogger();
    let fatal: [number, string] | undefined;
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(10) },
        {
          name: 'f',
          definition: fatalOutput(out, '2', 99, counter),
          common: {
            message_matcher: 'TRUE',
            retries: { delay: '1ms', max_delay: '1ms', max_jitter: '0s', max_retries: 1 },
          },
        },
      ]),
      { logger, onFatal: (code, reason) => (fatal = [code, reason]) },
    );
    await p.start();
    await until(() => fatal !== undefined);
    await p.stop();
    expect(fatal?.[0]).toBe(1);
    expect(fatal?.[1]).toMatch(/output 'f' stopped: boom/);
  });

  it('emits heka.terminated and keeps running when the plugin has can_exit', async () => {
    const out = bag();
    const notices = bag();
    const counter = { creates: 0 };
    const { logger } = captureLogger();
    let fatal = false;
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(5) },
        {
          name: 'f',
          definition: fatalOutput(out, '2', 99, counter),
          common: {
            message_matcher: "Type == 'gen'",
            can_exit: true,
            retries: { delay: '1ms', max_delay: '1ms', max_jitter: '0s', max_retries: 0 },
          },
        },
        {
          name: 'notices',
          definition: collectingOutput(notices),
          common: { message_matcher: "Type == 'heka.terminated'" },
        },
      ]),
      { logger, onFatal: () => (fatal = true) },
    );
    await p.start();
    await until(() => notices.messages.length === 1);
    await p.stop();
    expect(fatal).toBe(false);
    expect(notices.messages[0]?.payload).toBe('f (type FatalOutput) terminated. Error: boom');
    expect(notices.messages[0]?.getFieldValue('plugin')).toBe('f');
  });

  it('shuts down when an input without can_exit finishes', async () => {
    const { logger } = captureLogger();
    let fatal: [number, string] | undefined;
    const p = new Pipeline(testPlan([{ name: 'gen', definition: generatorInput(1, { finish: true }) }]), {
      logger,
      onFatal: (code, reason) => (fatal = [code, reason]),
    });
    await p.start();
    await until(() => fatal !== undefined);
    await p.stop();
    expect(fatal?.[0]).toBe(1);
    expect(fatal?.[1]).toMatch(/input 'gen' finished/);
  });
});

describe('injection', () => {
  it('routes injected messages and refuses ones the filter itself would receive', async () => {
    const out = bag();
    const refused: string[] = [];
    const { logger } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(3) },
        { name: 'echo', definition: injectingFilter('echo', refused), common: { message_matcher: "Type == 'gen'" } },
        {
          name: 'loop',
          definition: injectingFilter('loop', refused),
          common: { message_matcher: "Type == 'gen' || Type == 'loop'" },
        },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: "Type == 'echo'" } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 3 && refused.length === 3);
    await p.stop();
    expect(out.messages.map((m) => m.payload)).toEqual(['from 0', 'from 1', 'from 2']);
    expect(refused[0]).toMatch(/'loop' cannot inject a message its own message_matcher accepts/);
  });

  it('stops chains of filters at max_message_loops', async () => {
    const refused: string[] = [];
    const { logger } = captureLogger();
    // a → b → a → b ...: each filter injects what the other one takes.
    const p = new Pipeline(
      testPlan(
        [
          { name: 'gen', definition: generatorInput(1) },
          {
            name: 'a',
            definition: injectingFilter('to-b', refused),
            common: { message_matcher: "Type == 'gen' || Type == 'to-a'" },
          },
          { name: 'b', definition: injectingFilter('to-a', refused), common: { message_matcher: "Type == 'to-b'" } },
        ],
        { maxMessageLoops: 3 },
      ),
      { logger },
    );
    await p.start();
    await until(() => refused.length === 1);
    await p.stop();
    expect(refused[0]).toMatch(/exceeded max_message_loops \(3\)/);
    expect(p.filters.size).toBe(0);
  });
});

describe('stopping with an output that never recovers', () => {
  it('retries for a grace period, then gives the messages up loudly instead of hanging', {
    timeout: 15_000,
  }, async () => {
    const out = bag();
    const { logger, lines } = captureLogger();
    const p = new Pipeline(
      testPlan([
        { name: 'gen', definition: generatorInput(3) },
        { name: 'down', definition: flakyOutput(out, Number.POSITIVE_INFINITY), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => lines.some((l) => l.includes('will retry')));
    const started = Date.now();
    await p.stop();
    expect(Date.now() - started).toBeLessThan(8000);
    expect(lines.some((l) => /gave up delivering 3 messages after retrying for 5s/.test(l))).toBe(true);
    expect(p.lost).toBe(3);
    expect(out.messages).toEqual([]);
  });
});

describe('record sizes', () => {
  it('grows the buffer for records longer than min_buffer_size instead of dropping them', async () => {
    const out = bag();
    const { logger, lines } = captureLogger();
    const long = 'x'.repeat(30_000);
    const chunks = [enc(`short\n${long}\n`), enc(`${long.slice(0, 20_000)}`), enc(`${long.slice(20_000)}\nend\n`)];
    const p = new Pipeline(
      testPlan([
        { name: 'in', definition: bytesInput(chunks), common: { splitter: 'lines' } },
        { name: 'lines', definition: lineSplitter, common: { min_buffer_size: 1024 } },
        { name: 'out', definition: collectingOutput(out), common: { message_matcher: 'TRUE' } },
      ]),
      { logger },
    );
    await p.start();
    await until(() => out.messages.length === 4);
    await p.stop();
    expect(out.messages.map((m) => m.payload.length)).toEqual([6, 30_001, 30_001, 4]);
    expect(lines.filter((l) => l.includes('exceeds'))).toEqual([]);
  });
});
