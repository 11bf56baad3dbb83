// hekad as a process: routing by matcher, injection and its loop protection, graceful shutdown.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { config, lines, runHekad, tempDir, until } from './harness.js';

const seq = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(i + from));

describe('hekad routes messages by matcher', () => {
  it('delivers each message to every output whose matcher accepts it, in order', async () => {
    const dir = tempDir();
    const all = join(dir, 'all.txt');
    const odd = join(dir, 'odd.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = 2000
message_type = "numbers"

[all]
type = "TestFileOutput"
message_matcher = "Type == 'numbers'"
path = ${JSON.stringify(all)}

[odd]
type = "TestFileOutput"
message_matcher = "Type == 'numbers' && Payload =~ /[13579]$/"
path = ${JSON.stringify(odd)}
`,
      ),
    );
    await until(() => lines(all).length === 2000 && lines(odd).length === 1000, 15_000, 'all messages');
    h.signal('SIGINT');
    expect(await h.exited).toBe(0);
    expect(lines(all)).toEqual(seq(2000));
    expect(lines(odd)).toEqual(seq(2000).filter((n) => Number(n) % 2 === 1));
    expect(h.stderr()).toMatch(/shutdown complete/);
  });

  it('routes what filters inject, and refuses a filter feeding itself', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = 5
message_type = "source"

[echo]
type = "TestInjectFilter"
message_matcher = "Type == 'source'"
message_type = "echoed"

[selfish]
type = "TestInjectFilter"
message_matcher = "Type == 'source' || Type == 'selfish'"
message_type = "selfish"

[out]
type = "TestFileOutput"
message_matcher = "Type == 'echoed'"
path = ${JSON.stringify(out)}
`,
      ),
    );
    await until(() => lines(out).length === 5, 10_000, 'echoed messages');
    await h.waitFor(/cannot inject a message its own message_matcher accepts/);
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(lines(out)).toEqual(seq(5));
  });

  it('stops a chain of filters at max_message_loops', async () => {
    const dir = tempDir();
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = 1
message_type = "ping"

[ping]
type = "TestInjectFilter"
message_matcher = "Type == 'ping'"
message_type = "pong"

[pong]
type = "TestInjectFilter"
message_matcher = "Type == 'pong'"
message_type = "ping"
`,
        'max_message_loops = 3',
      ),
    );
    await h.waitFor(/exceeded max_message_loops \(3\)/);
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
  });
});

describe('graceful shutdown', () => {
  it('processes every accepted message before exiting, behind a slow output', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const countFile = join(dir, 'count.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = -1
count_file = ${JSON.stringify(countFile)}

[slow]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(out)}
delay_ms = 2
`,
        'poolsize = 50\nplugin_chansize = 20',
      ),
    );
    await until(() => lines(out).length >= 100, 15_000, 'some output');
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    const accepted = Number(readFileSync(countFile, 'utf8'));
    expect(accepted).toBeGreaterThan(100);
    // Everything the input handed over was written, once, in order.
    expect(lines(out)).toEqual(seq(accepted));
  });
});
