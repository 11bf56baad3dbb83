import { describe, expect, it } from 'vitest';
import { ConfigError, substituteEnv } from '../src/config/index.js';

const env = { HOST: 'example.com', PORT: '5565', EMPTY: '', REF: '%ENV[HOST]', 'A.B': 'dotted' };
const sub = (text: string): string => substituteEnv(text, env, '/etc/heka.toml');

function errorOf(text: string): ConfigError {
  try {
    sub(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('substituteEnv (%ENV[NAME])', () => {
  it('replaces variables anywhere in the text', () => {
    expect(sub('address = "%ENV[HOST]:%ENV[PORT]"')).toBe('address = "example.com:5565"');
    expect(sub('[%ENV[HOST]]')).toBe('[example.com]');
    expect(sub('%ENV[PORT]%ENV[PORT]')).toBe('55655565');
  });

  it('replaces unset and empty variables with ""', () => {
    expect(sub('a = "%ENV[NOPE]"')).toBe('a = ""');
    expect(sub('a = "%ENV[EMPTY]"')).toBe('a = ""');
    expect(sub('a = "%ENV[]"')).toBe('a = ""');
  });

  it('does not look names up on Object.prototype', () => {
    expect(sub('%ENV[constructor]%ENV[toString]')).toBe('');
  });

  it('is not recursive', () => {
    expect(sub('x = "%ENV[REF]"')).toBe('x = "%ENV[HOST]"');
  });

  it('copies any other % through', () => {
    expect(sub('100% %d %ENV %ENV( %env[HOST] %')).toBe('100% %d %ENV %ENV( %env[HOST] %');
    expect(sub('%%ENV[PORT]%')).toBe('%5565%');
    expect(sub('%E')).toBe('%E');
  });

  it('ends the name at the first ]', () => {
    expect(sub('%ENV[A.B]]')).toBe('dotted]');
    expect(sub('%ENV[PORT[x]')).toBe('');
  });

  it('leaves text without substitutions unchanged', () => {
    const text = '[TcpInput]\naddress = ":5565"\n';
    expect(sub(text)).toBe(text);
  });

  it('rejects names with whitespace, naming file and line', () => {
    for (const bad of ['%ENV[A B]', '%ENV[A\tB]', '%ENV[A\rB]', '%ENV[A\nB]']) {
      const err = errorOf(`[x]\n\na = "${bad}"`);
      expect(err.problems).toHaveLength(1);
      expect(err.problems[0]).toMatchObject({ file: '/etc/heka.toml', line: 3 });
      expect(err.problems[0]?.message).toContain('invalid characters in environment variable name');
    }
  });

  it('rejects a nested %ENV[ inside a name', () => {
    const err = errorOf('a = "%ENV[A%ENV[B]]"');
    expect(err.problems[0]?.message).toContain('invalid characters in environment variable name');
    expect(err.problems[0]?.line).toBe(1);
  });

  it('rejects an unterminated %ENV[ even across lines', () => {
    const err = errorOf('a = 1\nb = "%ENV[HOST"\nc = 2\n');
    expect(err.problems[0]?.message).toContain('missing closing ] for %ENV[');
    expect(err.problems[0]).toMatchObject({ file: '/etc/heka.toml', line: 2 });
    expect(errorOf('%ENV[').problems[0]?.message).toContain('missing closing ]');
  });

  it('reports the error of the first bad occurrence', () => {
    const err = errorOf('%ENV[HOST]\n%ENV[A B]\n%ENV[');
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]?.line).toBe(2);
  });
});
