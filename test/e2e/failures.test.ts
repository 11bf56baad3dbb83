// hekad as a process: restarts with retries, can_exit, inputs that stop, back-pressure diagnosis.
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { config, lines, runHekad, tempDir, until } from './harness.js';

const fastRetries = `
[%s.retries]
delay = "10ms"
max_delay = "20ms"
max_jitter = "0s"
max_retries = %d
`;
const retries = (name: string, n: number) => fastRetries.replace('%s', name).replace('%d', String(n));

describe('plugin failures', () => {
  it('restarts an output that fails fatally, without losing the message it failed on', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = 20

[out]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(out)}
fatal_on = "7"
fatal_times = 2
${retries('out', 5)}`,
      ),
    );
    await until(() => lines(out).length === 20, 10_000, 'all messages');
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
    expect(lines(out)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(h.stderr()).toMatch(/\bout: restarting in/);
    expect(h.stderr()).toMatch(/\bout: restarted/);
  });

  it('shuts down with exit code 1 when a plugin without can_exit fails past its retries', async () => {
    const dir = tempDir();
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = 5

[out]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(join(dir, 'out.txt'))}
fatal_on = "2"
fatal_times = 100
${retries('out', 2)}`,
      ),
    );
    expect(await h.exited).toBe(1);
    expect(h.stderr()).toMatch(/shutting down: output 'out' stopped: fixture: fatal on 2 \(set can_exit = true/);
  });

  it('keeps running and routes heka.terminated when the plugin has can_exit', async () => {
    const dir = tempDir();
    const notices = join(dir, 'notices.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = 5

[fragile]
type = "TestFileOutput"
message_matcher = "Type == 'test'"
path = ${JSON.stringify(join(dir, 'out.txt'))}
fatal_on = "1"
fatal_times = 100
can_exit = true
${retries('fragile', 0)}
[notices]
type = "TestFileOutput"
message_matcher = "Type == 'heka.terminated'"
path = ${JSON.stringify(notices)}
`,
      ),
    );
    await until(() => lines(notices).length === 1, 10_000, 'a termination notice');
    expect(lines(notices)[0]).toBe('fragile (type TestFileOutput) terminated. Error: fixture: fatal on 1');
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
  });

  it('retries an input that fails, then shuts down when retries run out', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[flaky]
type = "TestGenInput"
count = 10
fail_after = 3
${retries('flaky', 2)}
[out]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(out)}
`,
      ),
    );
    expect(await h.exited).toBe(1);
    // Three runs (first + 2 retries), three messages each.
    expect(lines(out)).toHaveLength(9);
    expect(h.stderr()).toMatch(/input 'flaky' failed: failing after 3 messages/);
  });

  it('lets an input with can_exit finish while hekad keeps running', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[once]
type = "TestGenInput"
count = 3
finish = true
can_exit = true

[out]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(out)}
`,
      ),
    );
    await h.waitFor(/input 'once' finished; can_exit is set/);
    await until(() => lines(out).length === 3);
    h.signal('SIGINT');
    expect(await h.exited).toBe(0);
  });
});

describe('back-pressure', () => {
  it('names the blocking output within max_pack_idle, and the TCP sender is slowed, not dropped', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const port = 20000 + Math.floor(Math.random() * 20000);
    const h = runHekad(
      dir,
      config(
        dir,
        `
[tcp]
type = "TestTcpInput"
address = "127.0.0.1:${port}"
splitter = "lines"
decoder = "trim"

[lines]
type = "TestLineSplitter"

[trim]
type = "TestTrimDecoder"

[slow]
type = "TestFileOutput"
message_matcher = "Type == 'tcp'"
path = ${JSON.stringify(out)}
delay_ms = 1500
`,
        'poolsize = 10\nplugin_chansize = 4\nmax_pack_idle = "1s"',
      ),
    );
    await h.waitFor(/listening on/);
    const sock = createConnection(port, '127.0.0.1');
    await new Promise<void>((r) => sock.once('connect', () => r()));
    for (let i = 0; i < 50; i++) sock.write(`line ${i}\n`);
    const started = Date.now();
    const line = await h.waitFor(/Diagnostics: output 'slow' \(type TestFileOutput\) is blocking[^\n]*/, 5000);
    expect(Date.now() - started).toBeLessThan(3500);
    expect(line).toMatch(/queue \d+\/4/);
    sock.destroy();
    h.signal('SIGKILL');
    await h.exited;
  });
});

describe('reports', () => {
  it('prints the heka.all-report table on SIGUSR1', async () => {
    const dir = tempDir();
    const out = join(dir, 'out.txt');
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
count = 7

[out]
type = "TestFileOutput"
message_matcher = "TRUE"
path = ${JSON.stringify(out)}
`,
      ),
    );
    await until(() => lines(out).length === 7);
    h.signal('SIGUSR1');
    const table = await h.waitFor(/========\[heka\.all-report\]========[\s\S]*?\n========\n/);
    expect(table).toMatch(/inputRecycleChan:\n\s+InChanCapacity: 100/);
    expect(table).toMatch(/outputs:\n\s+out:\n[\s\S]*ProcessMessageCount: 7/);
    expect(table).toMatch(/Router:\n\s+ProcessMessageCount: 7/);
    h.signal('SIGTERM');
    expect(await h.exited).toBe(0);
  });
});
