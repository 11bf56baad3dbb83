import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { joinHostPort, listen, parseAddress, peerAddress, resolveHost, unmapIPv4 } from '../src/index.js';

describe('parseAddress', () => {
  it.each([
    ['tcp', '127.0.0.1:5565', { kind: 'inet', host: '127.0.0.1', port: 5565, family: 0 }],
    ['tcp4', ':5565', { kind: 'inet', host: '', port: 5565, family: 4 }],
    ['tcp6', '[::1]:80', { kind: 'inet', host: '::1', port: 80, family: 6 }],
    ['udp', 'localhost:0', { kind: 'inet', host: 'localhost', port: 0, family: 0 }],
    ['udp6', '[fe80::1]:65535', { kind: 'inet', host: 'fe80::1', port: 65535, family: 6 }],
    ['unix', '/run/heka.sock', { kind: 'unix', path: '/run/heka.sock', abstract: false }],
    ['unixgram', '@heka', { kind: 'unix', path: '\0heka', abstract: true }],
  ])('%s %s', (net, address, expected) => {
    expect(parseAddress(net, address)).toEqual(expected);
  });

  it.each([
    ['tcp', '127.0.0.1', /^address: missing port in address/],
    ['tcp', '::1:80', /too many colons/],
    ['tcp', '[::1', /missing "\]"/],
    ['tcp', '[::1]x', /unexpected text after "\]"/],
    ['tcp', '[1.2.3.4]:80', /1\.2\.3\.4 is not an IPv6 address/],
    ['tcp', 'host:http', /invalid port "http"/],
    ['tcp', 'host:65536', /invalid port "65536"/],
    ['tcp4', '[::1]:80', /::1 is not an IPv4 address/],
    ['udp6', '10.0.0.1:80', /10\.0\.0\.1 is not an IPv6 address/],
    ['sctp', 'a:1', /unknown network "sctp"/],
    ['unix', '', /needs a path/],
  ])('%s %j is refused', (net, address, error) => {
    expect(() => parseAddress(net, address)).toThrow(error);
  });

  it('accepts a bare host when the port is optional, and names the key', () => {
    expect(parseAddress('tcp', '10.1.2.3', { portOptional: true })).toMatchObject({ host: '10.1.2.3', port: 0 });
    expect(parseAddress('udp', '::1', { portOptional: true })).toMatchObject({ host: '::1', port: 0 });
    expect(() => parseAddress('tcp', 'x', { key: 'local_address' })).toThrow(/^local_address: missing port/);
  });
});

describe('address text', () => {
  it('joins and unmaps as Go prints addresses', () => {
    expect(joinHostPort('::1', 5)).toBe('[::1]:5');
    expect(joinHostPort('1.2.3.4', 5)).toBe('1.2.3.4:5');
    expect(unmapIPv4('::ffff:10.0.0.1')).toBe('10.0.0.1');
    expect(unmapIPv4('::ffff:abcd')).toBe('::ffff:abcd');
    expect(peerAddress('::ffff:127.0.0.1', 4000)).toBe('127.0.0.1:4000');
    expect(peerAddress('::1', 4000)).toBe('[::1]:4000');
    expect(peerAddress(undefined, 1)).toBe('');
  });

  it('resolves host names in the family asked for', async () => {
    expect(await resolveHost('localhost', 4)).toEqual({ address: '127.0.0.1', family: 4 });
    expect(await resolveHost('::1', 0)).toEqual({ address: '::1', family: 6 });
  });
});

describe('listen', () => {
  it('binds the requested family and reports the bound address', async () => {
    const s = createServer();
    expect(await listen(s, parseAddress('tcp4', 'localhost:0'))).toMatch(/^127\.0\.0\.1:\d+$/);
    await new Promise((r) => s.close(r));
    const six = createServer();
    expect(await listen(six, parseAddress('tcp6', ':0'))).toMatch(/^\[::\]:\d+$/);
    await new Promise((r) => six.close(r));
  });

  it('refuses a unix path that is a regular file, and one a live server holds', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heka-net-'));
    try {
      const file = join(dir, 'file');
      writeFileSync(file, '');
      await expect(listen(createServer(), parseAddress('unix', file))).rejects.toThrow(/exists and is not a socket/);
      const sock = join(dir, 'live.sock');
      const live = createServer();
      await listen(live, parseAddress('unix', sock));
      await expect(listen(createServer(), parseAddress('unix', sock))).rejects.toThrow(/another process is listening/);
      await new Promise((r) => live.close(r));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
