import { mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/index.js';
import { problemsOf, tempDir } from './config-helpers.js';

const TCP = '[TcpInput]\naddress = ":5565"\n';

describe('loadConfig: one file', () => {
  it('reads plugin sections with name, type, file, header line and table', async () => {
    const dir = await tempDir({
      'hekad.toml': [
        '# comment',
        '[hekad]',
        'poolsize = 10',
        '',
        '[TcpInput]',
        'address = ":5565"',
        '',
        '[counter]',
        'type = "CounterFilter"',
        'message_matcher = "TRUE"',
        'ticker_interval = 5',
        'ratio = 1.5',
        'on = true',
        'tags = ["a", "b"]',
      ].join('\n'),
    });
    const file = path.join(dir, 'hekad.toml');
    const config = await loadConfig(file);
    expect(config.files).toEqual([file]);
    expect(config.globals.poolsize).toBe(10);
    expect(config.sections).toEqual([
      { name: 'TcpInput', type: 'TcpInput', file, line: 5, table: { address: ':5565' } },
      {
        name: 'counter',
        type: 'CounterFilter',
        file,
        line: 8,
        table: {
          type: 'CounterFilter',
          message_matcher: 'TRUE',
          ticker_interval: 5,
          ratio: 1.5,
          on: true,
          tags: ['a', 'b'],
        },
      },
    ]);
  });

  it('keeps dotted sub-tables in their section and finds the [name] header line', async () => {
    const dir = await tempDir({
      'a.toml': [
        '[out.retries]', // 1: creates `out` before its own header
        'delay = "1s"',
        '[out]', // 3
        'type = "TcpOutput"',
        '[out.buffering]',
        'max_file_size = 1024',
        '[in]', // 7
        'type = "UdpInput"',
        '[in.signer."test.0"]',
        'hmac_key = "k"',
      ].join('\n'),
    });
    const { sections } = await loadConfig(path.join(dir, 'a.toml'));
    expect(sections.map((s) => [s.name, s.type, s.line])).toEqual([
      ['out', 'TcpOutput', 3],
      ['in', 'UdpInput', 7],
    ]);
    expect(sections[0]?.table).toEqual({
      type: 'TcpOutput',
      retries: { delay: '1s' },
      buffering: { max_file_size: 1024 },
    });
    expect(sections[1]?.table).toEqual({ type: 'UdpInput', signer: { 'test.0': { hmac_key: 'k' } } });
  });

  it('is not fooled by multi-line arrays and strings that contain [brackets]', async () => {
    const dir = await tempDir({
      'a.toml': [
        '[first]', // 1
        'type = "SandboxFilter"',
        'matrix = [',
        '  [1, 2],',
        '[3, 4]]',
        'doc = """',
        '[second]',
        '"""',
        "lit = '''",
        "[second] ''' # [second]",
        '"[second]" = "\\"[x]"',
        '[ "second" ]', // 12
        'a = 1',
        "['quoted.name'] # 14",
        'b = 2',
      ].join('\n'),
    });
    const { sections } = await loadConfig(path.join(dir, 'a.toml'));
    expect(sections.map((s) => [s.name, s.line])).toEqual([
      ['first', 1],
      ['second', 12],
      ['quoted.name', 14],
    ]);
    expect(sections[0]?.table.doc).toBe('[second]\n');
  });

  it('accepts top-level inline tables and dotted keys as sections, in file order', async () => {
    const dir = await tempDir({
      'a.toml': [
        'Zed = { type = "NullSplitter" }',
        '123.type = "TokenSplitter"',
        '[Alpha]',
        'type = "NullSplitter"',
      ].join('\n'),
    });
    const { sections } = await loadConfig(path.join(dir, 'a.toml'));
    expect(sections.map((s) => [s.name, s.type, s.line])).toEqual([
      ['Zed', 'NullSplitter', 1],
      ['123', 'TokenSplitter', 2],
      ['Alpha', 'NullSplitter', 3],
    ]);
  });

  it('keeps TOML datetimes and big integers as parsed', async () => {
    const dir = await tempDir({ 'a.toml': '[x]\nwhen = 1979-05-27T07:32:00Z\nbig = 9007199254740993\n' });
    const { sections } = await loadConfig(path.join(dir, 'a.toml'));
    expect(sections[0]?.table.when).toBeInstanceOf(Date);
    expect(sections[0]?.table.big).toBe(9007199254740993n);
  });

  it('resolves a relative path against options.cwd and strips a BOM', async () => {
    const dir = await tempDir({ 'conf/heka.toml': `\uFEFF${TCP}` });
    const config = await loadConfig('conf/heka.toml', { cwd: dir });
    expect(config.files).toEqual([path.join(dir, 'conf', 'heka.toml')]);
    expect(config.sections[0]?.line).toBe(1);
  });

  it('substitutes %ENV[] from options.env before parsing', async () => {
    const dir = await tempDir({
      'a.toml': '[%ENV[NAME]]\ntype = "TcpInput"\naddress = "%ENV[ADDR]"\nx = "%ENV[UNSET]"\n',
    });
    const config = await loadConfig(path.join(dir, 'a.toml'), { env: { NAME: 'tcp', ADDR: ':9' } });
    expect(config.sections[0]).toMatchObject({ name: 'tcp', type: 'TcpInput', table: { address: ':9', x: '' } });
  });
});

describe('loadConfig: directories', () => {
  it('loads *.toml files in byte order and ignores other entries', async () => {
    const dir = await tempDir({
      'b.toml': '[B]\ntype = "NullSplitter"',
      'a.toml': '[A]\ntype = "NullSplitter"',
      'Z.toml': '[Z]\ntype = "NullSplitter"',
      '10.toml': '[Ten]\ntype = "NullSplitter"',
      '9.toml': '[Nine]\ntype = "NullSplitter"',
      '_.toml': '[Under]\ntype = "NullSplitter"',
      'notes.txt': 'not toml at all [',
      'x.toml.bak': 'junk [',
      'sub/c.toml': '[C]\ntype = "NullSplitter"',
    });
    await mkdir(path.join(dir, 'dir.toml'));
    const config = await loadConfig(dir);
    expect(config.files.map((f) => path.basename(f))).toEqual([
      '10.toml',
      '9.toml',
      'Z.toml',
      '_.toml',
      'a.toml',
      'b.toml',
    ]);
    expect(config.sections.map((s) => s.name)).toEqual(['Ten', 'Nine', 'Z', 'Under', 'A', 'B']);
  });

  it('follows symlinks to files and reports dangling ones', async () => {
    const target = await tempDir({ 'real.conf': TCP });
    const dir = await tempDir({});
    await symlink(path.join(target, 'real.conf'), path.join(dir, 'link.toml'));
    expect((await loadConfig(dir)).sections.map((s) => s.name)).toEqual(['TcpInput']);
    await symlink(path.join(target, 'missing.conf'), path.join(dir, 'zz.toml'));
    const problems = await problemsOf(loadConfig(dir));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.file).toBe(path.join(dir, 'zz.toml'));
    expect(problems[0]?.message).toMatch(/cannot read/);
  });

  it('lets a later section of the same name replace the earlier one, in the later position', async () => {
    const dir = await tempDir({
      '1.toml': '[A]\ntype = "NullSplitter"\nx = 1\n[B]\ntype = "NullSplitter"\n',
      '2.toml': '[C]\ntype = "NullSplitter"\n\n[A]\ntype = "TokenSplitter"\ny = 2\n',
    });
    const config = await loadConfig(dir);
    expect(config.sections.map((s) => s.name)).toEqual(['B', 'C', 'A']);
    expect(config.sections[2]).toEqual({
      name: 'A',
      type: 'TokenSplitter',
      file: path.join(dir, '2.toml'),
      line: 4,
      table: { type: 'TokenSplitter', y: 2 },
    });
  });

  it('lets a later [hekad] replace the earlier one wholesale', async () => {
    const dir = await tempDir({
      '1.toml': `[hekad]\npoolsize = 7\nmaxprocs = 3\n${TCP}`,
      '2.toml': '[hekad]\nmaxprocs = 2\n',
      '3.toml': '# no hekad here\n',
    });
    const { globals } = await loadConfig(dir);
    expect(globals.maxprocs).toBe(2);
    expect(globals.poolsize).toBe(1000);
  });

  it('reports an empty directory', async () => {
    const dir = await tempDir({ 'readme.md': '' });
    const problems = await problemsOf(loadConfig(dir));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^empty configuration: no plugin sections \(no \.toml files in /);
  });
});

describe('loadConfig: errors', () => {
  it('reports a missing path clearly', async () => {
    const dir = await tempDir();
    const err = await loadConfig(path.join(dir, 'nope.toml')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).problems).toEqual([
      {
        file: path.join(dir, 'nope.toml'),
        section: undefined,
        key: undefined,
        message: 'config file or directory does not exist',
      },
    ]);
    expect((err as Error).message).toContain('nope.toml: config file or directory does not exist');
  });

  it('reports a config with no plugin sections', async () => {
    const dir = await tempDir({ 'a.toml': '[hekad]\npoolsize = 10\n', 'b.toml': '' });
    const problems = await problemsOf(loadConfig(dir));
    expect(problems).toEqual([
      { file: dir, section: undefined, key: undefined, message: 'empty configuration: no plugin sections' },
    ]);
    const single = await problemsOf(loadConfig(path.join(dir, 'a.toml')));
    expect(single[0]?.file).toBe(path.join(dir, 'a.toml'));
  });

  it('reports TOML syntax errors with line and column', async () => {
    const dir = await tempDir({ 'a.toml': `${TCP}\n[bad]\nx = = 1\n` });
    const problems = await problemsOf(loadConfig(path.join(dir, 'a.toml')));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, 'a.toml'), line: 5 });
    expect(problems[0]?.message).toMatch(/^TOML syntax error at column 5: /);
    expect(problems[0]?.message).not.toContain('\n');
  });

  it('reports a table defined twice in one file', async () => {
    const dir = await tempDir({ 'a.toml': `${TCP}[TcpInput]\n` });
    const problems = await problemsOf(loadConfig(path.join(dir, 'a.toml')));
    expect(problems[0]).toMatchObject({ line: 3 });
    expect(problems[0]?.message).toContain("Can't redefine existing key");
  });

  it('rejects top-level keys and arrays of tables, naming the key and its line', async () => {
    const dir = await tempDir({
      'a.toml': [
        'stray = 5',
        'list = [1, 2]',
        'hekad = "x"',
        TCP,
        '[[many]]',
        'type = "NullSplitter"',
        '[[many]]',
      ].join('\n'),
    });
    const file = path.join(dir, 'a.toml');
    const problems = await problemsOf(loadConfig(file));
    expect(problems.map((p) => [p.key, p.line])).toEqual([
      ['stray', 1],
      ['list', 2],
      ['hekad', 3],
      ['many', 7],
    ]);
    expect(problems[0]?.message).toBe(
      "top-level key 'stray' is not inside a section; put it under its plugin's [section] or [hekad]",
    );
    expect(problems[2]?.message).toBe('[hekad] must be a table');
    expect(problems[3]?.message).toContain('[[many]] (an array of tables) is not allowed at the top level');
    expect(problems.every((p) => p.file === file)).toBe(true);
  });

  it('requires type to be a string', async () => {
    const dir = await tempDir({ 'a.toml': '[TcpInput]\naddress = ":1"\ntype = 5\n' });
    const problems = await problemsOf(loadConfig(path.join(dir, 'a.toml')));
    expect(problems).toEqual([
      {
        file: path.join(dir, 'a.toml'),
        section: 'TcpInput',
        key: 'type',
        line: 3,
        message: 'must be a string, got integer 5',
      },
    ]);
  });

  it('reports %ENV errors with file and line', async () => {
    const dir = await tempDir({ 'a.toml': `${TCP}x = "%ENV[A B]"\n` });
    const problems = await problemsOf(loadConfig(dir, { env: {} }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: path.join(dir, 'a.toml'), line: 3 });
    expect(problems[0]?.message).toContain('invalid characters in environment variable name');
  });

  it('collects every problem of every file into one ConfigError', async () => {
    const dir = await tempDir({
      '1-parse.toml': `${TCP}oops\n`,
      '2-env.toml': '[Y]\ntype = "NullSplitter"\nname = "%ENV[Y\n',
      '3-keys.toml': 'stray = 1\n[Z]\ntype = ["NullSplitter"]\n',
      '4-hekad.toml': '[hekad]\npool_size = 5\nmaxprocs = "2"\n\n[W]\ntype = "NullSplitter"\n',
    });
    const f = (name: string): string => path.join(dir, name);
    const err = await loadConfig(dir).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems.map((p) => [path.basename(p.file ?? ''), p.section, p.key, p.line])).toEqual([
      ['1-parse.toml', undefined, undefined, 3],
      ['2-env.toml', undefined, undefined, 3],
      ['3-keys.toml', undefined, 'stray', 1],
      ['3-keys.toml', 'Z', 'type', 3],
      ['4-hekad.toml', 'hekad', 'pool_size', 2],
      ['4-hekad.toml', 'hekad', 'maxprocs', 3],
    ]);
    expect(problems[4]?.message).toContain("did you mean 'poolsize'?");
    expect(problems[5]?.message).toBe('must be an integer, got string "2"');
    expect((err as Error).message).toMatch(/^6 configuration errors:\n/);
    expect((err as Error).message).toContain(
      `${f('4-hekad.toml')}:3 [hekad] maxprocs: must be an integer, got string "2"`,
    );
    // No "empty configuration" claim when some files could not be read.
    expect(problems.some((p) => p.message.startsWith('empty'))).toBe(false);
  });
});
