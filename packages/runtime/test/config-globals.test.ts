import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultGlobals, type Globals, loadConfig, resolveGlobals } from '../src/config/index.js';
import { problemsOf, tempDir } from './config-helpers.js';

const PLUGIN = '\n[TcpInput]\naddress = ":5565"\n';

/** Globals from a `[hekad]` body written to a real file (and that file's directory). */
async function globalsFrom(body: string): Promise<{ globals: Globals; dir: string }> {
  const dir = await tempDir({ 'conf/hekad.toml': `[hekad]\n${body}\n${PLUGIN}` });
  return { globals: (await loadConfig('conf/hekad.toml', { cwd: dir })).globals, dir };
}

/** The single problem a `[hekad]` body causes. */
async function problemFrom(body: string) {
  const dir = await tempDir({ 'hekad.toml': `[hekad]\n${body}\n${PLUGIN}` });
  const problems = await problemsOf(loadConfig(path.join(dir, 'hekad.toml')));
  expect(problems).toHaveLength(1);
  return problems[0];
}

describe('[hekad] defaults', () => {
  it('are the hekad binary defaults', async () => {
    const dir = await tempDir({ 'a.toml': PLUGIN });
    const { globals } = await loadConfig(path.join(dir, 'a.toml'));
    expect(globals).toEqual({
      maxprocs: 1,
      poolsize: 1000,
      pluginChansize: 30,
      maxMessageLoops: 4,
      maxProcessInject: 1,
      maxTimerInject: 10,
      maxProcessDuration: 100_000,
      maxPackIdle: 120_000,
      baseDir: '/var/cache/hekad',
      shareDir: '/usr/share/heka',
      sampleDenominator: 1000,
      pidFile: '',
      hostname: os.hostname(),
      maxMessageSize: 65_536,
      logFlags: 3,
      fullBufferMaxRetries: 10,
      cpuprof: '',
      memprof: '',
      pluginDirs: [],
    });
    expect(defaultGlobals()).toEqual(globals);
    expect(resolveGlobals(undefined, { file: undefined, cwd: '/' })).toEqual({ globals, problems: [] });
  });
});

describe('[hekad] valid values', () => {
  it.each<[string, keyof Globals, unknown]>([
    ['maxprocs = 8', 'maxprocs', 8],
    ['maxprocs = 0', 'maxprocs', 0],
    ['poolsize = 1', 'poolsize', 1],
    ['plugin_chansize = 50', 'pluginChansize', 50],
    ['max_message_loops = 7', 'maxMessageLoops', 7],
    ['max_message_loops = 0', 'maxMessageLoops', 1],
    ['max_process_inject = 0', 'maxProcessInject', 0],
    ['max_timer_inject = 100', 'maxTimerInject', 100],
    ['max_process_duration = 1000000', 'maxProcessDuration', 1_000_000],
    ['max_pack_idle = "30s"', 'maxPackIdle', 30_000],
    ['max_pack_idle = "1m30s"', 'maxPackIdle', 90_000],
    ['max_pack_idle = "0"', 'maxPackIdle', 0],
    ['max_pack_idle = "1.5ms"', 'maxPackIdle', 1.5],
    ['base_dir = "/tmp/heka"', 'baseDir', '/tmp/heka'],
    ['share_dir = "/opt/heka/share"', 'shareDir', '/opt/heka/share'],
    ['sample_denominator = 1', 'sampleDenominator', 1],
    ['pid_file = "/run/hekad.pid"', 'pidFile', '/run/hekad.pid'],
    ['pid_file = ""', 'pidFile', ''],
    ['hostname = "box-1"', 'hostname', 'box-1'],
    ['max_message_size = 0', 'maxMessageSize', 65_536],
    ['max_message_size = 1025', 'maxMessageSize', 1025],
    ['max_message_size = 4294967295', 'maxMessageSize', 4_294_967_295],
    ['log_flags = 0', 'logFlags', 0],
    ['log_flags = 19', 'logFlags', 19],
    ['full_buffer_max_retries = 0', 'fullBufferMaxRetries', 0],
    ['full_buffer_max_retries = 20', 'fullBufferMaxRetries', 20],
    ['cpuprof = "/tmp/cpu.prof"', 'cpuprof', '/tmp/cpu.prof'],
    ['memprof = "/tmp/mem.prof"', 'memprof', '/tmp/mem.prof'],
    ['plugin_dirs = ["/opt/plugins"]', 'pluginDirs', ['/opt/plugins']],
    ['plugin_dirs = []', 'pluginDirs', []],
  ])('%s', async (body, prop, expected) => {
    const { globals } = await globalsFrom(body);
    expect(globals[prop]).toEqual(expected);
  });

  it('resolves relative base_dir, share_dir, pid_file and profiles against cwd', async () => {
    const { globals, dir } = await globalsFrom(
      'base_dir = "state"\nshare_dir = "../share"\npid_file = "run/h.pid"\ncpuprof = "c.prof"\nmemprof = "m.prof"',
    );
    expect(globals.baseDir).toBe(path.join(dir, 'state'));
    expect(globals.shareDir).toBe(path.resolve(dir, '../share'));
    expect(globals.pidFile).toBe(path.join(dir, 'run/h.pid'));
    expect(globals.cpuprof).toBe(path.join(dir, 'c.prof'));
    expect(globals.memprof).toBe(path.join(dir, 'm.prof'));
  });

  it('resolves plugin_dirs against the directory of the file that sets them', async () => {
    const { globals, dir } = await globalsFrom('plugin_dirs = ["plugins", "../vendor", "/abs"]');
    expect(globals.pluginDirs).toEqual([path.join(dir, 'conf/plugins'), path.join(dir, 'vendor'), '/abs']);
  });

  it('resolves plugin_dirs against the config directory when loading a directory', async () => {
    const dir = await tempDir({ 'a.toml': `[hekad]\nplugin_dirs = ["x"]\n${PLUGIN}` });
    const globals = (await loadConfig(dir)).globals;
    expect(globals.pluginDirs).toEqual([path.join(dir, 'x')]);
  });

  it('accepts the [hekad] table as an inline table or dotted keys', async () => {
    const dir = await tempDir({ 'a.toml': `hekad = { poolsize = 5 }\n${PLUGIN}`, 'b.toml': 'hekad.maxprocs = 2\n' });
    expect((await loadConfig(path.join(dir, 'a.toml'))).globals.poolsize).toBe(5);
    const both = await loadConfig(dir);
    expect([both.globals.poolsize, both.globals.maxprocs]).toEqual([1000, 2]);
  });
});

describe('[hekad] invalid values', () => {
  it.each([
    ['maxprocs = "2"', 'maxprocs', 'must be an integer, got string "2"'],
    ['maxprocs = -1', 'maxprocs', 'must be an integer between 0 and'],
    ['maxprocs = 1.5', 'maxprocs', 'must be an integer, got float 1.5'],
    ['poolsize = 0', 'poolsize', 'must be an integer between 1 and'],
    ['poolsize = true', 'poolsize', 'must be an integer, got boolean true'],
    ['plugin_chansize = 0', 'plugin_chansize', 'between 1 and'],
    ['max_message_loops = -1', 'max_message_loops', 'between 0 and 4294967295'],
    ['max_process_inject = -1', 'max_process_inject', 'between 0 and'],
    ['max_timer_inject = "10"', 'max_timer_inject', 'must be an integer, got string "10"'],
    ['max_process_duration = "100us"', 'max_process_duration', 'must be an integer, got string "100us"'],
    ['max_process_duration = 9223372036854775807', 'max_process_duration', 'got integer 9223372036854775807'],
    ['max_pack_idle = 120', 'max_pack_idle', 'must be a string, got integer 120'],
    ['max_pack_idle = "2"', 'max_pack_idle', 'must be a duration like "2m" or "90s": missing unit in duration "2"'],
    ['max_pack_idle = "2 minutes"', 'max_pack_idle', 'unknown unit'],
    ['max_pack_idle = "-1s"', 'max_pack_idle', 'must not be negative'],
    ['base_dir = ""', 'base_dir', 'must not be empty'],
    ['base_dir = 5', 'base_dir', 'must be a string, got integer 5'],
    ['share_dir = ["a"]', 'share_dir', 'must be a string, got array'],
    ['sample_denominator = 0', 'sample_denominator', 'must be greater than 0'],
    ['sample_denominator = -5', 'sample_denominator', 'must be greater than 0'],
    ['pid_file = false', 'pid_file', 'must be a string, got boolean false'],
    ['hostname = 1979-05-27', 'hostname', 'must be a string, got TOML datetime 1979-05-27'],
    ['max_message_size = 1024', 'max_message_size', 'must be greater than 1024 (or 0 for the default 65536), got 1024'],
    ['max_message_size = 100', 'max_message_size', 'must be greater than 1024'],
    ['max_message_size = 4294967296', 'max_message_size', 'between 0 and 4294967295'],
    ['log_flags = "date"', 'log_flags', 'must be an integer, got string "date"'],
    ['full_buffer_max_retries = -1', 'full_buffer_max_retries', 'between 0 and 4294967295'],
    ['cpuprof = 1', 'cpuprof', 'must be a string'],
    ['memprof = {}', 'memprof', 'must be a string, got table'],
    ['plugin_dirs = "plugins"', 'plugin_dirs', 'must be an array of non-empty strings'],
    ['plugin_dirs = [1]', 'plugin_dirs', 'must be an array of non-empty strings'],
    ['plugin_dirs = [""]', 'plugin_dirs', 'must be an array of non-empty strings'],
  ])('%s', async (body, key, message) => {
    const problem = await problemFrom(body);
    expect(problem).toMatchObject({ section: 'hekad', key, line: 2 });
    expect(problem?.message).toContain(message);
  });

  it('rejects unknown keys, naming file, section, key and line, with a suggestion', async () => {
    const dir = await tempDir({ 'h.toml': `[hekad]\nmaxprocs = 2\nbase_dirr = "/x"\n${PLUGIN}` });
    const problems = await problemsOf(loadConfig(path.join(dir, 'h.toml')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, 'h.toml'), section: 'hekad', key: 'base_dirr', line: 3 });
    expect(problems[0]?.message).toMatch(
      /^unknown key 'base_dirr' in \[hekad\] \(known keys: maxprocs, poolsize, .*plugin_dirs\); did you mean 'base_dir'\?$/,
    );
  });

  it('does not suggest anything for keys that are not close', async () => {
    const problem = await problemFrom('completely_different = 1');
    expect(problem?.message).not.toContain('did you mean');
  });

  it('treats keys named like Object.prototype members as unknown', async () => {
    expect((await problemFrom('constructor = 1'))?.message).toMatch(/^unknown key 'constructor' in \[hekad\]/);
    expect((await problemFrom('"__proto__" = 1'))?.message).toMatch(/^unknown key '__proto__' in \[hekad\]/);
  });

  it('explains the removed decoder_poolsize', async () => {
    const problem = await problemFrom('decoder_poolsize = 10');
    expect(problem?.message).toContain('decoder_poolsize no longer exists');
  });

  it('is case-sensitive (hostname, not Hostname)', async () => {
    const problem = await problemFrom('Hostname = "x"');
    expect(problem?.message).toContain("did you mean 'hostname'?");
  });

  it('rejects sub-tables of [hekad] with the header line', async () => {
    const dir = await tempDir({ 'h.toml': `[hekad]\npoolsize = 5\n[hekad.extra]\nx = 1\n${PLUGIN}` });
    const problems = await problemsOf(loadConfig(path.join(dir, 'h.toml')));
    expect(problems).toMatchObject([{ section: 'hekad', key: 'extra', line: 3 }]);
  });

  it('reports every bad key at once', async () => {
    const dir = await tempDir({ 'h.toml': `[hekad]\npoolsize = 0\nbogus = 1\nmax_pack_idle = "x"\n${PLUGIN}` });
    const problems = await problemsOf(loadConfig(path.join(dir, 'h.toml')));
    expect(problems.map((p) => [p.key, p.line])).toEqual([
      ['poolsize', 2],
      ['bogus', 3],
      ['max_pack_idle', 4],
    ]);
  });

  it('only validates the [hekad] that wins', async () => {
    const dir = await tempDir({ '1.toml': `[hekad]\nbogus = 1\n${PLUGIN}`, '2.toml': '[hekad]\npoolsize = 3\n' });
    expect((await loadConfig(dir)).globals.poolsize).toBe(3);
  });
});
