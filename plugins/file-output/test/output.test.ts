import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage, FrameReader } from '@heka/core';
import { strftime } from '@heka/go-time';
import { configProblems, readmeExample, resolveSection } from '@heka/testkit';
import { describe, expect, it } from 'vitest';
import plugin from '../src/index.js';
import { cleanTempDirs, pipeline, read, sleep, tempDir, until } from './pipeline-helpers.js';

cleanTempDirs();

describe('FileOutput writes files', () => {
  it('appends every encoded message, creating the directory with folder_perm and the file with perm', async () => {
    const dir = tempDir();
    const path = join(dir, 'sub', 'deeper', 'out.log');
    writeFileSync(join(dir, 'keep'), '');
    const { p, send } = await pipeline({ path, perm: '600', folder_perm: '750', flush_interval: 0 });
    try {
      send('one', 'skip', 'two');
      await until(() => read(path) === 'one\ntwo\n');
      expect(statSync(path).mode & 0o777).toBe(0o600);
      expect(statSync(join(dir, 'sub')).mode & 0o777).toBe(0o750);
      expect(statSync(join(dir, 'sub', 'deeper')).mode & 0o777).toBe(0o750);
    } finally {
      await p.stop();
    }
  });

  it('appends to a file that already exists, keeping its content and permissions', async () => {
    const path = join(tempDir(), 'existing.log');
    writeFileSync(path, 'before\n', { mode: 0o640 });
    const { p, send } = await pipeline({ path, flush_interval: 0 });
    try {
      send('after');
      await until(() => read(path) === 'before\nafter\n');
      expect(statSync(path).mode & 0o777).toBe(0o640);
    } finally {
      await p.stop();
    }
  });

  it('uses perm 644 and folder_perm 700 by default (less the umask)', async () => {
    const dir = tempDir();
    const path = join(dir, 'new', 'out.log');
    const umask = process.umask();
    const { p, send } = await pipeline({ path, flush_interval: 0 });
    try {
      send('x');
      await until(() => read(path) === 'x\n');
      expect(statSync(path).mode & 0o777).toBe(0o644 & ~umask);
      expect(statSync(join(dir, 'new')).mode & 0o777).toBe(0o700 & ~umask);
    } finally {
      await p.stop();
    }
  });

  it('writes what is still buffered when it stops', async () => {
    const path = join(tempDir(), 'out.log');
    const { p, send } = await pipeline({ path, flush_count: 1000, flush_interval: 60_000 });
    send('a', 'b', 'c');
    await sleep(200);
    expect(read(path)).toBe('');
    await p.stop();
    expect(read(path)).toBe('a\nb\nc\n');
  });

  it('frames records by default when the encoder is ProtobufEncoder (heka-cat readable)', async () => {
    const path = join(tempDir(), 'out.heka');
    const { p, send } = await pipeline({ path, encoder: 'ProtobufEncoder', flush_interval: 0 });
    send('first', 'second');
    await until(() => read(path).length > 0);
    await p.stop();
    const bytes = readFileSync(path);
    expect(bytes[0]).toBe(0x1e);
    const reader = new FrameReader();
    reader.push(bytes);
    const frames = reader.readAll();
    expect(frames.map((f) => decodeMessage(f.message).payload)).toEqual(['first', 'second']);
  });

  it('does not frame when use_framing = false, nor for other encoders', async () => {
    const path = join(tempDir(), 'raw.pb');
    const { p, send } = await pipeline({ path, encoder: 'ProtobufEncoder', use_framing: false, flush_interval: 0 });
    send('raw');
    await until(() => read(path).length > 0);
    await p.stop();
    expect(decodeMessage(readFileSync(path)).payload).toBe('raw');
    expect(resolveSection(plugin, 'f', { path, encoder: 'lines', message_matcher: 'TRUE' }).common.use_framing).toBe(
      false,
    );
    expect(
      resolveSection(plugin, 'f', { path, encoder: 'lines', use_framing: true, message_matcher: 'TRUE' }).common
        .use_framing,
    ).toBe(true);
  });
});

describe('FileOutput reopens its file on SIGHUP (logrotate)', () => {
  it('writes to a new file at the path after the old one was renamed', async () => {
    const dir = tempDir();
    const path = join(dir, 'app.log');
    const { p, send } = await pipeline({ path, flush_interval: 0 });
    try {
      send('before rotate');
      await until(() => read(path) === 'before rotate\n');
      renameSync(path, `${path}.1`);
      send('still to the renamed file');
      await until(() => read(`${path}.1`) === 'before rotate\nstill to the renamed file\n');
      // What hekad does on SIGHUP: reload with an unchanged config, which reopens kept plugins' files.
      await p.pipeline.reload(p.pipeline.plan);
      send('after reopen');
      await until(() => read(path) === 'after reopen\n');
      expect(read(`${path}.1`)).toBe('before rotate\nstill to the renamed file\n');
    } finally {
      await p.stop();
    }
  });

  it('stops the output when the file cannot be reopened, and the restart policy applies', async () => {
    const dir = tempDir();
    const sub = join(dir, 'logs');
    const path = join(sub, 'app.log');
    const { p, send } = await pipeline({ path, flush_interval: 0, can_exit: true, retries: { max_retries: 0 } });
    try {
      send('one');
      await until(() => read(path) === 'one\n');
      rmSync(sub, { recursive: true });
      writeFileSync(sub, 'a file where the directory was');
      await p.pipeline.reload(p.pipeline.plan);
      expect(p.logs.some((l) => l.includes(`unable to reopen file '${path}'`))).toBe(true);
      send('two');
      await p.waitForLog(/stopped: unable to reopen file/);
      await until(() => p.pipeline.outputs.get('file') === undefined);
      expect(p.fatal).toBeUndefined(); // can_exit
    } finally {
      await p.stop();
    }
  });
});

describe('FileOutput rotation', () => {
  it('names the file after the current time with rotation_interval', async () => {
    const dir = tempDir();
    const pattern = join(dir, '%Y', '%m', 'out-%Y%m%d-%H.log');
    const { p, send } = await pipeline({ path: pattern, rotation_interval: 1, flush_interval: 0 });
    const expected = [strftime(pattern, new Date()), strftime(pattern, new Date(Date.now() + 2000))];
    try {
      send('rotating');
      await until(() => expected.some((f) => read(f) === 'rotating\n'));
    } finally {
      await p.stop();
    }
  });

  it('uses the path as it is (no strftime) without rotation', async () => {
    const dir = tempDir();
    const path = join(dir, 'literal-%Y.log');
    const { p, send } = await pipeline({ path, flush_interval: 0 });
    try {
      send('plain');
      await until(() => read(path) === 'plain\n');
    } finally {
      await p.stop();
    }
  });
});

describe('FileOutput errors', () => {
  it('fails to start when the path is a directory', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'a-dir'));
    await expect(pipeline({ path: join(dir, 'a-dir') })).rejects.toThrow(
      `FileOutput '${join(dir, 'a-dir')}' error opening file: open ${join(dir, 'a-dir')}: is a directory`,
    );
  });

  it("fails to start when the file's directory cannot be created", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    const path = join(dir, 'file', 'sub', 'out.log');
    await expect(pipeline({ path })).rejects.toThrow(
      `FileOutput '${path}' error opening file: Can't create the basepath for the FileOutput plugin: mkdir ${join(dir, 'file', 'sub')}: not a directory`,
    );
  });

  it('reports each bad option, naming the key', () => {
    const base = { path: '/tmp/x.log', encoder: 'PayloadEncoder', message_matcher: 'TRUE' };
    expect(configProblems(plugin, base)).toEqual([]);
    expect(configProblems(plugin, { ...base, path: undefined })[0]).toMatch(/^path: missing required key 'path'/);
    expect(configProblems(plugin, { ...base, encoder: undefined })).toEqual([
      "encoder: missing required key 'encoder' (the encoder that renders each message; FileOutput has no default)",
    ]);
    expect(configProblems(plugin, { ...base, perm: 'rw-r--r--' })[0]).toMatch(/^perm: must match the pattern/);
    expect(configProblems(plugin, { ...base, perm: '0644' })).toEqual([]);
    expect(configProblems(plugin, { ...base, folder_perm: '789' })[0]).toMatch(/^folder_perm: must match/);
    expect(configProblems(plugin, { ...base, flush_count: 0 })).toEqual(['flush_count: must be >= 1, got integer 0']);
    expect(configProblems(plugin, { ...base, flush_interval: -5 })[0]).toMatch(/^flush_interval: must be >= 0/);
    expect(configProblems(plugin, { ...base, flush_operator: 'XOR' })).toEqual([
      'flush_operator: must be one of "AND", "OR", got string "XOR"',
    ]);
    expect(configProblems(plugin, { ...base, rotation_interval: 2 })).toEqual([
      'rotation_interval: must be one of 0, 1, 4, 12, 24, got integer 2',
    ]);
  });

  it('has a README example that configures it validly', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const [, section] = Object.entries(readmeExample(readme).sections).find(([, t]) => t.type === 'FileOutput') ?? [];
    const { type: _type, ...config } = section as Record<string, unknown>;
    expect(configProblems(plugin, config)).toEqual([]);
  });
});
