import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { configProblems, resolveSection } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { cleanTempDirs, commands, fields, nodeScript, pipeline, sh, tempDir } from './pipeline-helpers.js';

cleanTempDirs();

describe('ProcessInput timeout', () => {
  it('kills a command that outlives the timeout and reports it as Heka did', async () => {
    const started = Date.now();
    const p = await pipeline({ command: commands(sh('echo started; exec sleep 10')), timeout: 1 });
    try {
      const [m] = await p.waitFor(1, 4000);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(900);
      expect(took).toBeLessThan(3000);
      expect(m?.payload).toBe('started\n');
      expect(fields(m)).toMatchObject({
        ExitStatus: 0,
        SubcmdErrors:
          'Subcommand[0] returned an error: [ManagedCmd was stopped with error: [subprocess was killed: [/bin/sh -c echo started; exec sleep 10]]]',
      });
    } finally {
      await p.stop();
    }
  });

  it('stops waiting for output held open by a background child once the timeout is up', async () => {
    const p = await pipeline({ command: commands(sh('sleep 6 & echo bg')), timeout: 1 });
    try {
      const [m] = await p.waitFor(1, 5000);
      expect(m?.payload).toBe('bg\n');
      expect(fields(m)).toMatchObject({
        ExitStatus: 0,
        SubcmdErrors:
          'Subcommand[0] returned an error: [ManagedCmd was stopped with error: [failed to kill subprocess: os: process already finished]]',
      });
    } finally {
      await p.stop();
    }
  });
});

describe('ProcessInput failures to start', () => {
  it('fails the run for a missing binary and applies the retries policy', async () => {
    const p = await pipeline({
      command: commands({ bin: '/no/such/bin', args: ['a'] }),
      can_exit: true,
      retries: { max_retries: 1, delay: '10ms', max_jitter: '0' },
    });
    try {
      const line = await p.waitForLog(/finished|failed: /, 3000);
      expect(line).toContain(
        'CommandChain::Start() error: [Command [/no/such/bin a] triggered an error: [fork/exec /no/such/bin: no such file or directory]]',
      );
      expect(p.logs.filter((l) => l.includes('CommandChain::Start() error')).length).toBeGreaterThanOrEqual(2);
      expect(p.logs.some((l) => /restarting in \d+ ms/.test(l))).toBe(true);
      expect(p.fatal).toBeUndefined(); // can_exit
    } finally {
      await p.stop();
    }
  });

  it("says a name is not in hekad's PATH, kills the commands already started, and shuts down without can_exit", async () => {
    const dir = tempDir();
    const marker = join(dir, 'started');
    const p = await pipeline({
      command: commands(sh(`sleep 0.5; touch ${marker}`), { bin: 'no-such-command-for-heka' }),
      retries: { max_retries: 0 },
    });
    try {
      const line = await p.waitForLog(/CommandChain::Start\(\) error/, 3000);
      expect(line).toContain(
        'Command [no-such-command-for-heka] triggered an error: [exec: "no-such-command-for-heka": executable file not found in $PATH]',
      );
      await new Promise((r) => setTimeout(r, 200));
      expect(p.fatal?.code).toBe(1);
      // The first command was killed: had it lived half a second, it would have made the marker.
      await new Promise((r) => setTimeout(r, 800));
      expect(existsSync(marker)).toBe(false);
    } finally {
      await p.stop();
    }
  });

  it('reports a working directory that does not exist', async () => {
    const p = await pipeline({
      command: commands({ bin: '/bin/echo', directory: '/no/such/dir' }),
      can_exit: true,
      retries: { max_retries: 0 },
    });
    try {
      const line = await p.waitForLog(/CommandChain::Start\(\) error/, 3000);
      expect(line).toContain('fork/exec /bin/echo: no such file or directory');
    } finally {
      await p.stop();
    }
  });
});

describe('ProcessInput with ticker_interval = 0', () => {
  it('streams the output of a long-running command and ends with it', async () => {
    const script =
      "process.stdout.write('first\\n'); setTimeout(() => { process.stdout.write('second\\nlast'); process.exitCode = 4; }, 1500);";
    const p = await pipeline({
      command: commands(nodeScript(script)),
      ticker_interval: 0,
      splitter: 'lines_final',
      can_exit: true,
    });
    try {
      const [first] = await p.waitFor(1, 5000);
      const firstAt = Date.now();
      expect(first?.payload).toBe('first\n');
      expect(fields(first)).toMatchObject({ ExitStatus: 0 });
      const got = await p.waitFor(3, 5000);
      // The first line came while the command was still running, long before its end.
      expect(Date.now() - firstAt).toBeGreaterThan(1000);
      expect(got.map((m) => m.payload)).toEqual(['first\n', 'second\n', 'last']);
      // The trailing record is made once the command has ended: it has the real status.
      expect(fields(got[2])).toMatchObject({
        ExitStatus: 4,
        SubcmdErrors: 'Subcommand[0] returned an error: [exit status 4]',
      });
      await p.waitForLog(/input 'proc' finished; can_exit is set/, 3000);
    } finally {
      await p.stop();
    }
  });

  it('shuts hekad down when the command ends, unless can_exit', async () => {
    const p = await pipeline({ command: commands({ bin: '/bin/echo', args: ['once'] }), ticker_interval: 0 });
    try {
      await p.waitFor(1);
      await p.waitForLog(/shutting down: input 'proc' finished/, 3000);
      expect(p.fatal?.code).toBe(1);
    } finally {
      await p.stop();
    }
  });

  it('kills the running command when hekad stops', async () => {
    const script = 'console.log(process.pid); setInterval(() => {}, 1000);';
    const p = await pipeline({ command: commands(nodeScript(script)), ticker_interval: 0, splitter: 'lines' });
    let pid = 0;
    try {
      const [m] = await p.waitFor(1, 15_000);
      pid = Number(m?.payload.trim());
      expect(pid).toBeGreaterThan(0);
    } finally {
      const t0 = Date.now();
      await p.stop();
      expect(Date.now() - t0).toBeLessThan(2000);
    }
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
  });
});

describe('ProcessInput with large output', () => {
  it('delivers output larger than a record, in order, without holding it all', async () => {
    const script =
      "const b = []; for (let i = 0; i < 20000; i++) b.push('line ' + String(i).padStart(8, '0')); process.stdout.write(b.join('\\n') + '\\n');";
    const p = await pipeline({ command: commands(nodeScript(script)), splitter: 'lines' });
    try {
      const got = await p.waitFor(20000, 10_000);
      expect(got[0]?.payload).toBe('line 00000000\n');
      expect(got[19999]?.payload).toBe('line 00019999\n');
      const bad = got.findIndex((m, i) => m.payload !== `line ${String(i).padStart(8, '0')}\n`);
      expect(bad, JSON.stringify(got.slice(bad - 2, bad + 2).map((m) => m.payload))).toBe(-1);
      expect(got).toHaveLength(20000);
    } finally {
      await p.stop();
    }
  });
});

describe('ProcessInput configuration', () => {
  const ok = { command: { '0': { bin: '/bin/echo' } } };

  it('accepts a minimal config and applies Heka defaults', () => {
    expect(configProblems(plugin, ok)).toEqual([]);
    const section = resolveSection(plugin, 'p', ok);
    expect(section.own).toEqual({
      command: { '0': { bin: '/bin/echo', args: [], directory: '' } },
      immediate_start: false,
      stdout: true,
      stderr: false,
      timeout: 0,
    });
    expect(section.common.ticker_interval).toBe(15);
  });

  it('refuses a config without commands, naming the key', () => {
    expect(configProblems(plugin, {})[0]).toMatch(/^command: missing required key 'command'/);
    expect(configProblems(plugin, { command: {} })).toEqual([
      'command: must NOT have fewer than 1 properties, got table',
    ]);
  });

  it('refuses a gap in the command keys, and keys that are not indexes', () => {
    expect(configProblems(plugin, { command: { '0': { bin: 'a' }, '2': { bin: 'b' } } })).toEqual([
      "command.1: missing required key '1'",
    ]);
    expect(configProblems(plugin, { command: { first: { bin: 'a' } } })[0]).toMatch(
      /^command\.first: unknown key 'first'/,
    );
  });

  it('checks each command: bin required, typed args and env, no unknown keys', () => {
    expect(configProblems(plugin, { command: { '0': { args: ['x'] } } })[0]).toMatch(
      /^command\.0\.bin: missing required key 'bin'/,
    );
    expect(configProblems(plugin, { command: { '0': { bin: '/bin/echo', args: 'x' } } })[0]).toMatch(
      /^command\.0\.args: must be/,
    );
    expect(configProblems(plugin, { command: { '0': { bin: '/bin/echo', env: ['NOEQUALS'] } } })).toEqual([
      'command.0.env[0]: must match the pattern ^[^=]+=, got string "NOEQUALS"',
    ]);
    expect(configProblems(plugin, { command: { '0': { bin: '/bin/echo', dir: '/tmp' } } })[0]).toMatch(
      /^command\.0\.dir: unknown key 'dir'/,
    );
  });

  it('checks the types of the other options', () => {
    expect(configProblems(plugin, { ...ok, timeout: -1 })).toEqual(['timeout: must be >= 0, got integer -1']);
    expect(configProblems(plugin, { ...ok, timeout: 1.5 })[0]).toMatch(/^timeout: must be an integer/);
    expect(configProblems(plugin, { ...ok, stdout: 'yes' })[0]).toMatch(/^stdout: must be a boolean/);
    expect(configProblems(plugin, { ...ok, immediate_start: 1 })[0]).toMatch(/^immediate_start: /);
  });
});
