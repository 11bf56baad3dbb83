import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configProblems, readmeExample } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { LDATE, LMICROSECONDS, LTIME, LUTC, logPrefix, PrefixCache } from '../src/prefix.js';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * A hekad-like child process: a pipeline with an input that delivers a few messages, a small encoder
 * and LogOutput (loaded from its TypeScript source, as the runtime loads plugins), whose standard
 * output the test reads.
 */
const CHILD = `
import { createRequire } from 'node:module';
const root = process.argv[2];
const { startTestPipeline } = await import(root + 'packages/testkit/dist/index.js');
const { definePlugin, Message, NO_OPTIONS } = await import(root + 'packages/core/dist/index.js');
const require = createRequire(root + 'packages/runtime/package.json');
const { createJiti } = await import(require.resolve('jiti'));
const logOutput = (await createJiti(import.meta.url).import(root + 'plugins/log-output/src/index.ts')).default;
const payloads = ['first', 'second ends in a newline\\n', 'ünïcödé', 'skip', 'bin', 'last'];
const feed = definePlugin({ type: 'FeedInput', kind: 'input', description: 'feeds', configSchema: NO_OPTIONS,
  create: () => ({ async run(ctx) { for (const p of payloads) await ctx.deliver(new Message({ type: 't', payload: p })); } }) });
const enc = definePlugin({ type: 'TestEncoder', kind: 'encoder', description: 'payload', configSchema: NO_OPTIONS,
  create: () => ({ encode: (m) => m.payload === 'skip' ? null : m.payload === 'bin' ? new Uint8Array([0, 1, 0x1e, 0xff]) : m.payload }) });
const p = await startTestPipeline({
  sections: {
    feed: { definition: feed, config: { can_exit: true } },
    enc: { definition: enc },
    log: { definition: logOutput, config: { message_matcher: "Type == 't'", encoder: 'enc' } },
  },
});
await p.waitFor(payloads.length);
await p.stop();
process.stderr.write(p.logs.join('\\n'));
`;

function runChild(closeStdout = false): Promise<{ stdout: Buffer; stderr: string; code: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'log-output-'));
  const script = join(dir, 'child.mjs');
  writeFileSync(script, CHILD);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, root], { stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    if (closeStdout) child.stdout.destroy(); // as `hekad | head` when head has exited
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: err, code }));
  });
}

describe('LogOutput writes to standard output', () => {
  it('writes one Go log line per encoded message, with the date and time prefix', async () => {
    const before = Date.now();
    const { stdout, stderr, code } = await runChild();
    expect(code, stderr).toBe(0);
    const prefix = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d):(\d\d):(\d\d) /;
    const lines = stdout.toString('latin1').split('\n');
    expect(lines.pop()).toBe(''); // the output ends with a newline
    expect(lines).toHaveLength(5); // "skip" renders as nothing
    const bodies = lines.map((l) => l.replace(prefix, ''));
    expect(bodies).toEqual([
      'first',
      'second ends in a newline', // no second newline
      Buffer.from('ünïcödé').toString('latin1'),
      '\u0000\u0001\u001e\u00ff', // bytes as they are
      'last',
    ]);
    const m = prefix.exec(lines[0] as string) as RegExpExecArray;
    const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
    const when = new Date(y as number, (mo as number) - 1, d, h, mi, s).getTime();
    expect(when).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
    expect(when).toBeLessThanOrEqual(Date.now());
  });

  it('keeps running when standard output is closed, and says so once', async () => {
    const { stderr, code } = await runChild(true);
    expect(code, stderr).toBe(0);
    expect(stderr.match(/cannot write to standard output: .*EPIPE/g), stderr).toHaveLength(1);
  });
});

describe('LogOutput configuration', () => {
  it('requires an encoder, naming the key', () => {
    expect(configProblems(plugin, { message_matcher: 'TRUE' })).toEqual([
      "encoder: missing required key 'encoder' (the encoder that renders each message; LogOutput has no default)",
    ]);
    expect(configProblems(plugin, { message_matcher: 'TRUE', encoder: '' })[0]).toMatch(/^encoder: /);
    expect(configProblems(plugin, { message_matcher: 'TRUE', encoder: 'PayloadEncoder' })).toEqual([]);
  });

  it('has a README example that configures it validly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const { type: _type, ...config } = readmeExample(readme).sections.counter_output as Record<string, unknown>;
    expect(configProblems(plugin, config)).toEqual([]);
  });

  it('has no options of its own', () => {
    expect(configProblems(plugin, { message_matcher: 'TRUE', encoder: 'E', path: '/tmp/x' })[0]).toMatch(/^path: /);
  });
});

describe('log_flags prefixes (Go log package)', () => {
  const t = new Date(2026, 10, 24, 9, 8, 7, 654); // local time

  it('renders date, time, microseconds and none', () => {
    expect(logPrefix(0, t)).toBe('');
    expect(logPrefix(LDATE, t)).toBe('2026/11/24 ');
    expect(logPrefix(LTIME, t)).toBe('09:08:07 ');
    expect(logPrefix(LDATE | LTIME, t)).toBe('2026/11/24 09:08:07 ');
    expect(logPrefix(LDATE | LMICROSECONDS, t)).toBe('2026/11/24 09:08:07.654000 ');
    expect(logPrefix(8 | 16, t)).toBe(''); // file and line flags alone print nothing here
  });

  it('renders UTC with LUTC', () => {
    const u = new Date(Date.UTC(2026, 0, 2, 3, 4, 5));
    expect(logPrefix(LDATE | LTIME | LUTC, u)).toBe('2026/01/02 03:04:05 ');
  });

  it('reuses the prefix within a second and renews it after', () => {
    const cache = new PrefixCache(LDATE | LTIME);
    const base = new Date(2026, 10, 24, 9, 8, 7, 0).getTime();
    const a = cache.get(base + 10);
    expect(cache.get(base + 990)).toBe(a);
    expect(cache.get(base + 1000).toString()).toBe('2026/11/24 09:08:08 ');
    const micro = new PrefixCache(LTIME | LMICROSECONDS);
    expect(micro.get(base + 1).toString()).toBe('09:08:07.001000 ');
    expect(micro.get(base + 2).toString()).toBe('09:08:07.002000 ');
  });
});
