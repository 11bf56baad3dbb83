// %{...} interpolation and the bulk action line. Expected action lines were produced by Heka's own
// ElasticSearch encoder code run on these messages.
import { Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { ByteWriter, Coordinates, fieldText, Template } from '../src/index.js';

const message = () =>
  new Message({
    uuid: 'f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f',
    timestamp: 1709967903123456789n, // 2024-03-09T07:05:03.123456789Z
    type: 'web.access',
    logger: 'nginx-edge',
    severity: 5,
    envVersion: '1.2',
    pid: 4321,
    hostname: 'Edge-07.Example.NET',
    fields: [
      { name: 'shard', value: 'eu-2' },
      { name: 'tags', value: ['blue', 'green'] },
      { name: 'ratio', valueType: 'double', value: 0.25 },
      { name: 'status', valueType: 'integer', value: 200 },
      { name: 'flag', value: true },
      { name: 'raw', valueType: 'bytes', value: new Uint8Array([0x6f, 0xff, 0x6b]) },
      { name: 'empty', valueType: 'string', value: [] },
      { name: 'section', value: 'Checkout Ü' },
    ],
  });

const fromMessage = { fromMessage: true };
const run = (template: string, m = message()) => new Template(template, fromMessage).interpolate(m);

describe('Template', () => {
  it('fills in headers, fields and strftime formats', () => {
    expect(run('app-%{Pid}-%{shard}-%{%Y.%m.%d}')).toEqual({ value: 'app-4321-eu-2-2024.03.09', ok: true });
    expect(run('%{Type}|%{Hostname}|%{UUID}|%{Logger}|%{EnvVersion}|%{Severity}')).toEqual({
      value: 'web.access|Edge-07.Example.NET|f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f|nginx-edge|1.2|5',
      ok: true,
    });
  });
  it('uses the first value of the first field of that name', () => {
    expect(run('%{tags}').value).toBe('blue');
  });
  it('reports a placeholder that names nothing (its result is just its name)', () => {
    expect(run('%{missing}')).toEqual({ value: 'missing', ok: false });
    expect(run('%{missing}-x')).toEqual({ value: 'missing-x', ok: true });
  });
  it('header names are case-sensitive and only those seven: Payload and Uuid are field names', () => {
    expect(run('%{type}|%{Payload}|%{Uuid}').value).toBe('type|Payload|Uuid');
  });
  it('keeps Heka quirks: a "}" before any "%{", and repeated "<name>}" in one piece', () => {
    expect(run('pre}fix-%{tags}-%{tags}-%{Type}Type}').value).toBe('prefix-blue-blue-web.accessweb.access');
    expect(run('no placeholders').value).toBe('no placeholders');
    expect(new Template('no placeholders', fromMessage).constant).toBe(true);
    expect(new Template('a}b', fromMessage).constant).toBe(false);
  });
  it('renders non-string fields instead of failing (Heka panics on them)', () => {
    expect(run('%{ratio}/%{status}/%{flag}/%{raw}/%{empty}').value).toBe('0.25/200/true/o\ufffdk/');
  });
  it('takes strftime time from now unless told to use the message timestamp', () => {
    const year = String(new Date().getUTCFullYear());
    const now = new Template('%{%Y}', { fromMessage: false }).interpolate(message());
    expect([year, String(Number(year) + 1)]).toContain(now.value);
    // A message without a timestamp uses now even with fromMessage.
    expect([year, String(Number(year) + 1)]).toContain(run('%{%Y}', Message.empty()).value);
  });
});

describe('fieldText', () => {
  it('is "" for a field without values', () => {
    const f = message().getField('empty');
    expect(f && fieldText(f)).toBe('');
  });
});

describe('Coordinates', () => {
  const line = (config: Partial<ConstructorParameters<typeof Coordinates>[0]>, m = message()) => {
    const c = new Coordinates({
      index: 'heka-%{%Y.%m.%d}',
      typeName: 'message',
      id: '',
      esIndexFromTimestamp: true,
      ...config,
    });
    const w = new ByteWriter();
    c.write(m, w);
    return Buffer.from(w.finish()).toString('utf8');
  };

  it('writes index and type', () => {
    expect(line({})).toBe('{"index":{"_index":"heka-2024.03.09","_type":"message"}}');
  });
  it('lower-cases the index only, and Go-quotes every value', () => {
    expect(
      line({
        index: '%{Logger}-%{Type}-%{%Y.%m}-%{section}',
        typeName: '%{Hostname}',
        id: '%{UUID}/%{Pid}/%{Severity}/%{EnvVersion}',
      }),
    ).toBe(
      '{"index":{"_index":"nginx-edge-web.access-2024.03-checkout ü","_type":"Edge-07.Example.NET",' +
        '"_id":"f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f/4321/5/1.2"}}',
    );
    const odd = new Message({ type: 'tab\there "q"' });
    expect(line({ index: 'X', typeName: '%{Type}' }, odd)).toBe(
      '{"index":{"_index":"x","_type":"tab\\there \\"q\\""}}',
    );
  });
  it('leaves the id out when it cannot be interpolated, but keeps whatever index and type give', () => {
    expect(line({ index: '%{nosuch}', typeName: '%{nosuch}x', id: '%{nosuch}' })).toBe(
      '{"index":{"_index":"nosuch","_type":"nosuchx"}}',
    );
    expect(line({ index: 'pre}fix-%{tags}-%{tags}-%{Type}Type}', typeName: '%{tags}', id: '%{Type}' })).toBe(
      '{"index":{"_index":"prefix-blue-blue-web.accessweb.access","_type":"blue","_id":"web.access"}}',
    );
  });
  it('writes a constant id as is', () => {
    expect(line({ id: 'fixed-1' })).toBe('{"index":{"_index":"heka-2024.03.09","_type":"message","_id":"fixed-1"}}');
  });
});
