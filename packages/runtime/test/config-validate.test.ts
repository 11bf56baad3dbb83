import path from 'node:path';
import type { ConfigSchema, PluginKind } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { loadConfig, mergeSchema, type PluginSection, validateSection } from '../src/config/index.js';
import { tempDir } from './config-helpers.js';

const TCP_INPUT: ConfigSchema = {
  type: 'object',
  properties: {
    address: { type: 'string', default: ':5565', description: 'Where to listen.' },
    keep_alive: { type: 'boolean', default: false },
    keep_alive_period: { type: 'integer', minimum: 0, default: 7200, 'x-heka-doc-type': 'seconds' },
    signer: {
      type: 'object',
      default: {},
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        properties: { hmac_key: { type: 'string' }, version: { type: 'integer', default: 0 } },
        required: ['hmac_key'],
      },
    },
    servers: {
      type: 'array',
      items: { type: 'object', additionalProperties: false, properties: { port: { type: 'integer' } } },
    },
    mode: { enum: ['stream', 'datagram'], default: 'stream' },
    label: { type: 'string', pattern: '^[a-z]+$' },
    started: { type: 'string', format: 'date-time' },
    either: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
  },
};

const OUTPUT: ConfigSchema = {
  type: 'object',
  properties: { address: { type: 'string' }, path: { type: 'string', default: '/tmp/out' } },
  required: ['address'],
};

const NONE: ConfigSchema = { type: 'object', properties: {} };

function section(table: Record<string, unknown>, name = 'tcp', type = 'TcpInput'): PluginSection {
  return { name, type, file: '/etc/hekad/in.toml', line: 12, table };
}

function ok(s: PluginSection, kind: PluginKind, schema: ConfigSchema, defaults?: Record<string, unknown>) {
  const { resolved, problems } = validateSection(s, kind, schema, defaults);
  expect(problems).toEqual([]);
  if (!resolved) throw new Error('expected a resolved section');
  return resolved;
}

function bad(s: PluginSection, kind: PluginKind, schema: ConfigSchema, defaults?: Record<string, unknown>) {
  const { resolved, problems } = validateSection(s, kind, schema, defaults);
  expect(resolved).toBeUndefined();
  expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) expect(p).toMatchObject({ file: '/etc/hekad/in.toml', section: s.name, line: 12 });
  return problems.map((p) => [p.key, p.message]);
}

describe('validateSection: defaults and the common/own split', () => {
  it('applies common and own defaults, and splits them', () => {
    const r = ok(section({ type: 'TcpInput', address: ':9' }), 'input', TCP_INPUT);
    expect(r).toMatchObject({ name: 'tcp', type: 'TcpInput', kind: 'input', file: '/etc/hekad/in.toml', line: 12 });
    expect(r.common).toEqual({
      decoder: '',
      splitter: 'NullSplitter',
      synchronous_decode: false,
      send_decode_failures: false,
      log_decode_failures: true,
      can_exit: false,
      ticker_interval: 0,
      retries: { delay: '250ms', max_delay: '30s', max_jitter: '500ms', max_retries: -1 },
    });
    expect(r.own).toEqual({ address: ':9', keep_alive: false, keep_alive_period: 7200, signer: {}, mode: 'stream' });
  });

  it('fills sub-table defaults around the keys given', () => {
    const r = ok(section({ retries: { max_retries: 3 }, signer: { a: { hmac_key: 'k' } } }), 'input', TCP_INPUT);
    expect(r.common.retries).toEqual({ delay: '250ms', max_delay: '30s', max_jitter: '500ms', max_retries: 3 });
    expect(r.own.signer).toEqual({ a: { hmac_key: 'k', version: 0 } });
  });

  it('gives outputs and filters their common keys', () => {
    const r = ok(section({ message_matcher: 'TRUE', address: 'x' }, 'out', 'TcpOutput'), 'output', OUTPUT);
    expect(r.common).toEqual({
      message_matcher: 'TRUE',
      message_signer: '',
      ticker_interval: 0,
      can_exit: false,
      retries: { delay: '250ms', max_delay: '30s', max_jitter: '500ms', max_retries: -1 },
      encoder: '',
      use_buffering: false,
      buffering: { max_file_size: 536870912, max_buffer_size: 0, full_action: 'shutdown', cursor_update_count: 1 },
    });
    expect(r.own).toEqual({ address: 'x', path: '/tmp/out' });
    const f = ok(section({ message_matcher: 'TRUE' }, 'f', 'CounterFilter'), 'filter', NONE);
    expect(Object.keys(f.common).sort()).toEqual(
      [
        'buffering',
        'can_exit',
        'message_matcher',
        'message_signer',
        'retries',
        'ticker_interval',
        'use_buffering',
      ].sort(),
    );
    expect(f.own).toEqual({});
  });

  it('gives splitters, decoders and encoders theirs', () => {
    expect(ok(section({}, 's', 'TokenSplitter'), 'splitter', NONE).common).toEqual({
      keep_truncated: false,
      use_message_bytes: false,
      min_buffer_size: 8192,
      deliver_incomplete_final: false,
    });
    expect(ok(section({ type: 'ProtobufDecoder' }, 'd', 'ProtobufDecoder'), 'decoder', NONE).common).toEqual({});
    expect(ok(section({}, 'e', 'PayloadEncoder'), 'encoder', NONE).common).toEqual({});
  });

  it('does not modify the section it validates', () => {
    const table = { retries: { max_retries: 1 } };
    ok(section(table), 'input', TCP_INPUT);
    expect(table).toEqual({ retries: { max_retries: 1 } });
  });

  it('lets a plugin without strict keys take anything', () => {
    const loose: ConfigSchema = { type: 'object', properties: {}, additionalProperties: true };
    expect(ok(section({ anything: [1], at: { all: true } }), 'input', loose).own).toEqual({
      anything: [1],
      at: { all: true },
    });
  });

  it('treats a TOML key "__proto__" as data, not as a prototype', async () => {
    const dir = await tempDir({ 'a.toml': '[tcp]\ntype = "TcpInput"\n"__proto__" = { address = ":1" }\n' });
    const [s] = (await loadConfig(path.join(dir, 'a.toml'))).sections;
    if (!s) throw new Error('no section');
    const strict = validateSection(s, 'input', TCP_INPUT);
    expect(strict.problems.map((p) => [p.key, p.line])).toEqual([['__proto__', 1]]);
    const loose: ConfigSchema = { type: 'object', properties: {}, additionalProperties: true };
    const own = validateSection(s, 'input', loose).resolved?.own ?? {};
    expect(Object.getPrototypeOf(own)).toBe(Object.prototype);
    expect(Object.hasOwn(own, '__proto__')).toBe(true);
    expect(own.address).toBeUndefined();
  });
});

describe('validateSection: commonDefaults', () => {
  const tcpDefaults = { splitter: 'HekaFramingSplitter', decoder: 'ProtobufDecoder' };

  it('override the common defaults but not what the section says', () => {
    expect(ok(section({}), 'input', TCP_INPUT, tcpDefaults).common).toMatchObject(tcpDefaults);
    expect(ok(section({ splitter: 'TokenSplitter' }), 'input', TCP_INPUT, tcpDefaults).common).toMatchObject({
      splitter: 'TokenSplitter',
      decoder: 'ProtobufDecoder',
    });
    // The same schema without commonDefaults still has Heka's generic defaults (validators are cached per defaults).
    expect(ok(section({}), 'input', TCP_INPUT).common).toMatchObject({ splitter: 'NullSplitter', decoder: '' });
  });

  it('can give a whole buffering table, which a written one replaces (generic defaults fill it)', () => {
    const defaults = { use_buffering: true, buffering: { max_file_size: 134217728, cursor_update_count: 50 } };
    const s = (t: Record<string, unknown>) =>
      section({ message_matcher: 'TRUE', address: 'a', ...t }, 'o', 'TcpOutput');
    expect(ok(s({}), 'output', OUTPUT, defaults).common).toMatchObject({
      use_buffering: true,
      buffering: { max_file_size: 134217728, cursor_update_count: 50, max_buffer_size: 0, full_action: 'shutdown' },
    });
    expect(ok(s({ buffering: { full_action: 'drop' } }), 'output', OUTPUT, defaults).common.buffering).toEqual({
      max_file_size: 536870912,
      max_buffer_size: 0,
      full_action: 'drop',
      cursor_update_count: 1,
    });
  });

  it('can supply the message_matcher of a filter', () => {
    const defaults = { message_matcher: "Type != 'heka.counter-output'" };
    const r = ok(section({}, 'c', 'CounterFilter'), 'filter', NONE, defaults);
    expect(r.common.message_matcher).toBe("Type != 'heka.counter-output'");
    expect(
      ok(section({ message_matcher: 'FALSE' }, 'c', 'CounterFilter'), 'filter', NONE, defaults).common.message_matcher,
    ).toBe('FALSE');
  });

  it('decides use_framing for outputs', () => {
    const out = (t: Record<string, unknown>, defaults?: Record<string, unknown>) =>
      ok(section({ message_matcher: 'TRUE', address: 'a', ...t }, 'o', 'FileOutput'), 'output', OUTPUT, defaults).common
        .use_framing;
    expect(out({})).toBeUndefined();
    expect(out({ use_framing: true })).toBe(true);
    expect(out({}, { use_framing: true })).toBe(true);
    expect(out({ use_framing: false }, { use_framing: true })).toBe(false);
    expect(out({ encoder: 'ProtobufEncoder' }, { use_framing: 'protobuf' })).toBe(true);
    expect(out({ encoder: 'PayloadEncoder' }, { use_framing: 'protobuf' })).toBe(false);
    expect(out({}, { use_framing: 'protobuf' })).toBe(false);
    expect(out({}, { use_framing: 'protobuf', encoder: 'ProtobufEncoder' })).toBe(true);
    expect(out({ encoder: 'ProtobufEncoder', use_framing: false }, { use_framing: 'protobuf' })).toBe(false);
  });

  it('reports a default for a key that is not common as a plugin bug', () => {
    const problems = bad(section({}), 'input', TCP_INPUT, { address: ':1' });
    expect(problems).toEqual([
      [undefined, "the TcpInput plugin is broken: it gives a default for 'address', which is not a common input key"],
    ]);
    const o = section({ message_matcher: 'TRUE', address: 'a' }, 'o', 'FileOutput');
    expect(bad(o, 'output', OUTPUT, { use_framing: 'yes' })).toEqual([
      [undefined, "the FileOutput plugin is broken: its use_framing default must be true, false or 'protobuf'"],
    ]);
  });
});

describe('validateSection: errors', () => {
  it('reports unknown keys with the known keys and a near miss', () => {
    const [[key, message] = []] = bad(section({ adress: ':1' }), 'input', TCP_INPUT);
    expect(key).toBe('adress');
    expect(message).toMatch(
      /^unknown key 'adress' for TcpInput \(known keys: type, decoder, splitter, .*, retries, address, keep_alive, .*\); did you mean 'address'\?$/,
    );
    const [[, far] = []] = bad(section({ zzz_top: 1 }), 'input', TCP_INPUT);
    expect(far).not.toContain('did you mean');
  });

  it('names nested unknown keys by their path', () => {
    expect(bad(section({ retries: { dalay: '1s' } }), 'input', TCP_INPUT)).toEqual([
      [
        'retries.dalay',
        "unknown key 'dalay' in retries (known keys: delay, max_delay, max_jitter, max_retries); did you mean 'delay'?",
      ],
    ]);
    expect(bad(section({ servers: [{ port: 1 }, { prot: 2 }] }), 'input', TCP_INPUT)).toEqual([
      ['servers[1].prot', "unknown key 'prot' in servers[1] (known keys: port); did you mean 'port'?"],
    ]);
  });

  it('reports type errors with the expected type and what was written', () => {
    expect(bad(section({ keep_alive_period: '5' }), 'input', TCP_INPUT)).toEqual([
      ['keep_alive_period', 'must be an integer, got string "5"'],
    ]);
    expect(bad(section({ keep_alive_period: 2.5, keep_alive: 'yes', address: 1 }), 'input', TCP_INPUT)).toEqual([
      ['address', 'must be a string, got integer 1'],
      ['keep_alive', 'must be a boolean (true or false), got string "yes"'],
      ['keep_alive_period', 'must be an integer, got float 2.5'],
    ]);
    expect(bad(section({ retries: { max_retries: '3' }, servers: [{ port: 'x' }] }), 'input', TCP_INPUT)).toEqual([
      ['retries.max_retries', 'must be an integer, got string "3"'],
      ['servers[0].port', 'must be an integer, got string "x"'],
    ]);
    expect(bad(section({ retries: 5 }), 'input', TCP_INPUT)).toEqual([['retries', 'must be a table, got integer 5']]);
  });

  it('names keys under dynamic sub-tables (signer.test_0.hmac_key)', () => {
    expect(bad(section({ signer: { test_0: { hmac_key: 5 } } }), 'input', TCP_INPUT)).toEqual([
      ['signer.test_0.hmac_key', 'must be a string, got integer 5'],
    ]);
    expect(bad(section({ signer: { test_0: { version: 1 } } }), 'input', TCP_INPUT)).toEqual([
      ['signer.test_0.hmac_key', "missing required key 'hmac_key'"],
    ]);
  });

  it('reports missing required keys with their description', () => {
    const s = section({ message_matcher: 'TRUE' }, 'o', 'TcpOutput');
    expect(bad(s, 'output', OUTPUT)).toEqual([['address', "missing required key 'address'"]]);
    const described: ConfigSchema = {
      ...OUTPUT,
      properties: { address: { type: 'string', description: 'Where to send.' } },
    };
    expect(bad(s, 'output', described)).toEqual([['address', "missing required key 'address' (Where to send.)"]]);
  });

  it('explains enum, pattern, duration, minimum, format and anyOf errors', () => {
    const problems = bad(
      section({
        mode: 'udp',
        label: 'ABC',
        keep_alive_period: -1,
        started: 'yesterday',
        either: 5,
        retries: { delay: '5', max_retries: -2 },
      }),
      'input',
      TCP_INPUT,
    );
    expect(problems).toEqual([
      ['retries.delay', 'must be a duration such as "250ms", "1m30s" or "0", got string "5"'],
      ['retries.max_retries', 'must be >= -1, got integer -2'],
      ['keep_alive_period', 'must be >= 0, got integer -1'],
      ['mode', 'must be one of "stream", "datagram", got string "udp"'],
      ['label', 'must match the pattern ^[a-z]+$, got string "ABC"'],
      ['started', 'must be a valid date-time, got string "yesterday"'],
      ['either', 'does not match any allowed form: must be a string, got integer 5; must be an array, got integer 5'],
    ]);
  });

  it('checks durations with Go rules beyond the pattern, in plugin keys too', () => {
    const own: ConfigSchema = {
      type: 'object',
      properties: { flush: { type: 'string', default: '1s', 'x-heka-doc-type': 'duration' } },
    };
    expect(bad(section({ retries: { max_delay: '2562048h' }, flush: '1x' }), 'input', own)).toEqual([
      ['retries.max_delay', 'must be a duration such as "250ms", "1m30s" or "0", got string "2562048h"'],
      ['flush', 'must be a duration such as "250ms", "1m30s" or "0", got string "1x"'],
    ]);
    expect(ok(section({ flush: '-1.5s' }), 'input', own).own).toEqual({ flush: '-1.5s' });
  });

  it('reports buffering errors on outputs', () => {
    const s = section(
      { message_matcher: 'TRUE', address: 'a', buffering: { full_action: 'panic', max_file_size: '1MB' } },
      'o',
      'TcpOutput',
    );
    expect(bad(s, 'output', OUTPUT)).toEqual([
      ['buffering.max_file_size', 'must be an integer, got string "1MB"'],
      ['buffering.full_action', 'must be one of "shutdown", "drop", "block", got string "panic"'],
    ]);
  });

  it('checks that the type name agrees with the kind', () => {
    expect(bad(section({}, 'x', 'TcpOutput'), 'input', TCP_INPUT)).toEqual([
      ['type', "'TcpOutput' is not an input type: input type names end in 'Input'"],
    ]);
    expect(bad(section({}, 'Input', 'Input'), 'input', TCP_INPUT)[0]?.[0]).toBe('type');
  });

  it('requires a message_matcher for filters and outputs', () => {
    const missing =
      '\'f\' missing message matcher: set message_matcher to say which messages it receives (e.g. "TRUE")';
    expect(bad(section({}, 'f', 'StatFilter'), 'filter', NONE)).toEqual([['message_matcher', missing]]);
    expect(bad(section({ message_matcher: '' }, 'f', 'StatFilter'), 'filter', NONE)).toEqual([
      ['message_matcher', missing],
    ]);
    expect(bad(section({ address: 'a' }, 'o', 'TcpOutput'), 'output', OUTPUT)[0]?.[1]).toContain(
      "'o' missing message matcher",
    );
    expect(bad(section({ message_matcher: 5 }, 'f', 'StatFilter'), 'filter', NONE)).toEqual([
      ['message_matcher', 'must be a string, got integer 5'],
    ]);
  });

  it('reports matcher syntax errors with their column', () => {
    const problems = bad(section({ message_matcher: "Type == 'x' &&" }, 'f', 'StatFilter'), 'filter', NONE);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.[0]).toBe('message_matcher');
    expect(problems[0]?.[1]).toMatch(/^syntax error at column 15: .+ \(in "Type == 'x' &&"\)$/);
    const col = bad(section({ message_matcher: 'Typo == 1' }, 'f', 'StatFilter'), 'filter', NONE)[0]?.[1];
    expect(col).toMatch(/^syntax error at column 1: /);
  });

  it('reports several problems of one section together', () => {
    const problems = bad(
      section({ message_matcher: 'Type ==', bogus: 1, path: 5 }, 'o', 'FileOutput'),
      'output',
      OUTPUT,
    );
    expect(problems.map(([key]) => key)).toEqual(['address', 'bogus', 'path', 'message_matcher']);
  });

  it('reports a plugin schema that ajv strict mode refuses', () => {
    const broken = { type: 'object', properties: { n: { type: 'integer', minimun: 1 } } } as unknown as ConfigSchema;
    const [[key, message] = []] = bad(section({}), 'input', broken);
    expect(key).toBeUndefined();
    expect(message).toMatch(
      /^the TcpInput plugin is broken: its config schema is invalid: strict mode: unknown keyword: "minimun"/,
    );
  });
});

describe('validateSection: TOML values', () => {
  async function loaded(body: string): Promise<PluginSection> {
    const dir = await tempDir({ 'a.toml': `[tcp]\ntype = "TcpInput"\n${body}\n` });
    const [s] = (await loadConfig(path.join(dir, 'a.toml'))).sections;
    if (!s) throw new Error('no section');
    return s;
  }

  it('turns TOML datetimes into ISO strings where a string is allowed', async () => {
    const s = await loaded('started = 1979-05-27T07:32:00-07:00\naddress = 1979-05-27\nlabel = "abc"');
    const r = validateSection(s, 'input', TCP_INPUT);
    expect(r.problems).toEqual([]);
    expect(r.resolved?.own).toMatchObject({ started: '1979-05-27T14:32:00.000Z', address: '1979-05-27' });
  });

  it('rejects TOML datetimes elsewhere with a clear message', async () => {
    const s = await loaded('keep_alive_period = 1979-05-27T07:32:00Z');
    expect(validateSection(s, 'input', TCP_INPUT).problems).toEqual([
      {
        file: s.file,
        section: 'tcp',
        key: 'keep_alive_period',
        line: 1,
        message:
          'must be an integer, got TOML datetime 1979-05-27T07:32:00.000Z (a TOML datetime is only accepted where a string is)',
      },
    ]);
  });

  it('rejects integers beyond JavaScript’s safe range', async () => {
    const s = await loaded('keep_alive_period = 9223372036854775807\nservers = [{ port = -9007199254740993 }]');
    expect(validateSection(s, 'input', TCP_INPUT).problems.map((p) => [p.key, p.message])).toEqual([
      ['keep_alive_period', 'integer 9223372036854775807 is too large (the limit is ±9007199254740991)'],
      ['servers[0].port', 'integer -9007199254740993 is too large (the limit is ±9007199254740991)'],
    ]);
  });
});

describe('mergeSchema', () => {
  it('is one strict object schema of common and own keys', () => {
    const { schema, mistakes } = mergeSchema('output', OUTPUT, { encoder: 'ProtobufEncoder', use_framing: 'protobuf' });
    expect(mistakes).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['address']);
    expect(Object.keys(schema.properties ?? {})).toEqual([
      'type',
      'message_matcher',
      'message_signer',
      'ticker_interval',
      'can_exit',
      'retries',
      'encoder',
      'use_framing',
      'use_buffering',
      'buffering',
      'address',
      'path',
    ]);
    expect(schema.properties?.encoder?.default).toBe('ProtobufEncoder');
    expect(schema.properties?.use_framing?.default).toBeUndefined();
  });
});
