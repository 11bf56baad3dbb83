import { readFileSync } from 'node:fs';
import { configProblems, conformance, readmeExample } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { defaultSections } from './helpers.js';

// Port 0: every run gets a free port (the README example's fixed port could be taken).
conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config: { address: '127.0.0.1:0' },
  sections: defaultSections(),
});

describe('README example', () => {
  it('configures every TcpInput section validly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const sections = Object.entries(readmeExample(readme).sections).filter(([, t]) => t.type === 'TcpInput');
    expect(sections.map(([n]) => n)).toEqual(['tcp_in', 'tls_in']);
    for (const [, { type: _t, ...table }] of sections) expect(configProblems(plugin, table)).toEqual([]);
  });
});
