import type { Message } from '@heka/core';
import { recordInput, startTestPipeline, wholeSplitter } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import decoder from '../src/index.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function start(config: Record<string, unknown>, records: unknown[], input: Record<string, unknown> = {}) {
  const lines = records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r)));
  const p = await startTestPipeline({
    sections: {
      feeder: { definition: recordInput(lines), config: { splitter: 'whole', decoder: 'json', ...input } },
      whole: { definition: wholeSplitter },
      json: { definition: decoder, config },
    },
  });
  stop = () => p.stop();
  return p;
}

async function decode(config: Record<string, unknown>, ...records: unknown[]): Promise<Message[]> {
  return (await start(config, records)).waitFor(records.length);
}

const fields = (m: Message | undefined) => (m?.fields ?? []).map((f) => [f.name, f.valueType, f.value]);

const ARTEMIS = {
  msg: 'Start Request',
  event: 'artemis.web.ensure-running',
  extra: { 'workspace-id': 'cN907xLngi', depth: { n: 1 } },
  time: '2015-05-06T20:40:05.509926234Z',
  severity: 1,
};

describe('JsonDecoder', () => {
  it('flattens a JSON object into fields (defaults), with Type "json" and no payload', async () => {
    const [m] = await decode({}, ARTEMIS);
    expect(m?.type).toBe('json');
    expect(m?.payload).toBe('');
    expect(m?.logger).toBe('feeder'); // the record's headers stay
    expect(fields(m)).toEqual([
      ['msg', 'string', ['Start Request']],
      ['event', 'string', ['artemis.web.ensure-running']],
      ['extra.workspace-id', 'string', ['cN907xLngi']],
      ['extra.depth.n', 'double', [1]],
      ['time', 'string', ['2015-05-06T20:40:05.509926234Z']],
      ['severity', 'double', [1]], // numbers are doubles, as in Lua
    ]);
  });

  it('makes arrays of one scalar type multi-value fields, flattens other arrays by 1-based index', async () => {
    const [m] = await decode(
      {},
      {
        tags: ['a', 'b'],
        n: [1, 2.5],
        ok: [true, false],
        mixed: ['a', 1, null, { k: 'v' }],
        empty: [],
        none: null,
        o: {},
      },
    );
    expect(fields(m)).toEqual([
      ['tags', 'string', ['a', 'b']],
      ['n', 'double', [1, 2.5]],
      ['ok', 'bool', [true, false]],
      ['mixed.1', 'string', ['a']],
      ['mixed.2', 'double', [1]],
      ['mixed.4.k', 'string', ['v']],
    ]);
  });

  it('joins with separator, and keeps objects and arrays below maximum_depth as JSON text', async () => {
    const record = { top: { nested: 1, deeper: { x: [1, 2] } }, list: [1, 2], flat: 'f' };
    const [one] = await decode({ maximum_depth: 1 }, record);
    expect(fields(one)).toEqual([
      ['top', 'string', ['{"nested":1,"deeper":{"x":[1,2]}}']],
      ['list', 'string', ['[1,2]']],
      ['flat', 'string', ['f']],
    ]);
    await stop?.();
    const [two] = await decode({ maximum_depth: 2, separator: '_' }, record);
    expect(fields(two)).toEqual([
      ['top_nested', 'double', [1]],
      ['top_deeper', 'string', ['{"x":[1,2]}']],
      ['list', 'double', [1, 2]],
      ['flat', 'string', ['f']],
    ]);
  });

  it('sets message_type and keeps the payload with payload_keep', async () => {
    const line = '{"a":1}';
    const [m] = await decode({ message_type: 'artemis', payload_keep: true }, line);
    expect([m?.type, m?.payload]).toEqual(['artemis', line]);
  });

  it('with map_fields maps keys of the right type to headers and leaves them out of the fields', async () => {
    const [m] = await decode(
      {
        map_fields: true,
        Payload: 'msg',
        Uuid: 'id',
        Type: 'kind',
        Logger: 'app',
        Hostname: 'host',
        Severity: 'severity',
        EnvVersion: 'v',
        Pid: 'pid',
      },
      {
        msg: 'hello',
        id: '6d2a9a3c-1f3e-4c8b-9d3a-0000000000aa',
        kind: 'artemis',
        app: 'web',
        host: 'h1',
        severity: 3.9,
        v: 2,
        pid: 4242,
        other: true,
      },
    );
    expect([m?.payload, m?.uuidString, m?.type, m?.logger, m?.hostname]).toEqual([
      'hello',
      '6d2a9a3c-1f3e-4c8b-9d3a-0000000000aa',
      'artemis',
      'web',
      'h1',
    ]);
    expect([m?.severity, m?.envVersion, m?.pid]).toEqual([3, '2', 4242]);
    expect(fields(m)).toEqual([['other', 'bool', [true]]]);
  });

  it('leaves keys of the wrong type as fields, and ignores the header options without map_fields', async () => {
    const config = { Severity: 'severity', Hostname: 'host' };
    const [wrong] = await decode({ ...config, map_fields: true }, { severity: 'high', host: 7 });
    expect(wrong?.severity).toBe(7);
    expect(fields(wrong)).toEqual([
      ['severity', 'string', ['high']],
      ['host', 'double', [7]],
    ]);
    await stop?.();
    const [off] = await decode(config, { severity: 2, host: 'h' });
    expect(off?.severity).toBe(7);
    expect(fields(off).map((f) => f[0])).toEqual(['severity', 'host']);
  });

  it('reads Timestamp as nanoseconds (exact when a string), with or without map_fields, and removes it', async () => {
    const got = await decode(
      { Timestamp: 'ts' },
      { ts: '1430945205509926234', a: 1 },
      { ts: 1430945205000000000, a: 2 },
      { ts: null, a: 3 },
    );
    expect(got[0]?.timestamp).toBe(1430945205509926234n);
    expect(got[1]?.timestamp).toBe(1430945205000000000n);
    expect(got[2]?.timestamp).toBeGreaterThan(1_700_000_000_000_000_000n); // null: the record's own time
    expect(got.map((m) => fields(m).map((f) => f[0]))).toEqual([['a'], ['a'], ['a']]);
  });

  it('reads Timestamp with timestamp_format', async () => {
    const [m] = await decode(
      { Timestamp: 'time', timestamp_format: '%Y-%m-%dT%H:%M:%S' },
      { time: '2015-05-06T20:40:05.509926234Z', n: 1 },
    );
    expect(m?.timestamp).toBe(1430944805000000000n);
  });

  it('counts and logs bad records as decode failures and goes on', async () => {
    const p = await start({ Timestamp: 'ts', map_fields: true, Severity: 'sev' }, [
      '{"ok":1}',
      '{"broken": ',
      '[1,2,3]',
      '"text"',
      '{"ts":"yesterday"}',
      '{"sev":1e12}',
      '{"ok":2}',
    ]);
    const got = await p.waitFor(2);
    expect(got.map((m) => m.getFieldValue('ok'))).toEqual([1, 2]);
    await p.waitForLog(/decode failed: Failed to decode JSON: /);
    await p.waitForLog(/decode failed: Failed to decode JSON: the payload is not a JSON object/);
    await p.waitForLog(/decode failed: Failed to decode timestamp: "yesterday" is not nanoseconds since the epoch/);
    await p.waitForLog(/decode failed: Severity 1000000000000 does not fit an int32/);
    expect(p.pipeline.decoderStats.get('feeder-json')?.failures).toBe(5);
  });

  it('routes failures with send_decode_failures, including a timestamp that does not fit the format', async () => {
    const p = await start({ Timestamp: 't', timestamp_format: '%Y-%m-%d' }, ['{"t":"05/06/2015"}'], {
      send_decode_failures: true,
    });
    const [m] = await p.waitFor(1);
    expect(m?.getFieldValue('decode_failure')).toBe(true);
    expect(m?.getFieldValue('decode_error')).toBe('Failed to decode timestamp: "05/06/2015" does not match "%Y-%m-%d"');
  });

  it('refuses bad configurations when it starts, naming the key', async () => {
    await expect(start({ timestamp_format: '%Y %Q' }, [])).rejects.toThrow(
      /timestamp_format: unknown strftime specifier: Q/,
    );
    await expect(start({ timestamp_format: '%H:%M' }, [])).rejects.toThrow(/timestamp_format: .*no full date/);
    await expect(start({ maximum_depth: -1 }, [])).rejects.toThrow(/maximum_depth/);
    await expect(start({ Severity: '' }, [])).rejects.toThrow(/Severity/);
    await expect(start({ message_type: 5 }, [])).rejects.toThrow(/message_type/);
  });
});
