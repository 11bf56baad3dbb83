/** Test messages and helpers shared by this package's tests. */
import { type EncoderInstance, Message } from '@heka/core';
import { pluginContext, resolveSection } from '@heka/testkit';
import plugin from '../src/index.js';

export const hex = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

/** Every header set and awkward field values (2024-03-09T07:05:03.123456789Z). */
export function messageA(): Message {
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

/** An encoder made from TOML-style keys, validated and defaulted as hekad does. */
export async function encoder(table: Record<string, unknown> = {}): Promise<EncoderInstance> {
  const section = resolveSection(plugin, 'es', table);
  return (await plugin.create(section.own as never, pluginContext(plugin))) as EncoderInstance;
}

export async function encode(table: Record<string, unknown>, m: Message): Promise<string> {
  const e = await encoder(table);
  return Buffer.from(e.encode(m, pluginContext(plugin)) as Uint8Array).toString('utf8');
}
