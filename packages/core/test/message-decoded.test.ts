/**
 * Messages decoded from protobuf keep their bytes: encoding them again while unchanged returns those very
 * bytes, so their fields are frozen when handed out, and any change drops the bytes.
 */
import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeMessage, type Field, Message } from '../src/index.js';

const UUID = '0123456789abcdef0123456789abcdef';
const UUID_TEXT = '01234567-89ab-cdef-0123-456789abcdef';

describe('decoded messages', () => {
  const bytes = () =>
    encodeMessage(new Message({ uuid: UUID, timestamp: 5, type: 't', fields: [{ name: 'f', value: ['x'] }] })).slice();

  it('encode to the very bytes they came from while unchanged, whatever is read', () => {
    const b = bytes();
    const m = decodeMessage(b);
    void [m.uuid, m.uuidString, m.timestamp, m.type, m.severity, m.fields, m.getField('f'), m.getFieldValue('f')];
    m.toJSON();
    expect(m.removeField('nope')).toBe(false);
    expect(encodeMessage(m)).toBe(b);
  });

  it('freeze their fields when read through the public API', () => {
    for (const read of [(m: Message) => m.fields[0], (m: Message) => m.getField('f')]) {
      const m = decodeMessage(bytes());
      const f = read(m) as Field;
      expect(Object.isFrozen(f) && Object.isFrozen(f.value) && Object.isFrozen(m.fields)).toBe(true);
      expect(() => (f.value as string[]).push('y')).toThrow(TypeError);
      expect(() => (m.fields as Field[]).pop()).toThrow(TypeError);
    }
  });

  it('drop their bytes on any change and re-encode with the change (lazy fields kept)', () => {
    const changes: ((m: Message) => void)[] = [
      (m) => (m.type = 't'),
      (m) => (m.logger = 'l'),
      (m) => (m.severity = 7),
      (m) => (m.payload = ''),
      (m) => (m.envVersion = 'e'),
      (m) => (m.pid = 1),
      (m) => (m.hostname = 'h'),
      (m) => (m.uuid = UUID),
      (m) => (m.timestamp = 6),
      (m) => m.addField({ name: 'g', value: 1 }),
      (m) => m.setField({ name: 'f', value: 'z' }),
      (m) => m.removeField('f'),
      (m) => (m.fields = [{ name: 'only', value: true }]),
    ];
    for (const change of changes) {
      const b = bytes();
      const m = decodeMessage(b);
      change(m);
      const out = encodeMessage(m);
      expect(out).not.toBe(b);
      const again = decodeMessage(out.slice());
      expect(again.toJSON()).toEqual(m.toJSON());
      expect(again.uuidString).toBe(UUID_TEXT);
    }
    const m = decodeMessage(bytes());
    m.hostname = 'h';
    expect(m.getFieldValue('f')).toBe('x');
  });

  it('clone() is independent and never desynchronises the original from its bytes', () => {
    const b = bytes();
    const m = decodeMessage(b);
    const c = m.clone();
    expect(encodeMessage(c)).not.toBe(b);
    expect(Buffer.from(encodeMessage(c)).equals(Buffer.from(b))).toBe(true);
    expect(() => ((c.fields[0] as Field).value as string[]).push('y')).toThrow(TypeError);
    c.type = 'changed';
    c.addField({ name: 'g', value: 1 });
    expect(m.type).toBe('t');
    expect(m.fields.length).toBe(1);
    expect(encodeMessage(m)).toBe(b);
  });
});
