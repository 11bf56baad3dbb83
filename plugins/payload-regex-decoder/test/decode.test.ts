import type { Message } from '@heka/core';
import { GoTime, localLocation } from '@heka/go-time';
import { recordInput, startTestPipeline, wholeSplitter } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import decoder from '../src/index.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function start(config: Record<string, unknown>, records: string[], input: Record<string, unknown> = {}) {
  const p = await startTestPipeline({
    sections: {
      feeder: { definition: recordInput(records), config: { splitter: 'split', decoder: 'regex', ...input } },
      split: { definition: wholeSplitter },
      regex: { definition: decoder, config },
    },
  });
  stop = () => p.stop();
  return p;
}

async function decode(config: Record<string, unknown>, records: string[]): Promise<Message[]> {
  return (await start(config, records)).waitFor(records.length);
}

const fieldsOf = (m: Message | undefined) =>
  Object.fromEntries(
    (m?.fields ?? []).map((f) => [f.representation ? `${f.name}|${f.representation}` : f.name, f.value]),
  );

const ACCESS = String.raw`^(?P<RemoteIP>\S+) \S+ (?P<User>\S+) \[(?P<Timestamp>[^\]]+)\] "(?P<Method>[A-Z]+) (?P<Url>\S+)[^"]*" (?P<Status>\d{3}) (?P<Bytes>\d+)(?: (?P<Severity>\w+))?`;

describe('PayloadRegexDecoder', () => {
  it('builds timestamp, severity, headers and string fields from the captures', async () => {
    const [m] = await decode(
      {
        match_regex: ACCESS,
        timestamp_layout: '02/Jan/2006:15:04:05 -0700',
        severity_map: { warn: 4, crit: 2 },
        message_fields: {
          Type: 'access.%Method%',
          Logger: 'nginx',
          Hostname: '%RemoteIP%',
          Pid: '%Status%.5',
          Url: '%Url%',
          'Bytes|B': '%Bytes%',
          Status: '%Status%',
          Note: '%User% did %Method% (%Nope%, %Severity%, group %2%)',
        },
      },
      ['10.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 warn'],
    );
    expect(m?.timestamp).toBe(971211336000000000n);
    expect(m?.severity).toBe(4);
    expect([m?.type, m?.logger, m?.hostname, m?.pid]).toEqual(['access.GET', 'nginx', '10.0.0.1', 200]);
    expect(fieldsOf(m)).toEqual({
      Url: ['/a.gif'],
      'Bytes|B': ['2326'], // captures are always strings, as in Heka
      Status: ['200'],
      // unknown names read "<name>", named groups have no number, and the Severity capture is used up
      // by the severity (Heka deletes it)
      Note: ['frank did GET (<Nope>, <Severity>, group <2>)'],
    });
    expect(m?.payload).toContain('10.0.0.1'); // the payload stays
  });

  it('reads unnamed groups by number and a group that did not take part as ""', async () => {
    const [m] = await decode({ match_regex: '^(\\w+)(-(\\d+))?', message_fields: { a: '%1%|%3%|' } }, ['word']);
    expect(m?.getFieldValue('a')).toBe('word||');
  });

  it('takes severity from severity_map, else from a number, and logs anything else', async () => {
    const p = await start(
      { match_regex: '^(?P<Severity>\\S*) (?P<Rest>.*)', severity_map: { ERROR: 3 }, message_fields: { r: '%Rest%' } },
      ['ERROR a', '6 b', 'weird c', '99999999999 d'],
    );
    const got = await p.waitFor(4);
    expect(got.map((m) => m.severity)).toEqual([3, 6, 7, 7]);
    await p.waitForLog(/Don't recognize severity: 'weird'/);
    await p.waitForLog(/Don't recognize severity: '99999999999'/);
    expect(p.pipeline.decoderStats.get('feeder-regex')?.failures).toBe(0);
  });

  it('lets a Severity header in message_fields override the capture', async () => {
    const [m] = await decode(
      {
        match_regex: '^(?P<Severity>\\d)',
        message_fields: { Severity: '1', Uuid: '6d2a9a3c-1f3e-4c8b-9d3a-0000000000aa' },
      },
      ['5'],
    );
    expect(m?.severity).toBe(1);
    expect(m?.uuidString).toBe('6d2a9a3c-1f3e-4c8b-9d3a-0000000000aa');
  });

  it('reads timestamps without a zone in timestamp_location', async () => {
    const [m] = await decode(
      {
        match_regex: '^(?P<Timestamp>.+)$',
        timestamp_layout: '2006-01-02 15:04:05.000',
        timestamp_location: 'America/New_York',
      },
      ['2015-07-01 12:00:00.250'],
    );
    expect(m?.timestamp).toBe(1435766400250000000n);
  });

  it('gives every record its own timestamp when texts repeat and alternate (the last one is reused)', async () => {
    const texts = ['2015-07-01 12:00:00', '2015-07-01 12:00:00', '2015-07-01 12:00:01', '2015-07-01 12:00:00'];
    const got = await decode({ match_regex: '^(?P<Timestamp>.+)$', timestamp_layout: '2006-01-02 15:04:05' }, texts);
    expect(got.map((m) => m.timestamp)).toEqual([
      1435752000000000000n,
      1435752000000000000n,
      1435752001000000000n,
      1435752000000000000n,
    ]);
  });

  it('reads Epoch, EpochMilli, EpochMicro and EpochNano exactly', async () => {
    const cases: [string, string, bigint][] = [
      ['Epoch', '1425797400.5', 1425797400500000000n],
      ['EpochMilli', '1425797400123', 1425797400123000000n],
      ['EpochMicro', '1425797400123456', 1425797400123456000n],
      ['EpochNano', '1425797400123456789', 1425797400123456789n],
    ];
    for (const [layout, text, want] of cases) {
      const [m] = await decode({ match_regex: '(?P<Timestamp>.+)', timestamp_layout: layout }, [text]);
      expect(m?.timestamp, layout).toBe(want);
      await stop?.();
      stop = undefined;
    }
  });

  it("falls back to Go's layouts, and completes a missing year or date as Heka does", async () => {
    const got = await decode({ match_regex: '^(?P<Timestamp>.+)$', timestamp_layout: '2006-01-02' }, [
      '2015-07-01T12:00:00Z', // RFC3339, not the layout
      'Jul  1 12:00:00', // Stamp: no year, so this year
      '3:04PM', // Kitchen: no date, so today
    ]);
    const [ny, nm, nd] = GoTime.now(localLocation()).date();
    expect(got[0]?.timestamp).toBe(1435752000000000000n);
    expect(GoTime.fromUnixNano(got[1]?.timestamp ?? 0n).date()).toEqual([ny, 7, 1]);
    const kitchen = GoTime.fromUnixNano(got[2]?.timestamp ?? 0n);
    expect(kitchen.date()).toEqual([ny, nm, nd]);
    expect(kitchen.clock()).toEqual([15, 4, 0]);
  });

  it('logs a Timestamp it cannot read and keeps the message (and its time)', async () => {
    const before = GoTime.now().unixNano();
    const p = await start({ match_regex: '^(?P<Timestamp>.+)$', timestamp_layout: 'Epoch' }, ['soon']);
    const [m] = await p.waitFor(1);
    await p.waitForLog(/Don't recognize Timestamp: 'soon'/);
    expect(m?.timestamp).toBeGreaterThanOrEqual(before - 1_000_000n);
  });

  it('counts a payload that does not match as a decode failure, logged with the payload', async () => {
    const p = await start({ match_regex: '^(?P<n>\\d+)$', message_fields: { n: '%n%' } }, ['1', 'garbage', '2']);
    const got = await p.waitFor(2);
    expect(got.map((m) => m.getFieldValue('n'))).toEqual(['1', '2']);
    await p.waitForLog(/decode failed: No match: garbage/);
    expect(p.pipeline.decoderStats.get('feeder-regex')?.failures).toBe(1);
  });

  it('with log_errors = false drops non-matching payloads silently', async () => {
    const p = await start({ match_regex: '^(?P<n>\\d+)$', log_errors: false }, ['1', 'garbage', '2'], {
      send_decode_failures: true,
    });
    const got = await p.waitFor(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(got.map((m) => m.payload)).toEqual(['1', '2']);
    expect(p.logs.filter((l) => /No match/.test(l))).toEqual([]);
    expect(p.pipeline.decoderStats.get('feeder-regex')?.failures).toBe(0);
  });

  it('fails the message when a capture cannot be a Pid, and says which key', async () => {
    const p = await start({ match_regex: '^(?P<p>\\S+)', message_fields: { Pid: '%p%' } }, ['abc', '42']);
    const [m] = await p.waitFor(1);
    expect(m?.pid).toBe(42);
    await p.waitForLog(/decode failed: message_fields\.Pid: strconv\.ParseInt: parsing "abc": invalid syntax/);
    expect(p.pipeline.decoderStats.get('feeder-regex')?.failures).toBe(1);
  });

  it('refuses bad configurations when it starts, naming the key', async () => {
    const bad = (config: Record<string, unknown>) => start(config, []);
    await expect(bad({ match_regex: '(?P<x' })).rejects.toThrow(/match_regex: PayloadRegexDecoder: /);
    await expect(bad({ match_regex: 'no groups' })).rejects.toThrow(/must contain capture groups/);
    await expect(bad({ match_regex: '(a)(?=b)' })).rejects.toThrow(/match_regex/);
    await expect(bad({ match_regex: '(a)', timestamp_location: 'Mars/Base' })).rejects.toThrow(
      /timestamp_location: .*unknown time zone Mars\/Base/,
    );
    await expect(bad({ match_regex: '(a)', timestamp_layout: 'EpochSeconds' })).rejects.toThrow(
      /timestamp_layout: Unrecognized `Epoch` time format/,
    );
    await expect(bad({ match_regex: '(a)', severity_map: { x: 'high' } })).rejects.toThrow(/severity_map/);
    await expect(bad({})).rejects.toThrow(/match_regex/);
  });
});
