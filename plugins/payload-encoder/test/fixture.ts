/** Test messages and helpers shared by this package's tests. */
import { type EncoderInstance, Message } from '@heka/core';
import { pluginContext, resolveSection } from '@heka/testkit';
import plugin from '../src/index.js';

/** 2024-03-09T07:05:03.123456789Z. */
export function messageA(): Message {
  return new Message({
    timestamp: 1709967903123456789n,
    type: 'web.access',
    payload: 'GET /cart?item=7&qty=2 <200> "ok"\tdone\\',
  });
}

export async function encoder(table: Record<string, unknown> = {}): Promise<EncoderInstance> {
  const section = resolveSection(plugin, 'payload', table);
  return (await plugin.create(section.own as never, pluginContext(plugin))) as EncoderInstance;
}

export async function encode(table: Record<string, unknown>, m: Message): Promise<string> {
  const r = (await encoder(table)).encode(m, pluginContext(plugin));
  return typeof r === 'string' ? r : Buffer.from(r as Uint8Array).toString();
}
