import { readFileSync } from 'node:fs';
import { configProblems, conformance, readmeExample } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { protobufEncoder, Receiver } from './helpers.js';

// The receiving server is started by `setup`; the address is filled in once its port is known.
const config: Record<string, unknown> = { address: '127.0.0.1:9', message_matcher: 'TRUE' };

conformance(plugin, {
  packageDir: new URL('..', import.meta.url),
  config,
  sections: { ProtobufEncoder: { definition: protobufEncoder } },
  setup: async () => {
    const receiver = new Receiver();
    config.address = `127.0.0.1:${await receiver.listen()}`;
    return () => receiver.close();
  },
});

describe('README example', () => {
  it('configures its TcpOutput section validly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const found = Object.entries(readmeExample(readme).sections).filter(([, t]) => t.type === 'TcpOutput');
    expect(found.map(([n]) => n)).toEqual(['aggregator']);
    const { type: _t, ...table } = (found[0]?.[1] ?? {}) as Record<string, unknown>;
    expect(configProblems(plugin, table)).toEqual([]);
  });
});
