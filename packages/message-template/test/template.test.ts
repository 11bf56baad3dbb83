import { Message, uuidToString } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { MessageTemplate } from '../src/index.js';

/** Capture names of `^(?P<host>\S+) (\d+) (?P<word>\w+)?(?P<rest>.*)$` as PayloadRegexDecoder passes them. */
const GROUPS = new Map([
  ['host', 1],
  ['2', 2],
  ['word', 3],
  ['rest', 4],
]);
const match = (text: string) =>
  /^(\S+) (\d+) (\w+)?(.*)$/.exec(text) ?? expect.fail(`no match for ${JSON.stringify(text)}`);

const fieldsOf = (m: Message) => m.fields.map((f) => [f.name, f.representation, ...f.value]);

describe('MessageTemplate with captures (PayloadRegexDecoder)', () => {
  it('interpolates %name% and group numbers, and writes <name> for what is not a capture', () => {
    const t = new MessageTemplate(
      {
        Hostname: '%host%',
        Pid: '%2%.9',
        Note: '%word% / %rest% / %nope% / 100% done',
        'Size|B': '%2%',
      },
      GROUPS,
    );
    const m = new Message({ payload: 'x' });
    t.apply(m, match('web-1 42 hello world'));
    expect(m.hostname).toBe('web-1');
    expect(m.pid).toBe(42);
    expect(fieldsOf(m)).toEqual([
      ['Note', '', 'hello /  world / <nope> / 100% done'],
      ['Size', 'B', '42'],
    ]);
  });

  it('reads a group that took no part in the match as ""', () => {
    const t = new MessageTemplate({ w: '[%word%]', Logger: '%word%' }, GROUPS);
    const m = new Message({ logger: 'before' });
    t.apply(m, match('h 1 '));
    expect(m.logger).toBe('');
    expect(m.getFieldValue('w')).toBe('[]');
  });

  it('builds new fields per message and appends them after the ones the message has', () => {
    const t = new MessageTemplate({ host: '%host%', fixed: 'same' }, GROUPS);
    const a = new Message({ fields: [{ name: 'first', value: 1n }] });
    const b = new Message();
    t.apply(a, match('a 1 x'));
    t.apply(b, match('b 2 y'));
    expect(fieldsOf(a)).toEqual([
      ['first', '', 1],
      ['host', '', 'a'],
      ['fixed', '', 'same'],
    ]);
    expect(fieldsOf(b)).toEqual([
      ['host', '', 'b'],
      ['fixed', '', 'same'],
    ]);
  });

  it('fails the message, naming the key, when a capture cannot be a Pid, Severity or Uuid', () => {
    const t = new MessageTemplate({ Severity: '%word%' }, GROUPS);
    expect(() => t.apply(new Message(), match('h 1 abc'))).toThrow(
      'message_fields.Severity: strconv.ParseInt: parsing "abc": invalid syntax',
    );
    const m = new Message();
    t.apply(m, match('h 1 7'));
    expect(m.severity).toBe(7);
  });

  it('fails each message (not its creation) for a fixed value that cannot be converted, as Heka', () => {
    const t = new MessageTemplate({ Uuid: 'not-a-uuid', f: 'v' }, GROUPS);
    for (let i = 0; i < 2; i++) {
      const m = new Message();
      expect(() => t.apply(m, match('h 1 x'))).toThrow('message_fields.Uuid: Invalid UUID string.');
      expect(m.fields).toEqual([]);
    }
  });

  it('takes a capture that looks like a uuid, in every form Heka takes', () => {
    const t = new MessageTemplate({ Uuid: '%rest%' }, new Map([['rest', 1]]));
    const uuid = (text: string) => {
      const m = new Message();
      t.apply(m, [text, text]);
      return uuidToString(m.uuid);
    };
    expect(uuid('6D2A9A3C-1F3E-4C8B-9D3A-000000000001')).toBe('6d2a9a3c-1f3e-4c8b-9d3a-000000000001');
    expect(uuid('URN:UUID:6d2a9a3c-1f3e-4c8b-9d3a-000000000002')).toBe('6d2a9a3c-1f3e-4c8b-9d3a-000000000002');
    expect(uuid('sixteen bytes!!!')).toBe('73697874-6565-6e20-6279-746573212121');
    expect(uuid('fourteen é!!!!!')).toBe('666f7572-7465-656e-20c3-a92121212121'); // 16 bytes of UTF-8
  });
});

describe('MessageTemplate with values as written (ScribbleDecoder)', () => {
  it('sets every header and adds string fields, leaving %name% alone', () => {
    const t = new MessageTemplate({
      Type: 'scribbled %host%',
      Logger: 'scribe',
      Hostname: 'h.example',
      Payload: 'p',
      Pid: '123.456',
      Severity: '-2',
      Uuid: 'urn:uuid:6d2a9a3c-1f3e-4c8b-9d3a-000000000003',
      Timestamp: '2015',
      EnvVersion: '1',
      'Payload|json': '{}',
      '': 'empty name',
    });
    const m = new Message();
    t.apply(m);
    expect(m.toJSON()).toMatchObject({
      type: 'scribbled %host%',
      logger: 'scribe',
      hostname: 'h.example',
      payload: 'p',
      pid: 123,
      severity: -2,
    });
    expect(m.envVersion).toBe('');
    expect(m.uuidString).toBe('6d2a9a3c-1f3e-4c8b-9d3a-000000000003');
    expect(fieldsOf(m)).toEqual([
      ['Timestamp', '', '2015'],
      ['EnvVersion', '', '1'],
      ['Payload', 'json', '{}'],
      ['', '', 'empty name'],
    ]);
  });

  it('refuses a Pid, Severity or Uuid that cannot be converted when it is made, naming the key', () => {
    expect(() => new MessageTemplate({ Pid: 'abc' })).toThrow(
      'message_fields.Pid: strconv.ParseInt: parsing "abc": invalid syntax',
    );
    expect(() => new MessageTemplate({ Severity: '2147483648' })).toThrow(
      'message_fields.Severity: strconv.ParseInt: parsing "2147483648": value out of range',
    );
    expect(() => new MessageTemplate({ Uuid: '6d2a9a3c1f3e4c8b9d3a000000000003' })).toThrow(
      'message_fields.Uuid: Invalid UUID string.',
    );
    expect(() => new MessageTemplate({ pid: 'abc', severity: 'x' })).not.toThrow(); // fields, not headers
  });

  it('shares one frozen field object between messages, since it never changes', () => {
    const t = new MessageTemplate({ env: 'prod' });
    const a = new Message();
    const b = new Message({ fields: [{ name: 'own', value: 'x' }] });
    t.apply(a);
    t.apply(b);
    expect(a.getField('env')).toBe(b.getField('env'));
    expect(Object.isFrozen(a.getField('env'))).toBe(true);
    expect(fieldsOf(b)).toEqual([
      ['own', '', 'x'],
      ['env', '', 'prod'],
    ]);
  });

  it('with an empty table changes nothing', () => {
    const m = new Message({ type: 't', fields: [{ name: 'f', value: 1n }] });
    const before = m.toJSON();
    new MessageTemplate({}).apply(m);
    expect(m.toJSON()).toEqual(before);
  });
});
