// heka-sbmgr as a real process against real sockets: the bytes it sends, TLS, and every failure.
import { createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createTlsServer } from 'node:tls';
import { createTestCertificates, type TestCertificates } from '@heka/net/testing';
import { one, protocDecode, str, type TextMessage } from '@heka/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, run } from './run.js';

beforeAll(ensureBuilt);

const servers: Server[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

interface Listener {
  port: number;
  /** Everything the first connection sent, once it closed. */
  received: Promise<Buffer>;
  server: Server;
}

function listen(tls?: { cert: string; key: string }): Promise<Listener> {
  return new Promise((resolve) => {
    let deliver: (b: Buffer) => void = () => undefined;
    const received = new Promise<Buffer>((r) => {
      deliver = r;
    });
    const onSocket = (sock: NodeJS.ReadWriteStream) => {
      const chunks: Buffer[] = [];
      sock.on('data', (d: Buffer) => chunks.push(d));
      sock.on('end', () => deliver(Buffer.concat(chunks)));
      sock.on('error', () => undefined);
    };
    const server: Server = tls
      ? createTlsServer({ cert: readText(tls.cert), key: readText(tls.key) }, onSocket)
      : createServer(onSocket);
    servers.push(server);
    server.listen(0, '127.0.0.1', () => {
      const addr = server.address();
      resolve({ port: typeof addr === 'object' && addr ? addr.port : 0, received, server });
    });
  });
}

function readText(path: string): string {
  return readFileSync(path, 'utf8');
}

const SCRIPT = 'count = 0\nfunction process_message() count = count + 1 return 0 end\n-- é ✓\n';
const SECTION = '[Counter]\ntype = "SandboxFilter"\nmessage_matcher = "Type == \'data\'"\nticker_interval = 1\n';

/** A directory with sbmgr.toml (the given body), x.lua and x.toml. */
function workDir(toml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'heka-sbmgr-'));
  writeFileSync(join(dir, 'sbmgr.toml'), toml);
  writeFileSync(join(dir, 'x.lua'), SCRIPT);
  writeFileSync(join(dir, 'x.toml'), SECTION);
  return dir;
}

const signerToml = (port: number, signer = 'name = "test"\nhmac_hash = "md5"\nhmac_key = "secret"\nversion = 1') =>
  `ip_address = "127.0.0.1:${port}"\n[signer]\n${signer}\n`;

function unframe(record: Buffer): { header: Buffer; message: Buffer } {
  expect(record[0]).toBe(0x1e);
  const h = record[1] as number;
  expect(record[2 + h]).toBe(0x1f);
  const message = record.subarray(3 + h);
  return { header: record.subarray(2, 2 + h), message };
}

function varint(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  while (x > 0x7fn) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

const len = (tag: number, b: Buffer | string) => {
  const bytes = typeof b === 'string' ? Buffer.from(b) : b;
  return [tag, ...varint(BigInt(bytes.length)), ...bytes];
};

/** What Go's generated marshaller writes: a Field with name, value_type, representation, one string. */
const goField = (name: string, value: string, representation: string) =>
  len(0x52, Buffer.from([...len(0x0a, name), 0x10, 0x00, ...len(0x1a, representation), ...len(0x22, value)]));

/** The message Heka's heka-sbmgr writes for these values (fields 1-4, 6 for load, 9, 10 in order). */
function goMessage(m: TextMessage, payload: string | undefined, fields: number[][]): Buffer {
  return Buffer.from([
    ...len(0x0a, one(m, 'uuid') as Buffer),
    0x10,
    ...varint(BigInt(one(m, 'timestamp') as string)),
    ...len(0x1a, 'heka.control.sandbox'),
    ...len(0x22, 'hekad'),
    ...(payload === undefined ? [] : len(0x32, payload)),
    ...len(0x4a, hostname()),
    ...fields.flat(),
  ]);
}

describe('heka-sbmgr sends what Heka sends', () => {
  it('load: the script as Payload, Fields[config] (toml) then Fields[action], MD5-signed', async () => {
    const l = await listen();
    const dir = workDir(signerToml(l.port));
    const before = BigInt(Date.now()) * 1_000_000n;
    const r = await run([
      '-config',
      join(dir, 'sbmgr.toml'),
      '-action',
      'load',
      '-script',
      join(dir, 'x.lua'),
      '-scriptconfig',
      join(dir, 'x.toml'),
    ]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('');
    expect(r.code).toBe(0);
    const { header, message } = unframe(await l.received);

    const hmac = createHmac('md5', 'secret').update(message).digest();
    // MD5 is the default: no hmac_hash_function; the key version is written.
    expect([...header]).toEqual([
      0x08,
      ...varint(BigInt(message.length)),
      ...len(0x22, 'test'),
      0x28,
      0x01,
      ...len(0x32, hmac),
    ]);
    const h = protocDecode('Header', header);
    expect(Object.keys(h)).toEqual(['message_length', 'hmac_signer', 'hmac_key_version', 'hmac']);

    const m = protocDecode('Message', message);
    expect(Object.keys(m)).toEqual(['uuid', 'timestamp', 'type', 'logger', 'payload', 'hostname', 'fields']);
    expect(str(m, 'type')).toBe('heka.control.sandbox');
    expect(str(m, 'logger')).toBe('hekad');
    expect(str(m, 'payload')).toBe(SCRIPT);
    expect(str(m, 'hostname')).toBe(hostname());
    const ts = BigInt(one(m, 'timestamp') as string);
    expect(ts >= before && ts <= BigInt(Date.now() + 1) * 1_000_000n).toBe(true);
    const uuid = one(m, 'uuid') as Buffer;
    expect(uuid.length).toBe(16);
    expect((uuid[6] as number) >> 4).toBe(4);
    const fields = m.fields as TextMessage[];
    expect(fields.map((f) => [str(f, 'name'), str(f, 'representation'), str(f, 'value_string')])).toEqual([
      ['config', 'toml', SECTION],
      ['action', '', 'load'],
    ]);
    expect(fields.map((f) => one(f, 'value_type'))).toEqual(['STRING', 'STRING']);
    expect(
      message.equals(goMessage(m, SCRIPT, [goField('config', SECTION, 'toml'), goField('action', 'load', '')])),
    ).toBe(true);
  });

  it('unload: Fields[name] then Fields[action], no Payload; SHA1 signing', async () => {
    const l = await listen();
    const dir = workDir(signerToml(l.port, 'name = "ops"\nhmac_hash = "sha1"\nhmac_key = "k2"\nversion = 7'));
    const r = await run(['--config', join(dir, 'sbmgr.toml'), '--action=unload', '-filtername=Counter']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const { header, message } = unframe(await l.received);
    const hmac = createHmac('sha1', 'k2').update(message).digest();
    expect([...header]).toEqual([
      0x08,
      ...varint(BigInt(message.length)),
      0x18,
      0x01,
      ...len(0x22, 'ops'),
      0x28,
      0x07,
      ...len(0x32, hmac),
    ]);
    const m = protocDecode('Message', message);
    expect(Object.keys(m)).toEqual(['uuid', 'timestamp', 'type', 'logger', 'hostname', 'fields']);
    expect(
      message.equals(goMessage(m, undefined, [goField('name', 'Counter', ''), goField('action', 'unload', '')])),
    ).toBe(true);
  });

  it("uses Heka's defaults: sbmgr.toml, load, xyz.lua, xyz.toml", async () => {
    const l = await listen();
    const dir = workDir(signerToml(l.port));
    writeFileSync(join(dir, 'xyz.lua'), 'function process_message() return 0 end\n');
    writeFileSync(join(dir, 'xyz.toml'), SECTION);
    const r = await run([], { cwd: dir });
    expect(r.code).toBe(0);
    const m = protocDecode('Message', unframe(await l.received).message);
    expect(str(m, 'payload')).toBe('function process_message() return 0 end\n');
    expect((m.fields as TextMessage[]).map((f) => str(f, 'value_string'))).toEqual([SECTION, 'load']);
  });

  it('signs with an empty signer when [signer] is missing, as Heka did, and warns', async () => {
    const l = await listen();
    const dir = workDir(`ip_address = "127.0.0.1:${l.port}"\n`);
    const r = await run(['-action', 'unload'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d warning: no \[signer\] name/);
    const { header, message } = unframe(await l.received);
    const hmac = createHmac('md5', '').update(message).digest();
    expect([...header]).toEqual([0x08, ...varint(BigInt(message.length)), 0x22, 0x00, 0x28, 0x00, ...len(0x32, hmac)]);
    const m = protocDecode('Message', message);
    expect((m.fields as TextMessage[]).map((f) => str(f, 'value_string'))).toEqual(['filter', 'unload']);
  });
});

describe('heka-sbmgr over TLS', () => {
  let certs: TestCertificates;
  beforeAll(() => {
    certs = createTestCertificates();
  });
  afterAll(() => certs.cleanup());

  it('connects with use_tls and [tls] root_cafile, and sends the same record', async () => {
    const l = await listen({ cert: certs.serverCert, key: certs.serverKey });
    const tls = `[tls]\nroot_cafile = ${JSON.stringify(certs.ca)}\nmin_version = "TLS12"\n`;
    const dir = workDir(`use_tls = true\n${signerToml(l.port)}${tls}`);
    const r = await run(['-action', 'unload', '-filtername', 'Tls'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const m = protocDecode('Message', unframe(await l.received).message);
    expect((m.fields as TextMessage[]).map((f) => str(f, 'value_string'))).toEqual(['Tls', 'unload']);
  });

  it('refuses a server certificate it cannot verify', async () => {
    const l = await listen({ cert: certs.serverCert, key: certs.serverKey });
    const dir = workDir(`use_tls = true\n${signerToml(l.port)}`);
    const r = await run(['-action', 'unload'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error creating sender: tls: .*(self.signed|unable to (get|verify))/i);
  });

  it('reports a bad [tls] setting as Heka: "Error creating TLS config", naming the key', async () => {
    const dir = workDir('ip_address = "127.0.0.1:1"\nuse_tls = true\n[tls]\nroot_cafile = "/nonexistent/ca.pem"\n');
    const r = await run(['-action', 'unload'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Error creating TLS config: tls.root_cafile: cannot read "/nonexistent/ca.pem"');
  });
});

describe('heka-sbmgr failures', () => {
  const fail = async (args: string[], toml: string, expected: string | RegExp, code = 1) => {
    const dir = workDir(toml);
    const r = await run(args, { cwd: dir });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(expected);
    return r;
  };

  it('a missing or broken configuration file, naming the key', async () => {
    await fail(
      ['-config', 'nope.toml'],
      '',
      /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d Error decoding config file: open nope\.toml: no such file or directory\n$/,
    );
    await fail([], 'ip_address = ', /Error decoding config file: .*sbmgr\.toml: Key without value at row 1/);
    await fail(
      [],
      'ip_adress = "127.0.0.1:5565"\n',
      'Error decoding config file: ip_adress: unknown key (known: ip_address, use_tls, tls, signer)',
    );
    await fail([], '', 'Error decoding config file: ip_address: required');
    await fail([], 'ip_address = 5565\n', 'Error decoding config file: ip_address: must be a string, got 5565');
    await fail(
      [],
      'ip_address = ":1"\nuse_tls = "yes"\n',
      'Error decoding config file: use_tls: must be true or false',
    );
    await fail(
      [],
      `${signerToml(1, 'version = -1')}`,
      'Error decoding config file: signer.version: must be an integer from 0 to 4294967295, got -1',
    );
    await fail(
      [],
      `${signerToml(1, 'hmac_hash = "sha256"')}`,
      'Error decoding config file: signer.hmac_hash: must be "md5" or "sha1", got "sha256"',
    );
    await fail([], `${signerToml(1, 'key = "x"')}`, 'Error decoding config file: signer.key: unknown key');
    await fail(
      [],
      'ip_address = ":1"\n[tls]\nmin_version = "TLS13"\n',
      /Error decoding config file: tls\.min_version: must be one of "SSL30"/,
    );
  });

  it('a missing script or script configuration', async () => {
    await fail(
      ['-script', 'missing.lua', '-scriptconfig', 'x.toml'],
      signerToml(1),
      'Error reading scriptFile: open missing.lua: no such file or directory',
    );
    await fail(
      ['-script', 'x.lua', '-scriptconfig', 'missing.toml'],
      signerToml(1),
      'Error reading scriptConfig: open missing.toml: no such file or directory',
    );
  });

  it('a refused connection and a bad address', async () => {
    const l = await listen();
    await new Promise<void>((r) => l.server.close(() => r()));
    await fail(
      ['-action', 'unload'],
      signerToml(l.port),
      `Error creating sender: dial tcp 127.0.0.1:${l.port}: connect: connection refused`,
    );
    await fail(
      ['-action', 'unload'],
      'ip_address = "localhost"\n',
      /Error creating sender: ip_address: missing port in address/,
    );
  });

  it('a script too big for one Heka message', async () => {
    const dir = workDir(signerToml(1));
    writeFileSync(join(dir, 'big.lua'), `-- ${'x'.repeat(70 * 1024)}\n`);
    const r = await run(['-script', 'big.lua', '-scriptconfig', 'x.toml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Error sending message: message too big: \d+ bytes \(max_message_size = 65536\)/);
  });

  it('an unknown action, flag or argument', async () => {
    await fail(['-action', 'reload'], signerToml(1), 'Invalid action: reload (use load or unload)');
    await fail(['-acton', 'load'], signerToml(1), "unknown option '-acton'", 2);
    await fail(['-action', 'load', 'extra'], signerToml(1), /too many arguments/, 2);
  });

  it('-help prints the usage and exits 0', async () => {
    const r = await run(['-help']);
    expect(r.code).toBe(0);
    for (const flag of [
      '--config <file>',
      '--action <load|unload>',
      '--script <file>',
      '--scriptconfig <file>',
      '--filtername <name>',
    ]) {
      expect(r.stdout).toContain(flag);
    }
  });
});
