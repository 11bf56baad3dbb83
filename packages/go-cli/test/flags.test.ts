import { describe, expect, it } from 'vitest';
import { goInt64, logPrefix, normaliseArgs, parseGoInt } from '../src/index.js';

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

describe("Go's flag syntax, value flags only (heka-sbmgr)", () => {
  const flags = { values: ['config', 'action'] };
  it('rewrites single-dash long flags for commander and leaves the rest', () => {
    expect(normaliseArgs(['-config', 'a.toml', '-action=unload', '--action', 'load', 'x', '-v'], flags)).toEqual([
      '--config',
      'a.toml',
      '--action=unload',
      '--action',
      'load',
      'x',
      '-v',
    ]);
    expect(normaliseArgs(['-h'], flags)).toEqual(['--help']);
    expect(normaliseArgs(['--', '-config'], flags)).toEqual(['--', '-config']);
  });
});

describe("Go's log prefix", () => {
  it('is the local date and time, as log.LstdFlags writes it', () => {
    expect(logPrefix(new Date(2026, 0, 2, 3, 4, 5))).toBe('2026/01/02 03:04:05 ');
  });
});
