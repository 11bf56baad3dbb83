// Decoding in worker threads (maxprocs > 1, decoders that ask for it): every stream keeps its order
// and its one decoder instance, failures are handled as on the main thread, and nothing is lost when
// hekad stops while batches are in flight.
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { config, lines, runHekad, tempDir, until } from './harness.js';

const port = () => 20000 + Math.floor(Math.random() * 30000);

function hekadConfig(dir: string, inPort: number, out: string, maxprocs: number): string {
  return config(
    dir,
    `[in]
type = "TestTcpInput"
address = "127.0.0.1:${inPort}"
splitter = "lines"
decoder = "dec"
send_decode_failures = true

[lines]
type = "TestLineSplitter"

[dec]
type = "TestThreadDecoder"

[out]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(out)}
`,
    `maxprocs = ${maxprocs}`,
  );
}

async function send(p: number, text: string): Promise<void> {
  const sock = createConnection(p, '127.0.0.1');
  await new Promise<void>((r) => sock.once('connect', () => r()));
  // Many small writes and one big one: batches of every size.
  const half = text.length >> 1;
  for (let i = 0; i < half; i += 997) sock.write(text.slice(i, Math.min(i + 997, half)));
  sock.write(text.slice(half));
  await new Promise<void>((r) => sock.end(() => r()));
}

describe('decoder worker threads', () => {
  it('decodes each stream in a worker, in order, with one instance per stream', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const inPort = port();
    const out = join(dir, 'out.txt');
    const h = runHekad(dir, hekadConfig(dir, inPort, out, 2));
    await h.waitFor(/listening on/);
    const perStream = 5000;
    const streams = ['a', 'b', 'c'];
    await Promise.all(
      streams.map((s) =>
        send(inPort, Array.from({ length: perStream }, (_, i) => (i === 7 ? `!bad-${s}\n` : `${s}-${i}\n`)).join('')),
      ),
    );
    const total = streams.length * perStream;
    await until(() => lines(out).length >= total, 30_000, `${total} lines`);
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    const got = lines(out);
    expect(got.length).toBe(total);
    for (const s of streams) {
      const mine = got.filter((l) => l.includes(` ${s}-`));
      expect(mine.length).toBe(perStream - 1);
      // In the stream's order, each counted by the same decoder instance in a worker thread.
      expect(mine).toEqual(
        Array.from({ length: perStream }, (_, i) => i)
          .filter((i) => i !== 7)
          .map((i, k) => `worker ${k + 1} ${s}-${i}`),
      );
      // The failed record went on with decode_failure, rebuilt from its bytes as on the main thread.
      expect(got).toContain(`!bad-${s}\n`.trimEnd());
    }
    expect(h.stderr()).toMatch(/decode failed: fixture: refusing !bad-a/);
  });

  it('keeps decoding on the main thread when maxprocs is 1', { timeout: 30_000 }, async () => {
    const dir = tempDir();
    const inPort = port();
    const out = join(dir, 'out.txt');
    const h = runHekad(dir, hekadConfig(dir, inPort, out, 1));
    await h.waitFor(/listening on/);
    await send(inPort, 'x\ny\n');
    await until(() => lines(out).length >= 2);
    h.signal('SIGTERM');
    await h.exited;
    expect(lines(out)).toEqual(['main 1 x', 'main 2 y']);
  });

  it('routes every batch already sent when hekad stops', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const inPort = port();
    const out = join(dir, 'out.txt');
    const h = runHekad(dir, hekadConfig(dir, inPort, out, 2));
    await h.waitFor(/listening on/);
    const n = 20_000;
    const sock = createConnection(inPort, '127.0.0.1');
    sock.on('error', () => undefined); // hekad resets the connection when it stops
    await new Promise<void>((r) => sock.once('connect', () => r()));
    await new Promise<void>((r) => sock.write(Array.from({ length: n }, (_, i) => `s-${i}\n`).join(''), () => r()));
    await until(() => lines(out).length > 0, 10_000);
    h.signal('SIGTERM'); // while the rest is in flight
    expect(await h.exited).toBe(0);
    sock.destroy();
    const got = lines(out);
    // Whatever hekad accepted came out complete and in order: a prefix of what was sent.
    expect(got.length).toBeGreaterThan(0);
    expect(got).toEqual(Array.from({ length: got.length }, (_, i) => `worker ${i + 1} s-${i}`));
  });
});
