import { createHmac } from 'node:crypto';
import { hostname } from 'node:os';
import { decodeMessage, FrameReader } from '@heka/core';
import { one, protocDecode, str } from '@heka/testkit';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { config, expectedMix, recordLength, topLevelTags, unframe } from './helpers.js';
import { ensureBuilt, run } from './run.js';
import { type TcpReceiver, tcpReceiver } from './servers.js';

beforeAll(ensureBuilt);
const receivers: TcpReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});
async function receiver(o: Parameters<typeof tcpReceiver>[0] = {}) {
  const r = await tcpReceiver(o);
  receivers.push(r);
  return r;
}

const LOG = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d /;

describe('heka-flood fixed-size messages on the wire', () => {
  it("sends Heka's fixed message, byte-identical each time, which protoc decodes field by field", async () => {
    const rx = await receiver({ keep: true });
    const before = BigInt(Date.now()) * 1_000_000n;
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: 50,
      ascii_only: true,
      static_message_size: 300,
    });
    const r = await run(['-config', file, '-test', 't']);
    await rx.ended();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toMatch(LOG);
    expect(lines.at(-1)?.replace(LOG, '')).toBe('Clean shutdown:  50  messages sent;  50  messages delivered.');
    const raw = Buffer.concat(rx.counts.raw);
    const len = recordLength(raw, 0);
    expect(raw.length).toBe(50 * len);
    const first = raw.subarray(0, len);
    for (let i = 1; i < 50; i++) expect(raw.subarray(i * len, (i + 1) * len).equals(first)).toBe(true);

    const { header, message } = unframe(first);
    const h = protocDecode('Header', header);
    expect(Object.keys(h)).toEqual(['message_length']);
    expect(Number(one(h, 'message_length'))).toBe(message.length);
    const m = protocDecode('Message', message);
    expect(Object.keys(m)).toEqual([
      'uuid',
      'timestamp',
      'type',
      'severity',
      'payload',
      'env_version',
      'pid',
      'hostname',
    ]);
    // Go writes fields in number order: uuid 1, timestamp 2, type 3, severity 5, payload 6, env_version 7, pid 8, hostname 9.
    expect(topLevelTags(message)).toEqual([0x0a, 0x10, 0x1a, 0x28, 0x32, 0x3a, 0x40, 0x4a]);
    expect((one(m, 'uuid') as Buffer).length).toBe(16);
    const ts = BigInt(one(m, 'timestamp') as string);
    expect(ts >= before && ts <= BigInt(Date.now()) * 1_000_000n).toBe(true);
    expect(str(m, 'type')).toBe('hekabench');
    expect(one(m, 'severity')).toBe('6');
    expect(str(m, 'env_version')).toBe('0.8');
    expect(one(m, 'pid')).toBe(String(r.pid));
    expect(str(m, 'hostname')).toBe(hostname());
    const payload = one(m, 'payload') as Buffer;
    const prefix = Buffer.from(`hekabench: ${hostname()} - `);
    expect(payload.subarray(0, prefix.length).equals(prefix)).toBe(true);
    const body = payload.subarray(prefix.length);
    expect(body.length).toBe(300);
    expect([...body].every((c) => c >= 32 && c <= 125)).toBe(true);
    expect(rx.counts.frames).toBe(50);
    expect(rx.counts.undecodable).toBe(0);
  });

  it('without ascii_only the payload is 1000 arbitrary bytes (not necessarily UTF-8), as in Heka', async () => {
    const rx = await receiver({ keep: true });
    const file = config({ ip_address: `127.0.0.1:${rx.port}`, num_messages: 3 });
    expect((await run(['-config', file, '-test', 't'])).code).toBe(0);
    await rx.ended();
    const raw = Buffer.concat(rx.counts.raw);
    const { message } = unframe(raw.subarray(0, recordLength(raw, 0)));
    const payload = one(protocDecode('Message', message), 'payload') as Buffer;
    const prefix = `hekabench: ${hostname()} - `;
    expect(payload.length).toBe(Buffer.byteLength(prefix) + 1000);
    // 1000 random bytes: some at or above 0x80 (the chance of none is 2^-1000).
    expect([...payload.subarray(Buffer.byteLength(prefix))].some((c) => c >= 0x80)).toBe(true);
    // Our decoder takes it too (invalid UTF-8 reads as U+FFFD).
    expect(decodeMessage(message).payload.startsWith(prefix)).toBe(true);
  });
});

describe('heka-flood signing', () => {
  for (const [hash, digest, version] of [
    ['md5', 16, 0],
    ['sha1', 20, 3],
  ] as const) {
    it(`signs with HMAC-${hash.toUpperCase()}: headers protoc reads, digests over the message bytes`, async () => {
      const rx = await receiver({ keep: true, signers: { [`test_${version}`]: 'secret key' } });
      const file = config({
        ip_address: `127.0.0.1:${rx.port}`,
        num_messages: 20,
        signed_percentage: 100,
        static_message_size: 100,
        ascii_only: true,
        signer: { name: 'test', hmac_hash: hash, hmac_key: 'secret key', version },
      });
      expect((await run(['-config', file, '-test', 't'])).code).toBe(0);
      await rx.ended();
      // Message 0 is unsigned (floor(0 × 1) never moves); the other 19 are signed and verify.
      expect(rx.counts.frames).toBe(20);
      expect(rx.counts.signed).toBe(19);
      expect(rx.counts.stats.authFailures).toBe(0);
      const raw = Buffer.concat(rx.counts.raw);
      const second = raw.subarray(recordLength(raw, 0));
      const { header, message } = unframe(second.subarray(0, recordLengthSigned(second, 0)));
      const h = protocDecode('Header', header);
      expect(Number(one(h, 'message_length'))).toBe(message.length);
      expect(str(h, 'hmac_signer')).toBe('test');
      expect(one(h, 'hmac_key_version')).toBe(String(version));
      if (hash === 'sha1') expect(one(h, 'hmac_hash_function')).toBe('SHA1');
      else expect(h.hmac_hash_function).toBeUndefined(); // MD5 is the default and not written
      const mac = one(h, 'hmac') as Buffer;
      expect(mac.length).toBe(digest);
      expect(mac.equals(createHmac(hash, 'secret key').update(message).digest())).toBe(true);
    });
  }

  it('a receiver with another key drops the signed messages (the signature is real)', async () => {
    const rx = await receiver({ signers: { test_0: 'other key' } });
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: 10,
      signed_percentage: 100,
      signer: { name: 'test', hmac_key: 'secret key' },
    });
    expect((await run(['-config', file, '-test', 't'])).code).toBe(0);
    await rx.ended();
    expect(rx.counts.frames).toBe(1);
    expect(rx.counts.stats.authFailures).toBe(9);
  });
});

/** message_length from a signed or unsigned header at b[0]. */
function message0Length(b: Buffer): number {
  const reader = new FrameReader({ skipAuthentication: true });
  reader.push(b);
  const f = reader.read();
  if (!f) throw new Error('no frame');
  return f.message.length;
}

describe('heka-flood message mix, verified by counting', () => {
  it('corrupts and signs exactly the messages Heka would (byte walk of the whole stream)', async () => {
    const rx = await receiver({ keep: true });
    const N = 2000;
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: N,
      corrupt_percentage: 5,
      signed_percentage: 10,
      static_message_size: 200,
      ascii_only: true,
      signer: { name: 'test', hmac_key: 'k' },
    });
    const r = await run(['-config', file, '-test', 't']);
    expect(r.code).toBe(0);
    await rx.ended();
    const mix = expectedMix(N, 5, 10, 0);
    expect(mix.signed).toBe(199);
    expect(mix.corrupt).toBe(99);
    const raw = Buffer.concat(rx.counts.raw);
    const unsigned = raw.subarray(0, recordLength(raw, 0)); // message 0: unsigned, never corrupt
    const firstSigned = mix.kinds.findIndex((k, i) => k === 'signed' && !mix.corrupted[i]);
    let pos = 0;
    let signedTemplate: Buffer | undefined;
    let changed = 0;
    for (let i = 0; i < N; i++) {
      if (i === firstSigned) signedTemplate = raw.subarray(pos, pos + recordLengthSigned(raw, pos));
      const template = mix.kinds[i] === 'signed' ? signedTemplate : unsigned;
      if (!template) throw new Error('a signed message came before the first clean one');
      const got = raw.subarray(pos, pos + template.length);
      let diff = 0;
      for (let j = 0; j < template.length; j++) if (got[j] !== template[j]) diff++;
      if (mix.corrupted[i]) {
        expect(diff).toBeLessThanOrEqual(1);
        changed += diff;
      } else {
        expect(diff).toBe(0);
      }
      pos += template.length;
    }
    expect(pos).toBe(raw.length);
    // Each corrupt message had one random byte replaced by a random value (equal with chance 1/256).
    expect(changed).toBeGreaterThan(90);
    expect(r.stdout).toContain(`Clean shutdown:  ${N}  messages sent;  ${N}  messages delivered.`);
  });

  it('sends the oversized share (variable-size messages) that receivers skip, and signed ones that verify', async () => {
    const rx = await receiver({ signers: { flood_2: 'key' } });
    const N = 400;
    const file = config({
      ip_address: `127.0.0.1:${rx.port}`,
      num_messages: N,
      variable_size_messages: true,
      ascii_only: true,
      signed_percentage: 5,
      oversized_percentage: 2,
      signer: { name: 'flood', hmac_key: 'key', version: 2 },
    });
    expect((await run(['-config', file, '-test', 't'])).code).toBe(0);
    await rx.ended();
    const mix = expectedMix(N, 0, 5, 2);
    expect(mix.oversized).toBe(7);
    expect(rx.counts.stats.oversizeHeaders).toBe(mix.oversized);
    expect(rx.counts.frames).toBe(N - mix.oversized);
    expect(rx.counts.signed).toBe(mix.signed);
    expect(rx.counts.stats.authFailures).toBe(0);
    expect(rx.counts.undecodable).toBe(0);

    // A variable message, decoded by protoc: Heka's headers and field layout.
    const m = protocDecode('Message', (rx.counts.first[0] as { message: Uint8Array }).message);
    expect(str(m, 'type')).toBe('hekabench');
    expect(str(m, 'logger')).toBe('flood');
    expect(str(m, 'env_version')).toBe('0.2');
    expect(m.severity).toBeUndefined();
    const fields = m.fields as Record<string, (Buffer | string)[]>[];
    const names = fields.map((f) => String(f.name?.[0]));
    expect(names.at(-1)).toBe('filler');
    for (const name of names.slice(0, -1)) expect(name).toMatch(/^(string|bytes|int|double|bool)[0-3]$/);
    for (const f of fields) expect(f.representation?.[0]?.toString()).toBe('');
    expect(fields.at(-1)?.value_type?.[0]).toBe('BYTES');
  });
});

/** The length of a (possibly signed) record at raw[pos]. */
function recordLengthSigned(raw: Buffer, pos: number): number {
  return 3 + (raw[pos + 1] as number) + message0Length(raw.subarray(pos));
}
