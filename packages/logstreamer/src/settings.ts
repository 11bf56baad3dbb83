/**
 * From a validated config to what scanning and reading need: the real log directory, the compiled
 * file_match, priorities, translations and intervals. Every problem is a LogstreamerConfigError naming
 * its key, as Heka's Init did (a missing log_directory, a bad regex, a one-entry translation map that is
 * not "missing", ...).
 */
import { realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { PluginConfigError } from '@heka/core';
import { compileRe2 } from '@heka/re2';
import { parseDurationMs } from './duration.js';
import type { LogstreamerConfig } from './schema.js';

export class LogstreamerConfigError extends PluginConfigError {
  constructor(
    readonly key: string,
    detail: string,
  ) {
    super(`${key}: ${detail}`);
  }
}

export interface PriorityPart {
  name: string;
  descending: boolean;
}

export interface LogstreamerSettings {
  /** Section name (the default differentiator). */
  name: string;
  /** log_directory with symlinks resolved, as Heka's EvalSymlinks. */
  logDirectory: string;
  /** file_match as used (with `$`). */
  fileMatch: string;
  /** Matches absolute paths under logDirectory. */
  regexp: RegExp;
  /** Capture name by group number. */
  groupNames: readonly (string | undefined)[];
  priority: readonly PriorityPart[];
  differentiator: readonly string[];
  /** Capture name → lower-cased text → sort value. */
  translation: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** 0: no limit. */
  oldestMs: number;
  journalDirectory: string;
  rescanMs: number;
  checkMs: number;
  hostname: string;
  initialTail: boolean;
}

export interface SettingsEnv {
  /** Section name. */
  name: string;
  /** Hostname when the section sets none. */
  hostname: string;
  /** Resolves a relative journal_directory (against base_dir). */
  resolveJournal: (p: string) => string;
  /** Base of a relative log_directory (default: the process's working directory). */
  cwd?: string;
}

/** RE2's QuoteMeta. */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

function duration(key: string, text: string, positive: boolean): number {
  let ms: number;
  try {
    ms = parseDurationMs(text);
  } catch (e) {
    throw new LogstreamerConfigError(key, (e as Error).message);
  }
  if (ms < 0 || (positive && ms === 0)) {
    throw new LogstreamerConfigError(key, `must be ${positive ? 'greater than zero' : 'zero or more'}, got "${text}"`);
  }
  return ms;
}

function realDirectory(dir: string, cwd: string): string {
  const abs = path.resolve(cwd, dir);
  let real: string;
  try {
    real = realpathSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${(e as Error).message})`;
    throw new LogstreamerConfigError(
      'log_directory',
      `${JSON.stringify(abs)} ${why}: it must be an existing directory`,
    );
  }
  if (!statSync(real).isDirectory()) {
    throw new LogstreamerConfigError('log_directory', `${JSON.stringify(abs)} is not a directory`);
  }
  return real;
}

/** Checks and compiles a config. Throws LogstreamerConfigError. */
export function prepareSettings(config: LogstreamerConfig, env: SettingsEnv): LogstreamerSettings {
  const logDirectory = realDirectory(config.log_directory, env.cwd ?? process.cwd());
  let fileMatch = config.file_match;
  if (!fileMatch) throw new LogstreamerConfigError('file_match', 'is required');
  if (!fileMatch.endsWith('$')) fileMatch += '$';
  try {
    compileRe2(fileMatch);
  } catch (e) {
    throw new LogstreamerConfigError(
      'file_match',
      `${JSON.stringify(config.file_match)} is not a valid regular expression: ${(e as Error).message}`,
    );
  }
  // Heka: "^" + QuoteMeta(root + separator) + file_match, matched against absolute paths. The group keeps a
  // top-level alternation inside file_match relative to the directory.
  const prefix = logDirectory.endsWith('/') || fileMatch.startsWith('/') ? logDirectory : `${logDirectory}/`;
  const compiled = compileRe2(`^${quoteMeta(prefix)}(?:${fileMatch})`);
  const captures = new Set(compiled.groupNames.filter((n): n is string => n !== undefined));

  const priority = config.priority.map((p) => {
    const descending = p.startsWith('^');
    const name = descending ? p.slice(1) : p;
    if (!captures.has(name)) {
      throw new LogstreamerConfigError(
        'priority',
        `"${name}" is not a named capture of file_match (captures: ${[...captures].join(', ') || 'none'})`,
      );
    }
    return { name, descending };
  });

  const translation = new Map<string, Map<string, number>>();
  for (const [capture, map] of Object.entries(config.translation)) {
    const entries = Object.entries(map);
    if (entries.length === 1 && !Object.hasOwn(map, 'missing')) {
      throw new LogstreamerConfigError(
        'translation',
        `A translation map with one entry ('${capture}') must be specifying a 'missing' key.`,
      );
    }
    if (!captures.has(capture)) {
      throw new LogstreamerConfigError('translation', `"${capture}" is not a named capture of file_match`);
    }
    translation.set(capture, new Map(entries.map(([k, v]) => [k.toLowerCase(), v])));
  }

  return {
    name: env.name,
    logDirectory,
    fileMatch,
    regexp: compiled.regexp,
    groupNames: compiled.groupNames,
    priority,
    differentiator: config.differentiator.length > 0 ? config.differentiator : [env.name],
    translation,
    oldestMs: duration('oldest_duration', config.oldest_duration, false),
    journalDirectory: env.resolveJournal(config.journal_directory),
    rescanMs: duration('rescan_interval', config.rescan_interval, true),
    checkMs: duration('check_data_interval', config.check_data_interval, true),
    hostname: config.hostname || env.hostname,
    initialTail: config.initial_tail,
  };
}
