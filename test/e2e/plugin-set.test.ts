// The essential plugin set working together in real hekad processes (issue 4's end-to-end cases).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { encodeFrame, encodeMessage, Message } from '@heka/core';
import { describe, expect, it } from 'vitest';
import { lines, ROOT, runHekad, tempDir, until } from './harness.js';

const port = () => 20000 + Math.floor(Math.random() * 30000);

/** The default distribution (hekad's own dependencies) only: no plugin_dirs. */
const hekadSection = (dir: string, extra = '') =>
  `[hekad]\nbase_dir = ${JSON.stringify(join(dir, 'base'))}\n${extra}\n`;

function run(tool: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [join(ROOT, `apps/${tool}/dist/cli.js`), ...args], { cwd });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

async function send(p: number, chunks: Uint8Array[]): Promise<void> {
  const sock = createConnection(p, '127.0.0.1');
  await new Promise<void>((r) => sock.once('connect', () => r()));
  for (const c of chunks) sock.write(c);
  await new Promise<void>((r) => sock.end(() => r()));
}

describe('the essential plugins end to end', () => {
  it('heka-flood → TcpInput → TcpOutput → a second hekad → FileOutput, read back by heka-cat', {
    timeout: 90_000,
  }, async () => {
    const dir = tempDir();
    const [relayPort, sinkPort] = [port(), port()];
    const file = join(dir, 'received.dat');
    const sink = runHekad(
      join(dir),
      `${hekadSection(join(dir, 'sink'))}
[in]
type = "TcpInput"
address = "127.0.0.1:${sinkPort}"

[file]
type = "FileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(file)}
encoder = "ProtobufEncoder"
flush_interval = 100
`,
    );
    await sink.waitFor(/listening on/);
    const relayDir = tempDir();
    const relay = runHekad(
      relayDir,
      `${hekadSection(relayDir)}
[in]
type = "TcpInput"
address = "127.0.0.1:${relayPort}"

[out]
type = "TcpOutput"
message_matcher = "TRUE"
address = "127.0.0.1:${sinkPort}"
`,
    );
    await relay.waitFor(/listening on/);
    const count = 20_000;
    writeFileSync(
      join(dir, 'flood.toml'),
      `[run]\nip_address = "127.0.0.1:${relayPort}"\nsender = "tcp"\nnum_messages = ${count}\nvariable_size_messages = true\n`,
    );
    const flood = await run('heka-flood', ['-config', join(dir, 'flood.toml'), '-test', 'run'], dir);
    expect(flood.code, flood.stderr).toBe(0);
    // heka-cat prints its summary on stderr, as Heka's did.
    const counted = async () => {
      const r = await run('heka-cat', ['-format', 'count', file], dir);
      return Number(`${r.stdout}${r.stderr}`.match(/matched: (\d+)/)?.[1] ?? 0);
    };
    const start = Date.now();
    let got = await counted();
    while (got < count && Date.now() - start < 60_000) {
      await new Promise((r) => setTimeout(r, 500));
      got = await counted();
    }
    relay.signal('SIGTERM');
    sink.signal('SIGTERM');
    expect(await relay.exited).toBe(0);
    expect(await sink.exited).toBe(0);
    expect(got).toBe(count);
    const cat = await run('heka-cat', ['-format', 'count', file], dir);
    expect(cat.stderr + cat.stdout).toMatch(new RegExp(`Processed: ${count}, matched: ${count} messages`));
    expect(cat.stderr).not.toMatch(/corrupt/i);
  });

  it('text lines over TCP → TokenSplitter → PayloadRegexDecoder → ESJsonEncoder → FileOutput', {
    timeout: 30_000,
  }, async () => {
    const dir = tempDir();
    const p = port();
    const file = join(dir, 'es.json');
    const h = runHekad(
      dir,
      `${hekadSection(dir)}
[lines]
type = "TcpInput"
address = "127.0.0.1:${p}"
splitter = "TokenSplitter"
decoder = "access"

[access]
type = "PayloadRegexDecoder"
match_regex = '^(?P<RemoteIP>\\S+) (?P<Method>[A-Z]+) (?P<Path>\\S+) (?P<Status>\\d{3})\\n'

[access.message_fields]
Type = "access"
Status = "%Status%"
Path = "%Path%"
Method = "%Method%"
RemoteIP = "%RemoteIP%"

[es]
type = "ESJsonEncoder"
index = "web"
type_name = "hit"
fields = ["Type", "Fields"]

[file]
type = "FileOutput"
message_matcher = "Type == 'access'"
path = ${JSON.stringify(file)}
encoder = "es"
flush_interval = 50
`,
    );
    await h.waitFor(/listening on/);
    const input = Array.from(
      { length: 200 },
      (_, i) => `10.0.0.${i % 250} ${i % 2 ? 'GET' : 'POST'} /item/${i} ${200 + (i % 4)}`,
    );
    await send(p, [new TextEncoder().encode(`${input.join('\n')}\nnot an access line\n`)]);
    await until(() => lines(file).length === 400, 10_000, '200 bulk action + document pairs');
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    const out = lines(file);
    for (let i = 0; i < 200; i++) {
      expect(JSON.parse(out[2 * i] as string)).toEqual({ index: { _index: 'web', _type: 'hit' } });
      const [ip, method, path, status] = (input[i] as string).split(' ');
      expect(JSON.parse(out[2 * i + 1] as string)).toEqual({
        Type: 'access',
        Status: status,
        Path: path,
        Method: method,
        RemoteIP: ip,
      });
    }
    expect(h.stderr()).toMatch(/No match/);
  });

  it('signed and unsigned frames mixed with garbage: only valid, correctly signed messages get through', {
    timeout: 30_000,
  }, async () => {
    const dir = tempDir();
    const p = port();
    const all = join(dir, 'all.txt');
    const signed = join(dir, 'signed.txt');
    const h = runHekad(
      dir,
      `${hekadSection(dir)}
[in]
type = "TcpInput"
address = "127.0.0.1:${p}"
splitter = "framed"

[framed]
type = "HekaFramingSplitter"

[framed.signer.ops_1]
hmac_key = "right key"

[all]
type = "FileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(all)}
encoder = "payload"
flush_interval = 50

[signed]
type = "FileOutput"
message_matcher = "TRUE"
message_signer = "ops"
path = ${JSON.stringify(signed)}
encoder = "payload"
flush_interval = 50

[payload]
type = "PayloadEncoder"
`,
    );
    await h.waitFor(/listening on/);
    const msg = (payload: string) => encodeMessage(new Message({ type: 't', payload }));
    const garbage = new Uint8Array([0x1e, 0x05, 0x08, 0x99, 0x1f, 0x00, 0x41, 0x42, 0x1e, 0x1e, 0x02]);
    const chunks = [
      encodeFrame(msg('unsigned 1')),
      garbage,
      encodeFrame(msg('signed right'), { name: 'ops', key: 'right key', version: 1 }),
      encodeFrame(msg('signed wrong key'), { name: 'ops', key: 'wrong key', version: 1 }),
      garbage,
      encodeFrame(msg('signed unknown version'), { name: 'ops', key: 'right key', version: 2 }),
      encodeFrame(msg('signed right sha1'), { name: 'ops', key: 'right key', version: 1, hash: 'sha1' }),
      encodeFrame(msg('unsigned 2')),
    ];
    await send(p, chunks);
    await until(() => lines(all).length === 4, 10_000, 'the valid messages');
    await until(() => lines(signed).length === 2, 10_000, 'the signed ones');
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(lines(all).sort()).toEqual(['signed right', 'signed right sha1', 'unsigned 1', 'unsigned 2']);
    expect(lines(signed)).toEqual(['signed right', 'signed right sha1']);
    expect(readFileSync(all, 'utf8')).not.toMatch(/wrong|unknown/);
  });
});
