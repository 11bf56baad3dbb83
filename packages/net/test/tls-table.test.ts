import { describe, expect, it } from 'vitest';
import { readTlsTable } from '../src/index.js';

class TableError extends Error {}
const fail = (key: string | undefined, why: string): never => {
  throw new TableError(`${key ?? '(table)'}: ${why}`);
};

describe('readTlsTable', () => {
  it("fills in Heka's defaults and keeps what is given", () => {
    const t = readTlsTable({ server_name: 'example.org', ciphers: ['RSA_WITH_AES_128_CBC_SHA'] }, fail);
    expect(t.server_name).toBe('example.org');
    expect(t.ciphers).toEqual(['RSA_WITH_AES_128_CBC_SHA']);
    expect(t.insecure_skip_verify).toBe(false);
    expect(t.prefer_server_ciphers).toBe(true);
    expect(readTlsTable(undefined, fail).cert_file).toBe('');
  });

  it('names the key that is unknown, of the wrong type or not one of its values', () => {
    expect(() => readTlsTable({ server_nme: 'x' }, fail)).toThrow(/^server_nme: unknown key \(known: server_name,/);
    expect(() => readTlsTable({ insecure_skip_verify: 'yes' }, fail)).toThrow(
      'insecure_skip_verify: must be a boolean, got "yes"',
    );
    expect(() => readTlsTable({ min_version: 'TLS14' }, fail)).toThrow(/^min_version: must be one of /);
    expect(() => readTlsTable({ ciphers: [1] }, fail)).toThrow(/^ciphers: /);
    expect(() => readTlsTable('on', fail)).toThrow('(table): must be a table, got "on"');
  });
});
