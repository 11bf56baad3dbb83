// The expected bytes of the full message were produced by Heka's own Go code (gogo-protobuf Marshal)
// for the same message.
import { decodeMessage, Message } from '@heka/core';
import { pluginContext, resolveSection } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';

const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));
const toHex = (b: unknown): string => Buffer.from(b as Uint8Array).toString('hex');

async function encoder() {
  return plugin.create(resolveSection(plugin, 'pb', {}).own as never, pluginContext(plugin));
}

const HEKA_BYTES =
  '0a10f0e1d2c3b4a5469788796a5b4c3d2e1f109586f997f8d7c1dd171a0a7765622e616363657373220a6e67696e782d65646765' +
  '28053227474554202f636172743f6974656d3d37267174793d32203c3230303e20226f6b2209646f6e655c3a03312e3240e121' +
  '4a13456467652d30372e4578616d706c652e4e455452190a0b687474702e73746174757310021a04636f64653202c80152170a' +
  '047461677310001a002204626c75652205677265656e52150a05726174696f10031a003a08000000000000d03f52130a036269' +
  '6710021a003208818080808080801052100a05666c61677310041a004203010001520f0a04626c6f6210011a002a0368ff6952' +
  '140a05626c6f627310011a002a0261622a0363fe64521b0a086a736f6e5f72617710001a00220b7b226b223a5b312c325d7d52' +
  '2c0a0474696e7910031a003a2048afbc9af2d77a3e355800662deb417e000000000000e0bf0000000087d6324152200a036374' +
  '6c10001a002215610162e280a8633c2f7363726970743e267f2fc3a9520e0a0364757010001a0022036f6e6552150a03647570' +
  '10021a00320afeffffffffffffffff01521a0a0773656374696f6e10001a00220b436865636b6f757420c39c';

function messageA(): Message {
  return new Message({
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
}

describe('ProtobufEncoder', () => {
  it("writes a built message exactly as Heka's marshaller does", async () => {
    const e = await encoder();
    expect(toHex(e.encode(messageA(), pluginContext(plugin)))).toBe(HEKA_BYTES);
  });

  it('writes a decoded, unchanged message as the very bytes it came in', async () => {
    const e = await encoder();
    // Not how Heka would write it: a single unpacked integer (as Lua sandboxes write), no value_type
    // for a string, and an unknown field 99 at the end. Unchanged, it goes out untouched.
    const odd = hex('10e807' + '1a0474797065' + '52070a016e10023005' + '520a0a01731a002203616263' + '9a060178');
    const m = decodeMessage(odd);
    expect(m.type).toBe('type');
    expect(toHex(e.encode(m, pluginContext(plugin)))).toBe(toHex(odd));
  });

  it('re-encodes a decoded message once it was changed', async () => {
    const e = await encoder();
    const m = decodeMessage(hex(HEKA_BYTES));
    m.severity = 2;
    const out = decodeMessage(e.encode(m, pluginContext(plugin)) as Uint8Array);
    expect(out.severity).toBe(2);
    expect(out.toJSON()).toEqual({ ...messageA().toJSON(), severity: 2 });
  });

  it('writes an empty message as no bytes at all', async () => {
    const e = await encoder();
    expect(toHex(e.encode(Message.empty(), pluginContext(plugin)))).toBe('');
  });
});
