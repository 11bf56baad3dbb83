import { Message, uuidToString } from '@heka/core';
import { messageInput, recordInput, startTestPipeline, wholeSplitter } from '@heka/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import scribble from '../src/index.js';

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

async function scribbled(messageFields: Record<string, unknown>, records: string[] = ['one line', 'two line']) {
  const p = await startTestPipeline({
    sections: {
      feeder: { definition: recordInput(records), config: { splitter: 'split', decoder: 'scribbler' } },
      split: { definition: wholeSplitter },
      scribbler: { definition: scribble, config: { message_fields: messageFields } },
    },
  });
  stop = () => p.stop();
  return p.waitFor(records.length);
}

describe('ScribbleDecoder in a pipeline', () => {
  it('sets every header it knows and adds string fields, on every message', async () => {
    const got = await scribbled({
      Type: 'scribbled',
      Logger: 'scribe',
      Hostname: 'host.example.com',
      Payload: 'replaced payload',
      Pid: '123.456',
      Severity: '2',
      Environment: 'production',
      'bytes|B': '1024',
    });
    for (const m of got) {
      expect(m.type).toBe('scribbled');
      expect(m.logger).toBe('scribe');
      expect(m.hostname).toBe('host.example.com');
      expect(m.payload).toBe('replaced payload');
      expect(m.pid).toBe(123); // Heka keeps what is before the first "."
      expect(m.severity).toBe(2);
      expect(m.getField('Environment')?.toJSON()).toEqual({
        name: 'Environment',
        valueType: 'string',
        representation: '',
        value: ['production'],
      });
      expect(m.getField('bytes')?.representation).toBe('B');
      expect(m.getFieldValue('bytes')).toBe('1024'); // always a string, as in Heka
    }
    expect(got.map((m) => m.uuidString)).not.toEqual([got[0]?.uuidString, got[0]?.uuidString]);
  });

  it('sets Uuid from 8-4-4-4-12 text, urn:uuid: text, or 16 bytes of text', async () => {
    const [a] = await scribbled({ Uuid: '6D2A9A3C-1F3E-4C8B-9D3A-000000000001' }, ['x']);
    expect(a?.uuidString).toBe('6d2a9a3c-1f3e-4c8b-9d3a-000000000001');
    await stop?.();
    const [b] = await scribbled({ Uuid: 'urn:uuid:6d2a9a3c-1f3e-4c8b-9d3a-000000000002' }, ['x']);
    expect(b?.uuidString).toBe('6d2a9a3c-1f3e-4c8b-9d3a-000000000002');
    await stop?.();
    const [c] = await scribbled({ Uuid: 'sixteen bytes!!!' }, ['x']);
    expect(uuidToString(c?.uuid ?? new Uint8Array())).toBe('73697874-6565-6e20-6279-746573212121');
  });

  it('treats Timestamp, EnvVersion and a header name with a representation as fields', async () => {
    const [m] = await scribbled({ Timestamp: '2015', EnvVersion: '1', 'Payload|json': '{}' }, ['keep me']);
    expect(m?.getFieldValue('Timestamp')).toBe('2015');
    expect(m?.getFieldValue('EnvVersion')).toBe('1');
    expect(m?.getField('Payload')?.representation).toBe('json');
    expect(m?.payload).toBe('keep me');
    expect(m?.envVersion).toBe('');
  });

  it('with no message_fields passes messages through unchanged', async () => {
    const p = await startTestPipeline({
      sections: {
        feeder: {
          definition: messageInput(() => [
            new Message({ type: 't', payload: 'p', fields: [{ name: 'f', value: 1n }] }),
          ]),
          config: { decoder: 'scribbler' },
        },
        scribbler: { definition: scribble },
      },
    });
    stop = () => p.stop();
    const [m] = await p.waitFor(1);
    expect(m?.toJSON()).toMatchObject({ type: 't', payload: 'p', fields: [{ name: 'f', value: [1] }] });
  });

  it('refuses values that cannot be a Pid, Severity or Uuid when it starts, naming the key', async () => {
    const start = (fields: Record<string, unknown>) =>
      startTestPipeline({
        sections: {
          feeder: { definition: recordInput([]), config: { splitter: 'split', decoder: 'scribbler' } },
          split: { definition: wholeSplitter },
          scribbler: { definition: scribble, config: { message_fields: fields } },
        },
      });
    await expect(start({ Pid: 'abc' })).rejects.toThrow(
      /message_fields\.Pid: strconv\.ParseInt: parsing "abc": invalid syntax/,
    );
    await expect(start({ Severity: '99999999999' })).rejects.toThrow(/message_fields\.Severity: .*value out of range/);
    await expect(start({ Uuid: 'not-a-uuid' })).rejects.toThrow(/message_fields\.Uuid: Invalid UUID string/);
    await expect(start({ Pid: 123 })).rejects.toThrow(/message_fields\.Pid/);
  });
});
