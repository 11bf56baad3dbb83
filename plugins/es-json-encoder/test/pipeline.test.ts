import { encodedOutput, messageInput, startTestPipeline } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';
import { messageA } from './fixture.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

it('writes ElasticSearch bulk lines for every matched message', async () => {
  const out: Buffer[] = [];
  const other = messageA();
  other.type = 'other';
  const p = await startTestPipeline({
    sections: {
      feed: { definition: messageInput(() => [messageA(), other, messageA()]) },
      ESJsonEncoder: {
        definition: plugin,
        config: { index: '%{Logger}-%{%Y}', es_index_from_timestamp: true, id: '%{UUID}', fields: ['Type', 'Fields'] },
      },
      bulk: {
        definition: encodedOutput(out),
        config: { message_matcher: "Type == 'web.access'", encoder: 'ESJsonEncoder' },
      },
    },
    capture: null,
  });
  try {
    await until(() => out.length >= 2);
    await new Promise((r) => setTimeout(r, 50));
    expect(out).toHaveLength(2);
    const lines = Buffer.concat(out).toString('utf8').split('\n');
    expect(lines).toHaveLength(5);
    expect(JSON.parse(lines[0] as string)).toEqual({
      index: { _index: 'nginx-edge-2024', _type: 'message', _id: 'f0e1d2c3-b4a5-4697-8879-6a5b4c3d2e1f' },
    });
    const doc = JSON.parse(lines[1] as string);
    expect(doc.Type).toBe('web.access');
    expect(doc['http.status']).toBe(200);
    expect(lines[2]).toBe(lines[0]);
    expect(lines[4]).toBe('');
  } finally {
    await p.stop();
  }
  expect(p.fatal).toBeUndefined();
});

it('refuses to start with a bad fields list, naming the encoder', async () => {
  await expect(
    startTestPipeline({
      sections: {
        feed: { definition: messageInput(() => []) },
        ESJsonEncoder: { definition: plugin, config: { fields: ['Payload', 'Nope'] } },
        bulk: { definition: encodedOutput([]), config: { message_matcher: 'TRUE', encoder: 'ESJsonEncoder' } },
      },
      capture: null,
    }),
  ).rejects.toThrow(/ESJsonEncoder.*Unsupported value "Nope" in 'fields' list/s);
});
