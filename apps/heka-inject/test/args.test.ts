import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitHostPort } from '../src/address.js';
import { goInt64, normaliseArgs, parseGoInt } from '../src/goflags.js';

describe("Go's flag syntax", () => {
  const spec = { values: ['heka', 'type', 'max-message-size'], booleans: ['tail'] };

  it('rewrites single-dash long flags for commander and leaves the rest', () => {
    expect(normaliseArgs(['-heka', 'h:1', '-type=x', '--type', 'y', 'file', '-v'], spec)).toEqual([
      '--heka',
      'h:1',
      '--type=x',
      '--type',
      'y',
      'file',
      '-v',
    ]);
    expect(normaliseArgs(['-max-message-size=10', '-help'], spec)).toEqual(['--max-message-size=10', '--help']);
    expect(normaliseArgs(['--', '-type'], spec)).toEqual(['--', '-type']);
  });

  it("takes Go's boolean forms, the last one winning", () => {
    expect(normaliseArgs(['-tail', 'f'], spec)).toEqual(['--tail', 'f']);
    expect(normaliseArgs(['-tail=true', '-tail=0', 'f'], spec)).toEqual(['f']);
    expect(normaliseArgs(['--tail=F', '-tail=T'], spec)).toEqual(['--tail']);
    expect(() => normaliseArgs(['-tail=yes'], spec)).toThrow('invalid boolean value "yes" for -tail');
  });

  it('parses integers as Go does: decimal, hex, octal, binary, underscores, signs', () => {
    expect(parseGoInt('42', 'x')).toBe(42n);
    expect(parseGoInt('-0x1F', 'x')).toBe(-31n);
    expect(parseGoInt('017', 'x')).toBe(15n);
    expect(parseGoInt('0o17', 'x')).toBe(15n);
    expect(parseGoInt('0b101', 'x')).toBe(5n);
    expect(parseGoInt('1_000', 'x')).toBe(1000n);
    expect(parseGoInt('0', 'x')).toBe(0n);
    expect(() => parseGoInt('1.5', 'x')).toThrow('invalid value "1.5" for flag -x');
    expect(() => parseGoInt('', 'x')).toThrow();
    expect(goInt64('9223372036854775807', 'x')).toBe(2n ** 63n - 1n);
    expect(() => goInt64('9223372036854775808', 'x')).toThrow('value out of range');
  });
});

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
