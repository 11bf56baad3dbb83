import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanTempDirs, commands, fields, nodeScript, pipeline, sh, tempDir } from './pipeline-helpers.js';

cleanTempDirs();

describe('ProcessInput runs commands', () => {
  it('makes one message of a run, with the headers and fields Heka set', async () => {
    const p = await pipeline({ command: commands({ bin: '/bin/echo', args: ['hello', 'world'] }) });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload).toBe('hello world\n');
      expect(m?.type).toBe('ProcessInput');
      expect(m?.logger).toBe('proc');
      expect(m?.hostname).toBe('testkit');
      expect(m?.pid).toBe(process.pid);
      expect(m?.fields.map((f) => [f.name, f.valueType, f.representation, f.value])).toEqual([
        ['ProcessInputName', 'string', '', ['proc.stdout']],
        ['ExitStatus', 'integer', '', [0]],
      ]);
    } finally {
      await p.stop();
    }
  });

  it('pipes stdout of each command into stdin of the next, in key order, with PATH lookup', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.txt'), 'pear\napple\nerror: one\npear\nerror: two\n');
    // Keys given out of order: the chain follows the indexes.
    const command = {
      '2': { bin: 'uniq', args: ['-c'] },
      '0': { bin: '/bin/cat', args: [join(dir, 'in.txt')] },
      '1': { bin: 'sort' },
    };
    const p = await pipeline({ command });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload.replace(/^ +/gm, '')).toBe('1 apple\n1 error: one\n1 error: two\n2 pear\n');
      expect(fields(m)).toEqual({ ProcessInputName: 'proc.stdout', ExitStatus: 0 });
    } finally {
      await p.stop();
    }
  });

  it('with a NullSplitter, a run written in several pieces is still one message', async () => {
    const script =
      "let i = 0; const t = setInterval(() => { process.stdout.write('part' + i + '\\n'); if (++i === 3) clearInterval(t); }, 60);";
    const p = await pipeline({ command: commands(nodeScript(script)) });
    try {
      const [m] = await p.waitFor(1);
      await new Promise((r) => setTimeout(r, 200));
      expect(p.messages).toHaveLength(1);
      expect(m?.payload).toBe('part0\npart1\npart2\n');
    } finally {
      await p.stop();
    }
  });

  it("uses the input's splitter and decoder; a record that fails to decode is counted, the rest go on", async () => {
    const p = await pipeline({
      command: commands(sh('printf "one\\nbad two\\nthree\\n"; exit 5')),
      splitter: 'lines',
      decoder: 'upper',
    });
    try {
      const got = await p.waitFor(2);
      expect(got.map((m) => m.payload)).toEqual(['ONE\n', 'THREE\n']);
      // Every record of the run carries the run's own status.
      for (const m of got) expect(fields(m)).toMatchObject({ ExitStatus: 5 });
      await p.waitForLog(/decode failed: cannot decode "bad two\\n"/);
      expect(p.pipeline.decoderStats.get('proc-upper')?.failures).toBe(1);
    } finally {
      await p.stop();
    }
  });

  it('runs again every ticker_interval, and not at start without immediate_start', async () => {
    const started = Date.now();
    const p = await pipeline({
      command: commands({ bin: '/bin/echo', args: ['tick'] }),
      ticker_interval: 1,
      immediate_start: false,
    });
    try {
      await p.waitFor(1, 3000);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      await p.waitFor(2, 3000);
      expect(p.messages.every((m) => m.payload === 'tick\n')).toBe(true);
    } finally {
      await p.stop();
    }
  });
});

describe('ProcessInput status fields', () => {
  it('reports a non-zero exit in ExitStatus and SubcmdErrors', async () => {
    const p = await pipeline({ command: commands(sh('echo out; exit 3')) });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload).toBe('out\n');
      expect(fields(m)).toEqual({
        ProcessInputName: 'proc.stdout',
        ExitStatus: 3,
        SubcmdErrors: 'Subcommand[0] returned an error: [exit status 3]',
      });
    } finally {
      await p.stop();
    }
  });

  it('reports a failure earlier in the chain in SubcmdErrors only, and every failure on its own line', async () => {
    const p = await pipeline({ command: commands(sh('echo x; exit 2'), { bin: '/bin/cat' }) });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload).toBe('x\n');
      expect(fields(m)).toMatchObject({
        ExitStatus: 0,
        SubcmdErrors: 'Subcommand[0] returned an error: [exit status 2]',
      });
    } finally {
      await p.stop();
    }
    const q = await pipeline({ command: commands(sh('echo y; exit 2'), sh('cat; exit 4')) });
    try {
      const [m] = await q.waitFor(1);
      expect(fields(m)).toMatchObject({
        ExitStatus: 4,
        SubcmdErrors:
          'Subcommand[0] returned an error: [exit status 2]\nSubcommand[1] returned an error: [exit status 4]',
      });
    } finally {
      await q.stop();
    }
  });

  it('reports a command ended by a signal with ExitStatus -1', async () => {
    const p = await pipeline({ command: commands(sh('echo before; kill -TERM $$')) });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload).toBe('before\n');
      expect(fields(m)).toMatchObject({
        ExitStatus: -1,
        SubcmdErrors: 'Subcommand[0] returned an error: [signal: terminated]',
      });
    } finally {
      await p.stop();
    }
  });

  it('gives the writer SIGPIPE when the next command stops reading', async () => {
    const p = await pipeline({
      command: commands(sh('while true; do echo y; done'), { bin: 'head', args: ['-n', '2'] }),
    });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload).toBe('y\ny\n');
      expect(fields(m)).toMatchObject({
        ExitStatus: 0,
        SubcmdErrors: 'Subcommand[0] returned an error: [signal: broken pipe]',
      });
    } finally {
      await p.stop();
    }
  });
});

describe('ProcessInput stdout and stderr', () => {
  it('reads stderr instead of stdout when asked', async () => {
    const p = await pipeline({ command: commands(sh('echo out; echo err >&2')), stdout: false, stderr: true });
    try {
      const [m] = await p.waitFor(1);
      await new Promise((r) => setTimeout(r, 100));
      expect(p.messages).toHaveLength(1);
      expect(m?.payload).toBe('err\n');
      expect(fields(m)).toEqual({ ProcessInputName: 'proc.stderr', ExitStatus: 0 });
    } finally {
      await p.stop();
    }
  });

  it('reads both when both are on', async () => {
    const p = await pipeline({ command: commands(sh('echo out; echo err >&2')), stderr: true });
    try {
      const got = await p.waitFor(2);
      const byName = Object.fromEntries(got.map((m) => [m.getFieldValue('ProcessInputName'), m.payload]));
      expect(byName).toEqual({ 'proc.stdout': 'out\n', 'proc.stderr': 'err\n' });
    } finally {
      await p.stop();
    }
  });

  it('makes no message for a run without output', async () => {
    const p = await pipeline({ command: commands({ bin: '/bin/true' }), ticker_interval: 1 });
    try {
      await new Promise((r) => setTimeout(r, 1300));
      expect(p.messages).toHaveLength(0);
      expect(p.fatal).toBeUndefined();
    } finally {
      await p.stop();
    }
  });
});

describe('ProcessInput environment and directory', () => {
  it('gives a command exactly the env it lists', async () => {
    const p = await pipeline({
      command: commands({ ...sh('echo "$FOO|$HOME|$EMPTY"'), env: ['FOO=bar=baz', 'EMPTY='] }),
    });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload).toBe('bar=baz||\n');
    } finally {
      await p.stop();
    }
  });

  it("inherits hekad's environment without env", async () => {
    process.env.HEKA_PROCESS_INPUT_TEST = 'inherited';
    const p = await pipeline({ command: commands(sh('echo "$HEKA_PROCESS_INPUT_TEST"')) });
    try {
      const [m] = await p.waitFor(1);
      expect(m?.payload).toBe('inherited\n');
    } finally {
      delete process.env.HEKA_PROCESS_INPUT_TEST;
      await p.stop();
    }
  });

  it('runs a command in its directory', async () => {
    const dir = tempDir();
    const p = await pipeline({ command: commands({ bin: '/bin/pwd', directory: dir }) });
    try {
      const [m] = await p.waitFor(1);
      expect(realpathSync(m?.payload.trim() ?? '')).toBe(realpathSync(dir));
    } finally {
      await p.stop();
    }
  });
});
