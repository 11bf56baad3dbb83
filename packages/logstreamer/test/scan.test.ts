// Heka's filehandling specs (logstreamer/filehandling_test.go) on an equivalent tree of our own.
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LogstreamerConfig, prepareSettings, scanLogstreams, walk } from '../src/index.js';
import { filehandlingTree, tempDir } from './fixtures.js';

const tree = filehandlingTree();

function settings(config: Partial<LogstreamerConfig>, name = 'section') {
  return prepareSettings(
    {
      log_directory: tree,
      file_match: '',
      priority: [],
      differentiator: [],
      translation: {},
      oldest_duration: '0',
      journal_directory: 'journals',
      rescan_interval: '1m',
      check_data_interval: '250ms',
      hostname: '',
      initial_tail: false,
      ...config,
    },
    { name, hostname: 'host', resolveJournal: (p) => join(tree, p) },
  );
}

const rel = (p: string) => p.slice(tree.length);

describe('the directory scanner', () => {
  it('finds the files file_match names, in every subdirectory', async () => {
    const s = settings({ file_match: '/subdir/.*\\.log(\\..*)?' });
    expect((await walk(s.logDirectory, s.regexp)).map(rel)).toEqual([
      '/subdir/file.log',
      '/subdir/file.log.1',
      '/subdir/file.log.2',
    ]);
  });

  it('finds nothing with a pattern that matches no file', async () => {
    const s = settings({ file_match: '/subdir/.*.logg(.*)?' });
    expect(await walk(s.logDirectory, s.regexp)).toEqual([]);
  });

  it('matches file_match relative to log_directory (without a leading slash)', async () => {
    const s = settings({ file_match: 'subdir/file\\.log' });
    expect((await walk(s.logDirectory, s.regexp)).map(rel)).toEqual(['/subdir/file.log']);
  });
});

describe('sorting one logstream', () => {
  const fileNumber = '/subdir/.*\\.log\\.?(?P<FileNumber>.*)?';

  it('gives a missing capture the value -1 and orders ascending', async () => {
    const { streams } = await scanLogstreams(settings({ file_match: fileNumber, priority: ['FileNumber'] }));
    const files = streams.get('section') ?? [];
    expect(files.map((f) => f.scores.get('FileNumber'))).toEqual([-1, 1, 2]);
    expect(files[1]?.strings.get('FileNumber')).toBe('1');
  });

  it('orders descending with ^', async () => {
    const { streams } = await scanLogstreams(settings({ file_match: fileNumber, priority: ['^FileNumber'] }));
    expect(streams.get('section')?.map((f) => rel(f.path))).toEqual([
      '/subdir/file.log.2',
      '/subdir/file.log.1',
      '/subdir/file.log',
    ]);
  });

  it('honours a "missing" translation value', async () => {
    const { streams } = await scanLogstreams(
      settings({ file_match: fileNumber, priority: ['FileNumber'], translation: { FileNumber: { missing: 5 } } }),
    );
    expect(streams.get('section')?.map((f) => f.scores.get('FileNumber'))).toEqual([1, 2, 5]);
  });

  it('reports values missing from a translation map (the files are kept)', async () => {
    const { streams, warnings } = await scanLogstreams(
      settings({
        file_match: fileNumber,
        priority: ['FileNumber'],
        translation: { FileNumber: { '23': 22, '999': 999 } },
      }),
    );
    expect(streams.get('section')).toHaveLength(3);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/Value '(missing|1|2)' not found in translation map 'FileNumber'\./);
  });

  it('refuses a logstream of several files without a priority', async () => {
    const { streams, errors } = await scanLogstreams(settings({ file_match: fileNumber }));
    expect(streams.size).toBe(0);
    expect(errors[0]).toMatch(/^Found multiple logfiles without Priority to sort on for name: section, filematch: /);
  });
});

describe('a directory of access and error logs', () => {
  const fileMatch = '/(?P<Year>\\d+)/(?P<Month>\\d+)/(?P<Type>\\w+)\\.log(\\.(?P<Seq>\\d+))?';
  const priority = ['Year', 'Month', '^Seq'];

  it('splits into logstreams by differentiator, each sorted oldest to newest', async () => {
    const { streams, errors } = await scanLogstreams(
      settings({ file_match: fileMatch, priority, differentiator: ['Type'] }),
    );
    expect(errors).toEqual([]);
    expect([...streams.keys()]).toEqual(['access', 'error']);
    const access = (streams.get('access') ?? []).map((f) => rel(f.path));
    const error = (streams.get('error') ?? []).map((f) => rel(f.path));
    expect(access).toHaveLength(26);
    expect(error).toHaveLength(26);
    expect(access[0]).toBe('/2010/05/access.log.3');
    expect(access.at(-1)).toBe('/2013/08/access.log');
    expect(error[0]).toBe('/2010/07/error.log.2');
    expect(error.at(-1)).toBe('/2013/08/error.log');
    expect(access.slice(0, 5)).toEqual([
      '/2010/05/access.log.3',
      '/2010/05/access.log.2',
      '/2010/05/access.log.1',
      '/2010/05/access.log',
      '/2010/07/access.log.2',
    ]);
  });

  it('names logstreams with literals and captures', async () => {
    const { streams } = await scanLogstreams(
      settings({ file_match: fileMatch, priority, differentiator: ['website-', 'Type', '-log'] }),
    );
    expect([...streams.keys()]).toEqual(['website-access-log', 'website-error-log']);
    expect(streams.get('website-error-log')).toHaveLength(26);
  });

  it('uses the section name when there is no differentiator', async () => {
    const { streams } = await scanLogstreams(
      settings({ file_match: '/2013/08/error\\.log(\\.(?P<Seq>\\d+))?', priority: ['^Seq'] }, 'errs'),
    );
    expect([...streams.keys()]).toEqual(['errs']);
    expect(streams.get('errs')).toHaveLength(5);
  });
});

describe('built-in translations', () => {
  it('orders English month and day names, full or short, in any case', async () => {
    const dir = tempDir();
    for (const m of ['Dec', 'january', 'MARCH', 'feb']) writeFileSync(join(dir, `${m}-x.log`), '');
    for (const d of ['sun', 'Monday', 'WED']) writeFileSync(join(dir, `${d}.day`), '');
    const months = await scanLogstreams(
      settings({ log_directory: dir, file_match: '(?P<MonthName>[A-Za-z]+)-x\\.log', priority: ['MonthName'] }),
    );
    expect(months.streams.get('section')?.map((f) => f.strings.get('MonthName'))).toEqual([
      'january',
      'feb',
      'MARCH',
      'Dec',
    ]);
    const days = await scanLogstreams(
      settings({ log_directory: dir, file_match: '(?P<DayName>[A-Za-z]+)\\.day', priority: ['DayName'] }),
    );
    expect(days.streams.get('section')?.map((f) => f.scores.get('DayName'))).toEqual([0, 2, 6]);
  });

  it('reports a month name it does not know', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Octoberrr.log'), '');
    const { warnings } = await scanLogstreams(
      settings({ log_directory: dir, file_match: '(?P<MonthName>\\w+)\\.log' }),
    );
    expect(warnings).toEqual([`${join(dir, 'Octoberrr.log')}: Unable to locate month name: Octoberrr`]);
  });

  it('uses a custom translation map (case-insensitive)', async () => {
    const dir = tempDir();
    for (const d of ['Sabado', 'lunes', 'JUEVES']) writeFileSync(join(dir, `${d}.log`), '');
    const { streams } = await scanLogstreams(
      settings({
        log_directory: dir,
        file_match: '(?P<Day>\\w+)\\.log',
        priority: ['Day'],
        translation: { Day: { LUNES: 1, jueves: 4, sabado: 6 } },
      }),
    );
    expect(streams.get('section')?.map((f) => f.strings.get('Day'))).toEqual(['lunes', 'JUEVES', 'Sabado']);
  });
});

describe('oldest_duration', () => {
  it('leaves out files last modified longer ago', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.log'), 'x\n');
    writeFileSync(join(dir, 'b.log'), 'x\n');
    const old = new Date(Date.now() - 3 * 3600_000);
    utimesSync(join(dir, 'a.log'), old, old);
    const s = (d: string) =>
      settings({ log_directory: dir, file_match: '(?P<N>\\w)\\.log', differentiator: ['N'], oldest_duration: d });
    expect([...(await scanLogstreams(s('2h'))).streams.keys()]).toEqual(['b']);
    expect([...(await scanLogstreams(s('4h'))).streams.keys()]).toEqual(['a', 'b']);
    expect([...(await scanLogstreams(s('0'))).streams.keys()]).toEqual(['a', 'b']);
  });
});
