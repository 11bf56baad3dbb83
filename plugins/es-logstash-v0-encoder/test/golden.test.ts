// Expected bytes were produced by Heka's own ESLogstashV0Encoder (plugins/elasticsearch) run on these
// messages and configs.
import { Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { encode, encoder, messageA } from './fixture.js';

const fromTimestamp = { es_index_from_timestamp: true };

describe('ESLogstashV0Encoder output (as Heka writes it)', () => {
  it('with the default options', async () => {
    expect(await encode(fromTimestamp, messageA())).toBe(
      '{"index":{"_index":"logstash-2024.03.09","_type":"message"}}\n' +
        '{"@uuid":"f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f","@timestamp":"2024-03-09T07:05:03","@type":"message",' +
        '"@logger":"nginx-edge","@severity":5,"@message":"GET /cart?item=7&qty=2 <200> \\u0022ok\\u0022\\u0009done\\u005c",' +
        '"@envversion":"1.2","@pid":4321,"@source_host":"Edge-07.Example.NET","@fields":{"http.status":200,' +
        '"tags":["blue","green"],"ratio":0.25,"big":9007199254740993,"flags":[true,false,true],"blob":"h\ufffdi",' +
        '"blobs":["YWI=","Y/5k"],"json_raw":"{\\u0022k\\u0022:[1,2]}","tiny":[1e-07,1.5e+300,-0.5,1.234567e+06],' +
        '"ctl":"a\\u0001b\u2028c</script>&\u007f/é","dup":"one","dup":-2,"section":"Checkout Ü"}}\n',
    );
  });

  it('with the options changed', async () => {
    const table = {
      ...fromTimestamp,
      type_name: '%{Type}-%{Logger}',
      fields: ['Hostname', 'DynamicFields', 'type', 'Payload'],
      dynamic_fields: ['blob', 'json_raw', 'http.status'],
      raw_bytes_fields: ['json_raw'],
      replace_dots_with: '',
      timestamp: '%F %T.%f',
      id: '%{section}',
    };
    expect(await encode(table, messageA())).toBe(
      '{"index":{"_index":"logstash-2024.03.09","_type":"web.access-nginx-edge","_id":"Checkout Ü"}}\n' +
        '{"@source_host":"Edge-07.Example.NET","@fields":{"httpstatus":200,"blob":"h\ufffdi","json_raw":{"k":[1,2]}},' +
        '"@type":"web.access-nginx-edge","@message":"GET /cart?item=7&qty=2 <200> \\u0022ok\\u0022\\u0009done\\u005c"}\n',
    );
  });

  it("use_message_type: @type is the message's Type; @fields is written even when empty", async () => {
    const table = { ...fromTimestamp, use_message_type: true, fields: ['Type', 'Fields'], dynamic_fields: ['none'] };
    expect(await encode(table, messageA())).toBe(
      '{"index":{"_index":"logstash-2024.03.09","_type":"message"}}\n{"@type":"web.access","@fields":{}}\n',
    );
  });

  it('an interpolated type that comes out empty falls back to type_name as written', async () => {
    const out = await encode({ type_name: '%{Type}', fields: ['Type'] }, Message.empty());
    expect(out).toMatch(
      /^\{"index":\{"_index":"logstash-\d{4}\.\d\d\.\d\d","_type":""\}\}\n\{"@type":"%\{Type\}"\}\n$/,
    );
  });

  it('an empty type_name means the message Type', async () => {
    expect((await encode({ type_name: '', fields: ['Type'] }, messageA())).split('\n')[1]).toBe(
      '{"@type":"web.access"}',
    );
  });

  it('writes an empty message with Heka defaults', async () => {
    const doc = (await encode({}, Message.empty())).split('\n')[1];
    expect(doc).toBe(
      '{"@uuid":"","@timestamp":"1970-01-01T00:00:00","@type":"message","@logger":"","@severity":7,"@message":"",' +
        '"@envversion":"","@pid":0,"@source_host":"","@fields":{}}',
    );
  });

  it('fails to encode a message whose type cannot be interpolated, as Heka does', async () => {
    const e = await encoder({ type_name: '%{nosuch}', fields: ['Type'] });
    expect(() => e.encode(messageA(), undefined as never)).toThrow(
      'Could not interpolate field from config: %{nosuch}',
    );
    // The same encoder goes on with the next message.
    const ok = messageA();
    ok.addField({ name: 'nosuch', value: 'found' });
    expect(Buffer.from(e.encode(ok, undefined as never) as Uint8Array).toString()).toContain('{"@type":"found"}');
  });
});

describe('ESLogstashV0Encoder options', () => {
  it('strftime placeholders default to the time of encoding', async () => {
    const action = JSON.parse((await encode({}, messageA())).split('\n')[0] as string);
    expect(action.index._index).toMatch(new RegExp(`^logstash-${new Date().getUTCFullYear()}\\.\\d\\d\\.\\d\\d$`));
  });

  it('raw_bytes_fields and replace_dots_with apply inside @fields', async () => {
    const m = new Message({ fields: [{ name: 'a.b', valueType: 'bytes', value: new TextEncoder().encode('[1]') }] });
    const table = { fields: ['Fields'], raw_bytes_fields: ['a.b'], replace_dots_with: '->' };
    expect((await encode(table, m)).split('\n')[1]).toBe('{"@fields":{"a->b":[1]}}');
  });
});
