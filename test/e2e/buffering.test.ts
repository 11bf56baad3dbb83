// use_buffering end to end: a TcpOutput whose receiver is down queues on disk; hekad is killed with
// SIGKILL; the next hekad sends everything once the receiver is up (at least once, in order).
import { createConnection, createServer, type Server } from 'node:net';
import { describe, expect, it } from 'vitest';
import { config, runHekad, tempDir, until } from './harness.js';

const port = () => 20000 + Math.floor(Math.random() * 30000);

function hekadConfig(dir: string, inPort: number, outPort: number): string {
  return config(
    dir,
    `[in]
type = "TcpInput"
address = "127.0.0.1:${inPort}"
splitter = "TokenSplitter"
decoder = ""

[TokenSplitter]

[out]
type = "TcpOutput"
message_matcher = "TRUE"
address = "127.0.0.1:${outPort}"
encoder = "text"
use_buffering = true

[out.retries]
delay = "50ms"
max_delay = "200ms"

[text]
type = "PayloadEncoder"
append_newlines = false
`,
  );
}

function receiver(p: number): Promise<{ server: Server; text: () => string }> {
  let text = '';
  const server = createServer((sock) => sock.on('data', (d: Buffer) => (text += d.toString())));
  return new Promise((resolve) => server.listen(p, '127.0.0.1', () => resolve({ server, text: () => text })));
}

async function send(p: number, data: string): Promise<void> {
  const sock = createConnection(p, '127.0.0.1');
  await new Promise<void>((r) => sock.once('connect', () => r()));
  await new Promise<void>((r) => sock.end(data, () => r()));
}

describe('TcpOutput with use_buffering', () => {
  it('keeps messages on disk across kill -9 while the receiver is down', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const inPort = port();
    const outPort = port();
    const lines = Array.from({ length: 2000 }, (_, i) => `line-${i}\n`);
    const first = runHekad(dir, hekadConfig(dir, inPort, outPort));
    await first.waitFor(/listening on/);
    await send(inPort, lines.join(''));
    // Appended to the queue (the receiver is not there yet).
    await until(() => /delivery failed, will retry/.test(first.stderr() + first.stdout()), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    first.signal('SIGKILL');
    await first.exited;

    const rx = await receiver(outPort);
    try {
      const second = runHekad(dir, hekadConfig(dir, inPort, outPort));
      await until(() => rx.text().split('\n').length > lines.length, 30_000, `${lines.length} lines`);
      second.signal('SIGTERM');
      expect(await second.exited).toBe(0);
      const got = rx.text().split('\n').filter(Boolean);
      // At least once, in order: every line, none missing.
      expect(got).toEqual(lines.map((l) => l.trimEnd()));
    } finally {
      rx.server.close();
    }
  });
});
