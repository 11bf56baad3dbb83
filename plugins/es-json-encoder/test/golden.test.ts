// Expected bytes were produced by Heka's own ESJsonEncoder (plugins/elasticsearch) run on these
// messages and configs, so they pin Heka's exact output: member order, escaping, number formats.
import { Message } from '@heka/core';
import { pluginContext } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { encode, encoder, messageA } from './fixture.js';

const fromTimestamp = { es_index_from_timestamp: true };

describe('ESJsonEncoder output (as Heka writes it)', () => {
  it('with the default options', async () => {
    expect(await encode(fromTimestamp, messageA())).toBe(
      '{"index":{"_index":"heka-2024.03.09","_type":"message"}}\n' +
        '{"Uuid":"f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f","Timestamp":"2024-03-09T07:05:03","Type":"web.access",' +
        '"Logger":"nginx-edge","Severity":5,"Payload":"GET /cart?item=7&qty=2 <200> \\u0022ok\\u0022\\u0009done\\u005c",' +
        '"EnvVersion":"1.2","Pid":4321,"Hostname":"Edge-07.Example.NET","http.status":200,"tags":["blue","green"],' +
        '"ratio":0.25,"big":9007199254740993,"flags":[true,false,true],"blob":"h\ufffdi","blobs":["YWI=","Y/5k"],' +
        '"json_raw":"{\\u0022k\\u0022:[1,2]}","tiny":[1e-07,1.5e+300,-0.5,1.234567e+06],' +
        '"ctl":"a\\u0001b\u2028c</script>&\u007f/é","dup":"one","dup":-2,"section":"Checkout Ü"}\n',
    );
  });

  it('with every option changed', async () => {
    const e = await encoder({
      ...fromTimestamp,
      index: '%{Logger}-%{Type}-%{%Y.%m}-%{section}',
      type_name: '%{Hostname}',
      id: '%{UUID}/%{Pid}/%{Severity}/%{EnvVersion}',
      fields: ['payload', 'DynamicFields', 'SEVERITY', 'timestamp', 'Uuid'],
      dynamic_fields: ['tags', 'ratio', 'json_raw', 'blobs', 'http.status'],
      raw_bytes_fields: ['json_raw', 'blobs'],
      replace_dots_with: '__',
      timestamp: '%s.%f %z %Z|%C|%D|%e|%j|%k|%l|%r|%v|%y|%%|%Q|%',
      field_mappings: { Timestamp: '@ts', Uuid: 'id', Severity: 'level', Payload: 'msg', Hostname: 'host' },
    });
    const out = Buffer.from(e.encode(messageA(), pluginContext(plugin)) as Uint8Array);
    // Raw bytes go out verbatim, invalid UTF-8 (0xfe) included.
    const expected = Buffer.concat([
      Buffer.from(
        '{"index":{"_index":"nginx-edge-web.access-2024.03-checkout ü","_type":"Edge-07.Example.NET",' +
          '"_id":"f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f/4321/5/1.2"}}\n' +
          '{"msg":"GET /cart?item=7&qty=2 <200> \\u0022ok\\u0022\\u0009done\\u005c","http__status":200,' +
          '"tags":["blue","green"],"ratio":0.25,"blobs":[ab,c',
      ),
      Buffer.from([0xfe]),
      Buffer.from(
        'd],"json_raw":{"k":[1,2]},"level":5,' +
          '"@ts":"1709967903.123456 +0000 UTC|2024|03/09/24| 9|069| 7| 7|07:05:03 AM| 9-Mar-2024|24|%|%Q|%",' +
          '"id":"f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f"}\n',
      ),
    ]);
    expect(out.toString('hex')).toBe(expected.toString('hex'));
  });

  it('leaves the id out when its placeholder names nothing', async () => {
    const table = { ...fromTimestamp, index: '%{nosuch}', type_name: '%{nosuch}x', id: '%{nosuch}', fields: ['Type'] };
    expect(await encode(table, messageA())).toBe(
      '{"index":{"_index":"nosuch","_type":"nosuchx"}}\n{"Type":"web.access"}\n',
    );
  });

  it('writes an empty message with Heka defaults (and the index from now: it has no timestamp)', async () => {
    const out = await encode(fromTimestamp, Message.empty());
    const day = (d: Date) => d.toISOString().slice(0, 10).replaceAll('-', '.');
    const [action, doc] = out.split('\n');
    expect([`heka-${day(new Date())}`, `heka-${day(new Date(Date.now() - 60_000))}`]).toContain(
      JSON.parse(action as string).index._index,
    );
    expect(doc).toBe(
      '{"Uuid":"","Timestamp":"1970-01-01T00:00:00","Type":"","Logger":"","Severity":7,"Payload":"",' +
        '"EnvVersion":"","Pid":0,"Hostname":""}',
    );
  });

  it('defaults to the time of encoding for the index', async () => {
    const action = JSON.parse((await encode({}, messageA())).split('\n')[0] as string);
    expect(action.index._index).toMatch(new RegExp(`^heka-${new Date().getUTCFullYear()}\\.\\d\\d\\.\\d\\d$`));
  });
});

describe('ESJsonEncoder where Heka writes invalid JSON or panics', () => {
  it('puts commas between dynamic fields listed first (Heka omits them)', async () => {
    const table = { ...fromTimestamp, fields: ['DynamicFields', 'Pid'], dynamic_fields: ['tags', 'ratio'] };
    const doc = (await encode(table, messageA())).split('\n')[1] as string;
    expect(doc).toBe('{"tags":["blue","green"],"ratio":0.25,"Pid":4321}');
    expect(JSON.parse(doc)).toEqual({ tags: ['blue', 'green'], ratio: 0.25, Pid: 4321 });
  });

  it('interpolates a non-string field (Heka panics)', async () => {
    const out = await encode({ ...fromTimestamp, type_name: '%{ratio}-%{http.status}', fields: ['Pid'] }, messageA());
    expect(out).toBe('{"index":{"_index":"heka-2024.03.09","_type":"0.25-200"}}\n{"Pid":4321}\n');
  });

  it('writes a field without values as [] (Heka panics)', async () => {
    const m = new Message({ timestamp: 0, fields: [{ name: 'none', valueType: 'integer', value: [] }] });
    expect((await encode({ fields: ['DynamicFields'] }, m)).split('\n')[1]).toBe('{"none":[]}');
  });

  it('writes non-finite doubles as Go formats them, like Heka (not valid JSON)', async () => {
    const m = new Message({
      fields: [{ name: 'd', valueType: 'double', value: [Number.NaN, -0, Number.NEGATIVE_INFINITY] }],
    });
    expect((await encode({ fields: ['DynamicFields'] }, m)).split('\n')[1]).toBe('{"d":[NaN,-0,-Inf]}');
  });
});

describe('ESJsonEncoder options', () => {
  it('field_mappings: unlisted headers keep their own names', async () => {
    const doc = (
      await encode({ field_mappings: { Severity: 'level' }, fields: ['Severity', 'Pid'] }, messageA())
    ).split('\n')[1];
    expect(doc).toBe('{"level":5,"Pid":4321}');
  });

  it('dynamic_fields selects fields by name, every occurrence', async () => {
    const doc = (await encode({ fields: ['Fields'], dynamic_fields: ['dup', 'nope'] }, messageA())).split('\n')[1];
    expect(doc).toBe('{"dup":"one","dup":-2}');
  });

  it('raw_bytes_fields writes string values unquoted', async () => {
    const m = new Message({ fields: [{ name: 'j', value: ['{"a":1}', '[2]'] }] });
    const doc = (await encode({ fields: ['DynamicFields'], raw_bytes_fields: ['j'] }, m)).split('\n')[1];
    expect(JSON.parse(doc as string)).toEqual({ j: [{ a: 1 }, [2]] });
  });

  it('a document with no parts is {}', async () => {
    expect((await encode({ fields: [] }, messageA())).split('\n')[1]).toBe('{}');
  });

  it('ends each of its two lines with a newline', async () => {
    const out = await encode({}, messageA());
    expect(out.endsWith('}\n')).toBe(true);
    expect(out.split('\n')).toHaveLength(3);
  });
});
