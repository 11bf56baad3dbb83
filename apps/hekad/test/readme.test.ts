import { readFileSync } from 'node:fs';
import TOML from '@iarna/toml';
import { describe, expect, it } from 'vitest';
import { normaliseArgs } from '../src/args.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('hekad README', () => {
  it('has a TOML example that parses, with a [hekad] section and plugin sections', () => {
    const toml = /```toml\n([\s\S]*?)```/.exec(readme)?.[1] as string;
    const config = TOML.parse(toml) as Record<string, Record<string, unknown>>;
    expect(config.hekad?.base_dir).toBe('./state');
    expect(Object.keys(config).filter((k) => k !== 'hekad')).toEqual(['counter', 'stdout']);
  });
});

describe('argument normalisation', () => {
  it("turns Heka's single-dash long flags into commander's double-dash ones", () => {
    expect(normaliseArgs(['-config', 'x.toml'])).toEqual(['--config', 'x.toml']);
    expect(normaliseArgs(['-config=x.toml', '-version'])).toEqual(['--config=x.toml', '--version']);
    expect(normaliseArgs(['check', '--config', 'y', '-c'])).toEqual(['check', '--config', 'y', '-c']);
  });
});
