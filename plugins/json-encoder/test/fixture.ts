/** Test messages and helpers shared by this package's tests. */
import { type EncodeResult, type EncoderInstance, Message } from '@heka/core';
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
      { name: 'tiny', valueType: 'double', value: [1e-7, 1.5e300, -0.5, 1234567] },
      { name: 'ctl', value: 'a\u0001b\u2028c</script>&\u007f/é' },
      { name: 'dup', value: 'one' },
      { name: 'dup', valueType: 'integer', value: -2 },
    ],
  });
}

export async function encoder(table: Record<string, unknown> = {}): Promise<EncoderInstance> {
  const section = resolveSection(plugin, 'json', table);
  return (await plugin.create(section.own as never, pluginContext(plugin))) as EncoderInstance;
}

/** An encoder's result as text (it returns UTF-8 bytes). */
export function text(r: EncodeResult): string {
  return typeof r === 'string' ? r : Buffer.from(r as Uint8Array).toString();
}

export async function encode(table: Record<string, unknown>, m: Message): Promise<string> {
  return text((await encoder(table)).encode(m, pluginContext(plugin)));
}
