// hekad as a process with a SandboxManagerFilter behind a signed TcpInput, driven by the real heka-sbmgr:
// load, persistence across a restart, unload, and control messages that must be ignored.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { join } from 'node:path';
import { encodeFrame, encodeMessage, Message } from '@heka/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { lines, ROOT, type Running, runHekad, tempDir, until } from './harness.js';

const SBMGR = join(ROOT, 'apps/heka-sbmgr/dist/cli.js');
const PLUGIN_DIRS = [join(ROOT, 'plugins/sandbox-filter'), join(ROOT, 'plugins/sandbox-manager-filter')];

beforeAll(() => {
  for (const built of [SBMGR, ...PLUGIN_DIRS.map((d) => join(d, 'dist/index.js'))]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: build first (pnpm build)`);
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

function sbmgr(args: string[], cwd: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [SBMGR, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

/** Writes one unsigned frame, as a client without any [signer] section in Heka's own client package would. */
function sendUnsigned(port: number, message: Message): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(port, '127.0.0.1', () => sock.end(encodeFrame(encodeMessage(message))));
    sock.on('error', reject);
    sock.on('close', () => resolve());
  });
}

const TICKER_LUA = `
ticks = 0
function process_message()
  return 0
end
function timer_event(ns)
  ticks = ticks + 1
  inject_payload("txt", "ticks", "tick ", ticks)
end
`;

const TICKER_TOML = `[Ticker]
type = "SandboxFilter"
message_matcher = "Type == 'never'"
ticker_interval = 1
preserve_data = true
`;

function hekadConfig(dir: string, port: number, out: string): string {
  return `[hekad]
plugin_dirs = ${JSON.stringify(PLUGIN_DIRS)}
base_dir = ${JSON.stringify(join(dir, 'base'))}

[control_frames]
type = "HekaFramingSplitter"

  [control_frames.signer.ops_0]
  hmac_key = "ops key"
  [control_frames.signer.dev_0]
  hmac_key = "dev key"

[control_in]
type = "TcpInput"
address = "127.0.0.1:${port}"
splitter = "control_frames"

[Ops]
type = "SandboxManagerFilter"
message_signer = "ops"
max_filters = 2

[out]
type = "FileOutput"
message_matcher = "Type == 'heka.sandbox-output' || Type == 'heka.terminated' || Type == 'heka.sandbox-terminated'"
path = ${JSON.stringify(out)}
encoder = "payloads"
flush_interval = 0

[payloads]
type = "PayloadEncoder"
`;
}

const sbmgrToml = (port: number, name: string, key: string) =>
  `ip_address = "127.0.0.1:${port}"\n[signer]\nname = "${name}"\nhmac_hash = "md5"\nhmac_key = "${key}"\nversion = 0\n`;

/**
 * Starts hekad on a free port and writes the heka-sbmgr configurations for it. Another process may take
 * the port between the probe and hekad's bind: then it tries another one.
 */
async function startHekad(dir: string, out: string): Promise<Running> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    writeFileSync(join(dir, 'ops.toml'), sbmgrToml(port, 'ops', 'ops key'));
    writeFileSync(join(dir, 'forged.toml'), sbmgrToml(port, 'ops', 'guessed key'));
    writeFileSync(join(dir, 'dev.toml'), sbmgrToml(port, 'dev', 'dev key'));
    const h = runHekad(dir, hekadConfig(dir, port, out));
    const seen = await h.waitFor(/listening on 127\.0\.0\.1:\d+|EADDRINUSE/);
    if (seen !== 'EADDRINUSE') return h;
    // hekad keeps retrying to listen: stop it and take another port.
    h.proc.kill('SIGKILL');
    await h.exited;
    if (attempt >= 3) throw new Error(`no free port after ${attempt} attempts:\n${h.stderr()}`);
  }
}

describe('SandboxManagerFilter in hekad, driven by heka-sbmgr', () => {
  it('loads a filter over signed TCP, keeps it across a restart, unloads it, and ignores unsigned or foreign loads', async () => {
    const dir = tempDir('hekad-sbmgr-');
    const out = join(dir, 'out.txt');
    const workdir = join(dir, 'base', 'sbxmgrs');
    writeFileSync(join(dir, 'ticker.lua'), TICKER_LUA);
    writeFileSync(join(dir, 'ticker.toml'), TICKER_TOML);
    const load = ['-action', 'load', '-script', 'ticker.lua', '-scriptconfig', 'ticker.toml'];
    const ticks = () => lines(out).filter((l) => l.startsWith('tick '));

    let h = await startHekad(dir, out);
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(h.stderr() + h.stdout())?.[1]);

    // Ignored: unsigned, signed with a wrong key (dropped by the splitter), signed by another signer.
    const unsigned = new Message({ type: 'heka.control.sandbox', logger: 'hekad', payload: TICKER_LUA });
    unsigned.addField({ name: 'config', value: TICKER_TOML, representation: 'toml' });
    unsigned.addField({ name: 'action', value: 'load' });
    await sendUnsigned(port, unsigned);
    expect(await sbmgr(['-config', 'forged.toml', ...load], dir)).toEqual({ code: 0, stderr: '' });
    expect(await sbmgr(['-config', 'dev.toml', ...load], dir)).toEqual({ code: 0, stderr: '' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.stderr() + h.stdout()).not.toMatch(/Loading:/);
    expect(existsSync(workdir) ? readdirSync(workdir) : []).toEqual([]);
    expect(lines(out)).toEqual([]);

    // The real thing.
    expect(await sbmgr(['-config', 'ops.toml', ...load], dir)).toEqual({ code: 0, stderr: '' });
    await h.waitFor(/Loading: Ops-Ticker/);
    await until(() => ticks().length >= 2, 10_000, 'two ticks from Ops-Ticker');
    expect(ticks().slice(0, 2)).toEqual(['tick 1', 'tick 2']);
    expect(readdirSync(workdir).sort()).toEqual(['Ops-Ticker.lua', 'Ops-Ticker.toml']);

    // hekad restarts: the filter comes back by itself, with its preserved count.
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(readdirSync(workdir).sort()).toEqual(['Ops-Ticker.lua', 'Ops-Ticker.toml', 'Ops_Ticker.data']);
    const before = ticks().length;
    h = await startHekad(dir, out);
    await h.waitFor(/Loading: Ops-Ticker/);
    await until(() => ticks().length > before, 10_000, 'a tick after the restart');
    expect(ticks()[before]).toBe(`tick ${before + 1}`);

    // A second load of the same name is refused with heka.sandbox-terminated.
    expect(await sbmgr(['-config', 'ops.toml', ...load], dir)).toEqual({ code: 0, stderr: '' });
    await until(() => lines(out).includes('loadSandbox failed: Ops-Ticker is already running'), 10_000, 'the refusal');

    expect(await sbmgr(['-config', 'ops.toml', '-action', 'unload', '-filtername', 'Ticker'], dir)).toEqual({
      code: 0,
      stderr: '',
    });
    await until(
      () => lines(out).includes('Ops-Ticker (type SandboxFilter) terminated. Error: Filter unloaded.'),
      10_000,
      'the unload notice',
    );
    await h.waitFor(/Unloaded: Ops-Ticker/);
    expect(readdirSync(workdir)).toEqual([]);
    h.signal('SIGINT');
    expect(await h.exited).toBe(0);
  });
});
