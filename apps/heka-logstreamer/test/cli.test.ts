// heka-logstreamer on real configs and directories: Heka's output format, journals, errors.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeLogstreams } from '../src/index.js';

const CLI = new URL('../dist/cli.js', import.meta.url).pathname;
const temp = () => mkdtempSync(join(tmpdir(), 'heka-logstreamer-'));
const touch = (file: string) => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, `${file}\n`);
};
const run = (args: string[], cwd?: string) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd });

function site(): string {
  const dir = temp();
  for (const ym of ['2013/08', '2010/05']) {
    for (const t of ['access', 'error']) {
      touch(join(dir, ym, `${t}.log`));
      touch(join(dir, ym, `${t}.log.1`));
    }
  }
  return dir;
}

describe('heka-logstreamer', () => {
  it('prints every logstream of every LogstreamerInput section with its files oldest to newest', () => {
    const logs = site();
    const dir = temp();
    writeFileSync(
      join(dir, 'hekad.toml'),
      `[hekad]
base_dir = ${JSON.stringify(join(dir, 'base'))}

[weblogs]
type = "LogstreamerInput"
log_directory = ${JSON.stringify(logs)}
file_match = '(?P<Year>\\d+)/(?P<Month>\\d+)/(?P<Type>\\w+)\\.log(\\.(?P<Seq>\\d+))?'
priority = ["Year", "Month", "^Seq"]
differentiator = ["web-", "Type"]

[other]
type = "TcpInput"
address = "127.0.0.1:5565"
`,
    );
    mkdirSync(join(dir, 'base', 'logstreamer'), { recursive: true });
    writeFileSync(
      join(dir, 'base', 'logstreamer', 'web-error'),
      `{"seek":12,"file_name":"${join(logs, '2010/05/error.log')}","last_hash":"x"}`,
    );
    const r = run(['-config', join(dir, 'hekad.toml')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const files = (t: string) =>
      ['2010/05/T.log.1', '2010/05/T.log', '2013/08/T.log.1', '2013/08/T.log']
        .map((f) => `\t${join(logs, f.replace('T', t))}\n`)
        .join('');
    expect(r.stdout).toBe(
      `Found 2 Logstream(s) for section [weblogs].\n\n` +
        `Logstream name: [web-access]\nStream Choosing Filename: , SeekPosition: 0\nFiles: 4 (printing oldest to newest)\n${files('access')}\n` +
        `Logstream name: [web-error]\nStream Choosing Filename: ${join(logs, '2010/05/error.log')}, SeekPosition: 12\nFiles: 4 (printing oldest to newest)\n${files('error')}\n`,
    );
  });

  it('accepts -config=path and a directory of .toml files; the section name is the default logstream name', () => {
    const logs = temp();
    touch(join(logs, 'system.log'));
    const dir = temp();
    writeFileSync(
      join(dir, '10-sys.toml'),
      `[LogstreamerInput]\nlog_directory = ${JSON.stringify(logs)}\nfile_match = 'system\\.log'\ninitial_tail = true\n`,
    );
    writeFileSync(join(dir, 'notes.txt'), 'not a config');
    const r = run([`-config=${dir}`]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Found 1 Logstream(s) for section [LogstreamerInput].');
    expect(r.stdout).toContain(
      `Logstream name: [LogstreamerInput]\nStream Choosing Filename: ${join(logs, 'system.log')}, SeekPosition: ${join(logs, 'system.log').length + 1}\n`,
    );
  });

  it('prints its usage without flags', () => {
    const r = run([]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('--config <path>');
  });

  it('reports a logstream of several files without priority, and exits 1', () => {
    const logs = temp();
    touch(join(logs, 'a.log'));
    touch(join(logs, 'a.log.1'));
    const dir = temp();
    writeFileSync(
      join(dir, 'c.toml'),
      `[a]\ntype = "LogstreamerInput"\nlog_directory = ${JSON.stringify(logs)}\nfile_match = 'a\\.log.*'\n`,
    );
    const r = run(['-config', join(dir, 'c.toml')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('[a] Error scanning: Found multiple logfiles without Priority to sort on for name: a');
  });

  it("validates sections with hekad's rules: unknown keys, bad values, a missing log_directory", async () => {
    const dir = temp();
    writeFileSync(
      join(dir, 'c.toml'),
      `[a]\ntype = "LogstreamerInput"\nfile_match = 'x'\nrescan_intervall = "1m"\n\n[b]\ntype = "LogstreamerInput"\nfile_match = 'x'\ncheck_data_interval = "soon"\n\n[c]\ntype = "LogstreamerInput"\nlog_directory = ${JSON.stringify(join(dir, 'nope'))}\nfile_match = 'x'\n`,
    );
    const report = await describeLogstreams(join(dir, 'c.toml'));
    expect(report.out).toBe('');
    expect(report.errors).toHaveLength(3);
    expect(report.errors[0]).toMatch(/\[a\].*rescan_intervall/);
    expect(report.errors[1]).toMatch(/\[b\].*check_data_interval/);
    expect(report.errors[2]).toBe(
      `[c] log_directory: ${JSON.stringify(join(dir, 'nope'))} does not exist: it must be an existing directory`,
    );
    const r = run(['-config', join(dir, 'c.toml')]);
    expect(r.status).toBe(1);
  });

  it('reports a config that cannot be read', () => {
    const r = run(['-config', '/nonexistent/hekad.toml']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Error decoding config file: .*does not exist/);
  });
});
