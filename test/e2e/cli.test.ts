// The hekad command line: version, help, check, plugins list/describe, and config errors.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { config, hekadOnce, runHekad, tempDir } from './harness.js';

const VERSION = (await import('../../apps/hekad/package.json', { with: { type: 'json' } })).default.version;

describe('hekad flags', () => {
  it('prints its version with -version and --version', async () => {
    for (const flag of ['-version', '--version']) {
      const r = await hekadOnce([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(VERSION);
    }
  });
  it('describes itself with --help', async () => {
    const r = await hekadOnce(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--config <path>/);
    expect(r.stdout).toMatch(/check \[config\]/);
    expect(r.stdout).toMatch(/plugins/);
  });
  it('fails clearly on a missing config', async () => {
    const dir = tempDir();
    const r = await hekadOnce(['-config', join(dir, 'nope.toml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nope\.toml/);
  });
  it('accepts -config=path', async () => {
    const dir = tempDir();
    const path = join(dir, 'bad.toml');
    writeFileSync(path, '[x\n');
    const r = await hekadOnce([`-config=${path}`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.toml:1/);
  });
});

describe('config errors', () => {
  it('reports every error at once, each with its file, section and key', async () => {
    const dir = tempDir();
    const toml = config(
      dir,
      `
[gen]
type = "TestGenInput"
count = "many"
colour = "blue"

[out]
type = "TestFileOutput"
message_matcher = "Type == 'test' && Severity =="

[typo]
type = "TestFileOuptut"
message_matcher = "TRUE"
`,
    );
    const h = runHekad(dir, toml);
    expect(await h.exited).toBe(1);
    const err = h.stderr();
    expect(err).toMatch(/hekad\.toml:\d+ \[gen\] count: must be an integer/);
    expect(err).toMatch(/hekad\.toml:\d+ \[gen\] colour: unknown key/);
    expect(err).toMatch(/\[out\] path: /);
    expect(err).toMatch(/\[out\] message_matcher: [^\n]*column \d+/);
    expect(err).toMatch(/\[typo\] type: [^\n]*TestFileOuptut[\s\S]*TestFileOutput/);
  });

  it('names an unknown splitter reference with the ones that exist', async () => {
    const dir = tempDir();
    const h = runHekad(
      dir,
      config(
        dir,
        `
[gen]
type = "TestGenInput"
splitter = "lines"

[line]
type = "TestLineSplitter"
`,
      ),
    );
    expect(await h.exited).toBe(1);
    expect(h.stderr()).toMatch(/\[gen\] splitter: no splitter named 'lines' \(defined: line/);
  });
});

describe('hekad check and plugins', () => {
  it('check validates without starting, and fails with every error', async () => {
    const dir = tempDir();
    const good = join(dir, 'good.toml');
    writeFileSync(
      good,
      config(
        dir,
        '[gen]\ntype = "TestGenInput"\n\n[o]\ntype = "TestFileOutput"\nmessage_matcher = "TRUE"\npath = "/dev/null"\n',
      ),
    );
    const ok = await hekadOnce(['check', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/OK \(1 input, 1 output\)/);
    const bad = join(dir, 'bad.toml');
    writeFileSync(bad, config(dir, '[o]\ntype = "TestFileOutput"\n'));
    const r = await hekadOnce(['check', bad]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\[o\] message_matcher/);
    expect(r.stderr).toMatch(/\[o\] path/);
  });

  it('lists discovered plugins and describes one from its schema', async () => {
    const dir = tempDir();
    const cfg = join(dir, 'hekad.toml');
    writeFileSync(cfg, config(dir, ''));
    const list = await hekadOnce(['plugins', 'list', '--config', cfg]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/TestGenInput\s+input\s+heka-test-gen-input@1\.0\.0\s+plugin_dirs/);
    const d = await hekadOnce(['plugins', 'describe', 'TestFileOutput', '--config', cfg]);
    expect(d.code).toBe(0);
    expect(d.stdout).toMatch(/delay_ms\s+integer\s+0/);
    expect(d.stdout).toMatch(/message_matcher/);
    const unknown = await hekadOnce(['plugins', 'describe', 'TestFileOuptut', '--config', cfg]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/TestFileOutput/);
  });
});
