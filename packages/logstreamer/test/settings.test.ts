import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type LogstreamerConfig, parseDurationMs, prepareSettings } from '../src/index.js';
import { tempDir } from './fixtures.js';

const dir = tempDir();
const base: LogstreamerConfig = {
  log_directory: dir,
  file_match: '(?P<Seq>\\d+)\\.log',
  priority: [],
  differentiator: [],
  translation: {},
  oldest_duration: '720h',
  journal_directory: 'logstreamer',
  rescan_interval: '1m',
  check_data_interval: '250ms',
  hostname: '',
  initial_tail: false,
};
const env = { name: 'sect', hostname: 'box', resolveJournal: (p: string) => join('/base', p) };
const prepare = (c: Partial<LogstreamerConfig>) => prepareSettings({ ...base, ...c }, env);

describe('settings', () => {
  it("apply Heka's defaults and append $ to file_match", () => {
    const s = prepare({});
    expect(s.fileMatch).toBe('(?P<Seq>\\d+)\\.log$');
    expect(s.regexp.test(join(dir, '12.log'))).toBe(true);
    expect(s.regexp.test(join(dir, '12.log.1'))).toBe(false);
    expect([s.differentiator, s.hostname, s.journalDirectory]).toEqual([['sect'], 'box', '/base/logstreamer']);
    expect([s.oldestMs, s.rescanMs, s.checkMs]).toEqual([720 * 3600_000, 60_000, 250]);
  });

  it('keep a top-level alternation of file_match under log_directory', () => {
    const s = prepare({ file_match: 'a\\.log|b\\.log' });
    expect(s.regexp.test(join(dir, 'b.log'))).toBe(true);
    expect(s.regexp.test('/elsewhere/b.log')).toBe(false);
  });

  it('refuse a log_directory that does not exist, naming the key', () => {
    expect(() => prepare({ log_directory: join(dir, 'nope') })).toThrow(/^log_directory: ".*nope" does not exist/);
    writeFileSync(join(dir, 'plain'), '');
    expect(() => prepare({ log_directory: join(dir, 'plain') })).toThrow(/^log_directory: .* is not a directory/);
  });

  it('refuse a bad regular expression, priorities and translations of unknown captures', () => {
    expect(() => prepare({ file_match: '(?P<x' })).toThrow(/^file_match: .* is not a valid regular expression/);
    expect(() => prepare({ priority: ['^Nope'] })).toThrow(
      /^priority: "Nope" is not a named capture of file_match \(captures: Seq\)/,
    );
    expect(() => prepare({ translation: { Nope: { missing: 1 } } })).toThrow(/^translation: "Nope"/);
  });

  it("refuse a one-entry translation map other than 'missing' (Heka's message)", () => {
    expect(() => prepare({ translation: { Seq: { missin: 9999 } } })).toThrow(
      "translation: A translation map with one entry ('Seq') must be specifying a 'missing' key.",
    );
    expect(
      prepare({ translation: { Seq: { missing: 9999 } } })
        .translation.get('Seq')
        ?.get('missing'),
    ).toBe(9999);
  });

  it('refuse zero or invalid intervals', () => {
    expect(() => prepare({ rescan_interval: '0' })).toThrow(/^rescan_interval: must be greater than zero/);
    expect(() => prepare({ check_data_interval: '5 s' })).toThrow(/^check_data_interval: invalid duration/);
    expect(prepare({ oldest_duration: '0' }).oldestMs).toBe(0);
  });
});

describe('durations', () => {
  it("parse as Go's time.ParseDuration", () => {
    expect(parseDurationMs('1h30m')).toBe(5_400_000);
    expect(parseDurationMs('1.5s')).toBe(1500);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('100us')).toBeCloseTo(0.1);
    expect(parseDurationMs('0')).toBe(0);
    expect(() => parseDurationMs('5')).toThrow(/invalid duration "5"/);
    expect(() => parseDurationMs('5d')).toThrow(/unknown unit "d"/);
  });
});
