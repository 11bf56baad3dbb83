import { readFileSync } from 'node:fs';
import { authenticate, decodeHeader, decodeMessage, FrameReader } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { parseConfig, SbmgrConfigError } from '../src/config.js';
import { controlMessage, frameControlMessage } from '../src/message.js';
import { buildRequest, SBMGR_DEFAULTS, SbmgrError } from '../src/sbmgr.js';

describe('configuration', () => {
  it("applies Heka's defaults: md5, version 0, empty signer, no TLS", () => {
    const c = parseConfig({ ip_address: '127.0.0.1:5565' });
    expect(c.ipAddress).toBe('127.0.0.1:5565');
    expect(c.useTls).toBe(false);
    expect(c.signer).toEqual({ name: '', hash: 'md5', key: '', version: 0 });
    expect(c.tls.client_auth).toBe('NoClientCert');
    expect(c.tls.insecure_skip_verify).toBe(false);
  });

  it('takes every key', () => {
    const c = parseConfig({
      ip_address: '[::1]:5565',
      use_tls: true,
      tls: { server_name: 'heka', insecure_skip_verify: true, ciphers: ['ECDHE_RSA_WITH_AES_128_GCM_SHA256'] },
      signer: { name: 'ops', hmac_hash: 'sha1', hmac_key: 'k', version: 4294967295 },
    });
    expect(c.signer).toEqual({ name: 'ops', hash: 'sha1', key: 'k', version: 4294967295 });
    expect(c.tls.server_name).toBe('heka');
    expect(c.tls.ciphers).toEqual(['ECDHE_RSA_WITH_AES_128_GCM_SHA256']);
    expect(c.useTls).toBe(true);
  });

  it('names the key of every mistake', () => {
    const bad = (t: Record<string, unknown>, message: string | RegExp) => {
      expect(() => parseConfig({ ip_address: ':1', ...t })).toThrow(SbmgrConfigError);
      expect(() => parseConfig({ ip_address: ':1', ...t })).toThrow(message);
    };
    bad({ signer: 'ops' }, 'signer: must be a table, got "ops"');
    bad({ signer: { name: 7 } }, 'signer.name: must be a string, got 7');
    bad({ signer: { version: 1.5 } }, 'signer.version: must be an integer from 0 to 4294967295, got 1.5');
    bad({ tls: { ciphers: ['RC5'] } }, /^tls\.ciphers: must be one of "RSA_WITH_RC4_128_SHA", .*, got "RC5"$/);
    bad({ tls: { insecure_skip_verify: 'yes' } }, 'tls.insecure_skip_verify: must be a boolean, got "yes"');
    bad({ tls: { cafile: 'x' } }, /^tls\.cafile: unknown key \(known: server_name, /);
  });
});

describe('the control message', () => {
  it('round-trips through framing, signature and decoding', () => {
    const m = controlMessage({ action: 'load', script: 'return 0', config: '[A]\ntype = "SandboxFilter"\n' }, 'h1');
    const record = frameControlMessage(m, { name: 'ops', key: 'k', version: 2, hash: 'md5' });
    const reader = new FrameReader({ signers: { ops_2: 'k' } });
    reader.push(record);
    const [frame] = reader.readAll();
    expect(frame?.signer).toBe('ops');
    const bytes = (frame as { message: Uint8Array }).message;
    const header = decodeHeader(record, 2, 2 + (record[1] as number)).header;
    expect(authenticate(header, bytes, { ops_2: 'k' })).toEqual({ ok: true, signer: 'ops' });
    expect(authenticate(header, bytes, { ops_2: 'other' }).ok).toBe(false);
    const back = decodeMessage(bytes);
    expect(back.toJSON()).toMatchObject({
      type: 'heka.control.sandbox',
      logger: 'hekad',
      hostname: 'h1',
      payload: 'return 0',
      fields: [
        { name: 'config', representation: 'toml', value: ['[A]\ntype = "SandboxFilter"\n'] },
        { name: 'action', representation: '', value: ['load'] },
      ],
    });
    expect(back.has('severity')).toBe(false);
    expect(back.has('pid')).toBe(false);
  });

  it('refuses an unknown action without reading files', () => {
    expect(() => buildRequest({ ...SBMGR_DEFAULTS, action: 'Load' })).toThrow(
      new SbmgrError('Invalid action: Load (use load or unload)'),
    );
  });
});

describe('README', () => {
  it('documents every flag and key, and the differences from Heka', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const flag of ['config', 'action', 'script', 'scriptconfig', 'filtername']) {
      expect(readme).toMatch(new RegExp(`^\\| \`-${flag} `, 'm'));
    }
    for (const key of [
      'ip_address',
      'use_tls',
      'tls',
      'signer.name',
      'signer.hmac_hash',
      'signer.hmac_key',
      'signer.version',
    ]) {
      expect(readme).toMatch(new RegExp(`^\\| \`${key.replace('.', '\\.')}\``, 'm'));
    }
    expect(readme).toContain('## Differences from Heka');
  });
});
