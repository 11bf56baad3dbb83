import { encodedOutput, messageInput, startTestPipeline } from '@heka/testkit';
import { expect, it } from 'vitest';
import plugin from '../src/index.js';
import { messageA } from './fixture.js';

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

it('writes Logstash v0 bulk lines for every matched message', async () => {
  const out: Buffer[] = [];
  const other = messageA();
  other.type = 'other';
  const p = await startTestPipeline({
    sections: {
      feed: { definition: messageInput(() => [messageA(), other, messageA()]) },
      ESLogstashV0Encoder: {
        definition: plugin,
        config: {
          index: '%{Logger}-%{%Y}',
          es_index_from_timestamp: true,
          type_name: '%{Type}',
          fields: ['Type', 'Fields'],
        },
      },
      bulk: {
        definition: encodedOutput(out),
        config: { message_matcher: "Type == 'web.access'", encoder: 'ESLogstashV0Encoder' },
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
    expect(JSON.parse(lines[0] as string)).toEqual({ index: { _index: 'nginx-edge-2024', _type: 'web.access' } });
    const doc = JSON.parse(lines[1] as string);
    expect(doc['@type']).toBe('web.access');
    expect(doc['@fields']['http.status']).toBe(200);
    expect(lines[3]).toBe(lines[1]);
  } finally {
    await p.stop();
  }
  expect(p.fatal).toBeUndefined();
});

it('counts a message whose @type cannot be interpolated as a failure and goes on', async () => {
  const out: Buffer[] = [];
  const good = messageA();
  good.addField({ name: 'kind', value: 'checkout' });
  const p = await startTestPipeline({
    sections: {
      feed: { definition: messageInput(() => [messageA(), good]) },
      ESLogstashV0Encoder: { definition: plugin, config: { type_name: '%{kind}', fields: ['Type'] } },
      bulk: { definition: encodedOutput(out), config: { message_matcher: 'TRUE', encoder: 'ESLogstashV0Encoder' } },
    },
    capture: null,
  });
  try {
    await until(() => out.length >= 1);
    const line = await p.waitForLog(/Could not interpolate field from config: %\{kind\}/);
    expect(line).toMatch(/bulk/);
    expect(out).toHaveLength(1);
    expect(Buffer.concat(out).toString().split('\n')[1]).toBe('{"@type":"checkout"}');
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
        ESLogstashV0Encoder: { definition: plugin, config: { fields: ['Payload', 'Nope'] } },
        bulk: { definition: encodedOutput([]), config: { message_matcher: 'TRUE', encoder: 'ESLogstashV0Encoder' } },
      },
      capture: null,
    }),
  ).rejects.toThrow(/ESLogstashV0Encoder.*Unsupported value "nope" in 'fields' list/s);
});
