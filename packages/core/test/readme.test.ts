import { readFileSync } from 'node:fs';
import TOML from '@iarna/toml';
import { describe, expect, it } from 'vitest';
import { compileMatcher, decodeMessage, encodeFrame, encodeMessage, FrameReader, Message } from '../src/index.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = (lang: string) =>
  [...readme.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, 'g'))].map((m) => m[1] as string);

describe('README', () => {
  it('has a TOML example whose matchers all compile', () => {
    const tomls = blocks('toml');
    expect(tomls.length).toBeGreaterThan(0);
    let matchers = 0;
    for (const text of tomls) {
      const config = TOML.parse(text) as Record<string, { message_matcher?: string }>;
      for (const section of Object.values(config)) {
        if (section.message_matcher === undefined) continue;
        expect(() => compileMatcher(section.message_matcher as string)).not.toThrow();
        matchers++;
      }
    }
    expect(matchers).toBeGreaterThanOrEqual(2);
  });

  it('tells the truth in its usage example', () => {
    const msg = new Message({
      type: 'nginx.access',
      severity: 6,
      payload: 'GET /index.html 200',
      fields: [
        { name: 'status', value: 200n },
        { name: 'path', value: '/index.html' },
      ],
    });
    const framed = encodeFrame(encodeMessage(msg), { name: 'ops', key: 'secret', version: 1 });
    const reader = new FrameReader({ signers: { ops_1: 'secret' } });
    reader.push(framed);
    const frame = reader.read();
    expect(frame?.signer).toBe('ops');
    const copy = decodeMessage(frame?.message as Uint8Array);
    expect(compileMatcher("Type == 'nginx.access' && Fields[status] < 400").match(copy)).toBe(true);
    expect(blocks('ts')[0]).toContain('compileMatcher("Type == \'nginx.access\' && Fields[status] < 400")');
  });
});
