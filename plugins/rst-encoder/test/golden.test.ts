// Expected text was produced by Heka's own RstEncoder run on these messages.
import { Message } from '@heka/core';
import { pluginContext, resolveSection } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

async function encode(m: Message): Promise<string> {
  const e = await plugin.create(resolveSection(plugin, 'rst', {}).own as never, pluginContext(plugin));
  return e.encode(m, pluginContext(plugin)) as string;
}

describe('RstEncoder (as Heka writes it)', () => {
  it('renders every header and field', async () => {
    const m = new Message({
      uuid: 'f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f',
      timestamp: 1709967903123456789n,
      type: 'web.access',
      logger: 'nginx-edge',
      severity: 5,
      payload: 'GET /cart?item=7&qty=2 <200> "ok"\tdone\\',
      envVersion: '1.2',
      pid: 4321,
      hostname: 'Edge-07.Example.NET',
      fields: [
        { name: 'http.status', valueType: 'integer', representation: 'code', value: 200 },
        { name: 'tags', value: ['blue', 'green'] },
        { name: 'ratio', valueType: 'double', value: 0.25 },
        { name: 'big', valueType: 'integer', value: 9007199254740993n },
        { name: 'flags', value: [true, false, true] },
        { name: 'blob', valueType: 'bytes', value: hex('68ff69') },
        { name: 'blobs', valueType: 'bytes', value: [hex('6162'), hex('63fe64')] },
        { name: 'json_raw', value: '{"k":[1,2]}' },
        { name: 'tiny', valueType: 'double', value: [1e-7, 1.5e300, -0.5, 1234567] },
        { name: 'ctl', value: 'a\u0001b\u2028c</script>&\u007f/é' },
        { name: 'dup', value: 'one' },
        { name: 'dup', valueType: 'integer', value: -2 },
        { name: 'section', value: 'Checkout Ü' },
      ],
    });
    expect(await encode(m)).toBe(
      '\n:Timestamp: 2024-03-09 07:05:03.123456789 +0000 UTC\n:Type: web.access\n:Hostname: Edge-07.Example.NET\n' +
        ':Pid: 4321\n:Uuid: f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f\n:Logger: nginx-edge\n' +
        ':Payload: GET /cart?item=7&qty=2 <200> "ok"\tdone\\\n:EnvVersion: 1.2\n:Severity: 5\n:Fields:\n' +
        '    | name:"http.status" type:integer value:200 representation:"code"\n' +
        '    | name:"tags" type:string value:["blue","green"]\n' +
        '    | name:"ratio" type:double value:0.25\n' +
        '    | name:"big" type:integer value:9007199254740993\n' +
        '    | name:"flags" type:bool value:[true,false,true]\n' +
        '    | name:"blob" type:bytes value:aP9p\n' +
        '    | name:"blobs" type:bytes value:[YWI=,Y/5k]\n' +
        '    | name:"json_raw" type:string value:"{"k":[1,2]}"\n' +
        '    | name:"tiny" type:double value:[1e-07,1.5e+300,-0.5,1.234567e+06]\n' +
        '    | name:"ctl" type:string value:"a\u0001b\u2028c</script>&\u007f/é"\n' +
        '    | name:"dup" type:string value:"one"\n' +
        '    | name:"dup" type:integer value:-2\n' +
        '    | name:"section" type:string value:"Checkout Ü"\n\n',
    );
  });

  it('renders an empty message with Heka defaults and no Fields section', async () => {
    expect(await encode(Message.empty())).toBe(
      '\n:Timestamp: 1970-01-01 00:00:00 +0000 UTC\n:Type: \n:Hostname: \n:Pid: 0\n:Uuid: \n:Logger: \n:Payload: \n' +
        ':EnvVersion: \n:Severity: 7\n\n',
    );
  });

  it('renders a time before 1970, a field without values, and a whole double', async () => {
    const m = Message.empty();
    m.timestamp = -1500000001n;
    m.addField({ name: 'none', valueType: 'string', representation: 'unit', value: [] });
    m.addField({ name: 'one', valueType: 'bytes', value: [hex('000102')] });
    m.addField({ name: 'nan', valueType: 'double', value: 0 });
    expect(await encode(m)).toBe(
      '\n:Timestamp: 1969-12-31 23:59:58.499999999 +0000 UTC\n:Type: \n:Hostname: \n:Pid: 0\n:Uuid: \n:Logger: \n' +
        ':Payload: \n:EnvVersion: \n:Severity: 7\n:Fields:\n' +
        '    | name:"none" type:string value:[] representation:"unit"\n' +
        '    | name:"one" type:bytes value:AAEC\n' +
        '    | name:"nan" type:double value:0\n\n',
    );
  });

  it("trims the fraction of a second as Go's time.String does", async () => {
    const at = (ns: bigint) => encode(new Message({ timestamp: ns })).then((t) => t.split('\n')[1]);
    expect(await at(1709967903120000000n)).toBe(':Timestamp: 2024-03-09 07:05:03.12 +0000 UTC');
    expect(await at(1709967903000000001n)).toBe(':Timestamp: 2024-03-09 07:05:03.000000001 +0000 UTC');
    expect(await at(-9223372036854775808n)).toBe(':Timestamp: 1677-09-21 00:12:43.145224192 +0000 UTC');
    expect(await at(9223372036854775807n)).toBe(':Timestamp: 2262-04-11 23:47:16.854775807 +0000 UTC');
  });

  it('writes non-finite doubles and negative int32 headers as Go does', async () => {
    const m = new Message({
      timestamp: 0,
      pid: -1,
      severity: -3,
      fields: [{ name: 'd', valueType: 'double', value: [Number.NaN, Number.POSITIVE_INFINITY, -0] }],
    });
    const out = await encode(m);
    expect(out).toContain(':Pid: -1\n');
    expect(out).toContain(':Severity: -3\n');
    expect(out).toContain('    | name:"d" type:double value:[NaN,+Inf,-0]\n');
  });
});
