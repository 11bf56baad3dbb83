import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitHostPort } from '../src/address.js';

describe('dial addresses', () => {
  it('splits host:port as Go does', () => {
    expect(splitHostPort('127.0.0.1:5565')).toEqual({ host: '127.0.0.1', port: 5565 });
    expect(splitHostPort('[::1]:5565')).toEqual({ host: '::1', port: 5565 });
    expect(splitHostPort(':5565')).toEqual({ host: 'localhost', port: 5565 });
    expect(() => splitHostPort('localhost')).toThrow('missing port in address');
    expect(() => splitHostPort('::1:5565')).toThrow('too many colons');
    expect(() => splitHostPort('h:http')).toThrow('invalid port');
  });
});

describe('README', () => {
  it('documents every flag', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const flag of ['heka', 'type', 'logger', 'severity', 'payload', 'pid', 'hostname']) {
      expect(readme).toMatch(new RegExp(`^\\| \`-${flag} `, 'm'));
    }
    expect(readme).toContain('## Differences from Heka');
  });
});
