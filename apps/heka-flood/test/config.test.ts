import { readFileSync } from 'node:fs';
import TOML from '@iarna/toml';
import { beforeAll, describe, expect, it } from 'vitest';
import { FloodConfigError, floodTest, loadFloodTest } from '../src/config.js';
import { parseGoDuration } from '../src/duration.js';
import { Selector } from '../src/select.js';
import { config, configText, expectedMix } from './helpers.js';
import { ensureBuilt, run } from './run.js';
import { tcpReceiver } from './servers.js';

beforeAll(ensureBuilt);

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const readmeToml = /```toml\n([\s\S]*?)```/.exec(readme)?.[1] as string;

describe('flood configuration', () => {
  it("applies Heka's defaults", () => {
    const t = floodTest({ ip_address: '127.0.0.1:5565' }, 't');
    expect(t).toMatchObject({
      ipAddress: '127.0.0.1:5565',
      sender: 'tcp',
      numMessages: 0,
      messageIntervalNs: 0,
      corruptPercentage: 0,
      signedPercentage: 0,
      oversizedPercentage: 0,
      variableSizeMessages: false,
      staticMessageSize: 1000,
      asciiOnly: false,
      signer: { name: '', hmacHash: 'md5', hmacKey: '', version: 0 },
      useTls: false,
      maxMessageSize: 65536,
      reconnectOnError: false,
      reconnectInterval: 5,
      pprofFile: '',
    });
    expect(t.tls).toMatchObject({ insecure_skip_verify: false, root_cafile: '', ciphers: [] });
  });

  it('reads every key', () => {
    const t = floodTest(
      {
        ip_address: '[::1]:6000',
        sender: 'udp6',
        num_messages: 10n,
        message_interval: '1.5ms',
        encoder: 'protobuf',
        corrupt_percentage: 1,
        signed_percentage: 2.5,
        oversized_percentage: 100,
        variable_size_messages: true,
        static_message_size: 0,
        ascii_only: true,
        signer: { name: 'n', hmac_hash: 'sha1', hmac_key: 'k', version: 9 },
        use_tls: false,
        tls: { server_name: 'x', min_version: 'TLS12', ciphers: ['ECDHE_RSA_WITH_AES_128_GCM_SHA256'] },
        max_message_size: 0,
        reconnect_on_error: true,
        reconnect_interval: 0,
        pprof_file: 'x.prof',
      },
      't',
    );
    expect(t).toMatchObject({
      ipAddress: '[::1]:6000',
      sender: 'udp6',
      numMessages: 10,
      messageIntervalNs: 1_500_000,
      corruptPercentage: 1,
      signedPercentage: 2.5,
      oversizedPercentage: 100,
      staticMessageSize: 1000,
      signer: { name: 'n', hmacHash: 'sha1', hmacKey: 'k', version: 9 },
      maxMessageSize: 65536,
      reconnectOnError: true,
      reconnectInterval: 5,
      pprofFile: 'x.prof',
    });
    expect(t.tls).toMatchObject({ server_name: 'x', min_version: 'TLS12' });
  });

  it.each([
    [{}, 'ip_address: required'],
    [{ ip_address: 'x:1', sender: 'sctp' }, 'sender: must be one of tcp'],
    [{ ip_address: 'x:1', num_messages: -1 }, 'num_messages: must be an integer'],
    [{ ip_address: 'x:1', num_messages: '10' }, 'num_messages: must be an integer'],
    [{ ip_address: 'x:1', corrupt_percentage: 101 }, 'corrupt_percentage: must be a number from 0 to 100'],
    [{ ip_address: 'x:1', message_interval: '10' }, 'message_interval: invalid duration: time: missing unit'],
    [{ ip_address: 'x:1', message_interval: 10 }, 'message_interval: must be a string'],
    [{ ip_address: 'x:1', encoder: 'json' }, 'encoder: only "protobuf"'],
    [{ ip_address: 'x:1', ascii_only: 'yes' }, 'ascii_only: must be true or false'],
    [{ ip_address: 'x:1', max_message_size: 2 ** 32 }, 'max_message_size: must be an integer from 0 to 4294967295'],
    [{ ip_address: 'x:1', reconnect_interval: 1.5 }, 'reconnect_interval: must be a whole number'],
    [{ ip_address: 'x:1', sender: 'udp', use_tls: true }, 'use_tls: TLS needs a tcp sender'],
    [{ ip_address: 'x:1', ip_adress: 'y' }, 'ip_adress: unknown key'],
    [{ ip_address: 'x:1', signer: { hmac_hash: 'sha256' } }, '[t.signer] hmac_hash: must be "md5" or "sha1"'],
    [{ ip_address: 'x:1', signer: { version: -1 } }, '[t.signer] version: must be an integer'],
    [{ ip_address: 'x:1', signer: { key: 'x' } }, '[t.signer] key: unknown key'],
    [{ ip_address: 'x:1', tls: { root_ca: 'x' } }, '[t.tls] root_ca: unknown key'],
    [{ ip_address: 'x:1', tls: { min_version: 'TLS13' } }, '[t.tls] min_version: must be one of "SSL30"'],
    [{ ip_address: 'x:1', tls: { insecure_skip_verify: 1 } }, '[t.tls] insecure_skip_verify: must be a boolean'],
    [{ ip_address: 'x:1', tls: { ciphers: ['RC5'] } }, '[t.tls] ciphers: must be one of'],
  ])('rejects %j with a message naming the key', (table, message) => {
    expect(() => floodTest(table as Record<string, unknown>, 't')).toThrow(FloodConfigError);
    expect(() => floodTest(table as Record<string, unknown>, 't')).toThrow(message);
  });

  it('README documents every key in its options table', () => {
    const rows = [...readme.matchAll(/^\| `([a-z_.]+)` +\| (?:string|integer|number|boolean|table) /gm)].map(
      (m) => m[1],
    );
    expect(rows).toEqual([
      'ip_address',
      'sender',
      'num_messages',
      'message_interval',
      'encoder',
      'corrupt_percentage',
      'signed_percentage',
      'oversized_percentage',
      'variable_size_messages',
      'static_message_size',
      'ascii_only',
      'signer.name',
      'signer.hmac_hash',
      'signer.hmac_key',
      'signer.version',
      'use_tls',
      'tls',
      'max_message_size',
      'reconnect_on_error',
      'reconnect_interval',
      'pprof_file',
    ]);
    expect(readme).toContain('## Differences from Heka');
  });

  it('loads the README example, every section', () => {
    const sections = Object.keys(TOML.parse(readmeToml));
    expect(sections).toEqual(['default', 'simple', 'tls_paced', 'udp']);
    const file = configText(readmeToml);
    const d = loadFloodTest(file, 'default');
    expect(d).toMatchObject({ variableSizeMessages: true, corruptPercentage: 0.0001, signer: { name: 'test' } });
    expect(loadFloodTest(file, 'simple')).toMatchObject({ asciiOnly: true, staticMessageSize: 1000 });
    expect(loadFloodTest(file, 'tls_paced')).toMatchObject({
      useTls: true,
      messageIntervalNs: 5e6,
      reconnectInterval: 2,
    });
    expect(loadFloodTest(file, 'udp')).toMatchObject({ sender: 'udp', numMessages: 100000 });
  });

  it("runs the README's [simple] test against a receiver", async () => {
    const rx = await tcpReceiver();
    const text = readmeToml.replace(
      '127.0.0.1:5565"\nascii_only',
      `127.0.0.1:${rx.port}"\nnum_messages = 500\nascii_only`,
    );
    const r = await run(['-config', configText(text), '-test', 'simple']);
    expect(r.code).toBe(0);
    await rx.ended();
    expect(rx.counts.frames).toBe(500);
    await rx.close();
  });
});

describe('heka-flood command line', () => {
  it('prints the usage and sends nothing without flags; -help exits 0', async () => {
    const r = await run([]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('--config <file>');
    expect(r.stderr).toContain('flood.toml');
    const h = await run(['-help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toContain('--test <section>');
  });

  it("logs Heka's errors for a missing file, a missing section and bad keys, and exits 1", async () => {
    const missing = await run(['-config', '/nonexistent/flood.toml']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Error decoding config file: .*ENOENT/);
    const file = config({ ip_address: '127.0.0.1:1' });
    const section = await run(['-config', file, '-test', 'nope']);
    expect(section.code).toBe(1);
    expect(section.stderr).toContain("Configuration test: 'nope' was not found");
    const syntax = await run(['-config', configText('[t]\nip_address = \n'), '-test', 't']);
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toContain('Error decoding config file:');
    const bad = await run(['-config', config({ ip_address: '127.0.0.1:1', num_messages: 'many' }), '-test=t']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[t] num_messages: must be an integer');
    const addr = await run(['-config', config({ ip_address: '127.0.0.1' }), '-test', 't']);
    expect(addr.code).toBe(1);
    expect(addr.stderr).toContain('missing port in address');
  });

  it('notes that pprof_file is ignored, and refuses messages larger than max_message_size', async () => {
    const rx = await tcpReceiver();
    const ok = await run([
      '-config',
      config({ ip_address: `127.0.0.1:${rx.port}`, num_messages: 1, pprof_file: 'cpu.prof' }),
      '-test',
      't',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('pprof_file = "cpu.prof" is ignored');
    const big = await run([
      '-config',
      config({
        ip_address: `127.0.0.1:${rx.port}`,
        num_messages: 1,
        static_message_size: 5000,
        max_message_size: 2000,
      }),
      '-test',
      't',
    ]);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('message too big');
    await rx.close();
  });
});

describe("Go's durations", () => {
  it.each([
    ['0', 0],
    ['1ns', 1],
    ['1.5s', 1.5e9],
    ['1h2m3s', 3723e9],
    ['300us', 3e5],
    ['300µs', 3e5],
    ['300μs', 3e5],
    ['-2m', -120e9],
    ['+.5ms', 5e5],
    ['10ms', 1e7],
  ])('%s = %d ns', (text, ns) => {
    expect(parseGoDuration(text)).toBe(ns);
  });

  it.each(['', '1', 'x', '1x', '.s', '1.5'])('rejects %j', (text) => {
    expect(() => parseGoDuration(text)).toThrow(/^time: /);
  });
});

describe("Heka's selection rule", () => {
  it('matches the rule written out independently, for several mixes', () => {
    for (const [c, s, o] of [
      [0.0001, 0.00011, 0.00007],
      [5, 10, 2],
      [33.3, 50, 50],
      [100, 100, 100],
      [0, 0, 7.5],
    ] as const) {
      const sel = new Selector({ corrupt: c, signed: s, oversized: o });
      const mix = expectedMix(5000, c, s, o);
      for (let i = 0; i < 5000; i++) {
        expect(sel.isCorrupt(i)).toBe(mix.corrupted[i]);
        expect(sel.kind(i)).toBe(mix.kinds[i]);
      }
    }
  });

  it('signs every message but the first at 100%, and lets oversized wait for a free turn', () => {
    const sel = new Selector({ corrupt: 0, signed: 100, oversized: 100 });
    expect([0, 1, 2, 3].map((i) => sel.kind(i))).toEqual(['unsigned', 'signed', 'signed', 'signed']);
    const half = new Selector({ corrupt: 0, signed: 50, oversized: 50 });
    // n=2: signed moves to 1; oversized (also at 1) must wait to n=3, where signed has not moved.
    expect([0, 1, 2, 3, 4].map((i) => half.kind(i))).toEqual(['unsigned', 'unsigned', 'signed', 'oversized', 'signed']);
  });
});
