/**
 * Finds a LogstreamerInput's files: a recursive walk of log_directory (one directory open at a time,
 * symlinked directories not followed, as Go's filepath.Walk), file_match against each path, the
 * oldest_duration filter, then grouping by differentiator and ordering by priority.
 */
import type { Dirent, Stats } from 'node:fs';
import { opendir, stat } from 'node:fs/promises';
import path from 'node:path';
import { differentiatedName, matchParts, sortFiles } from './order.js';
import type { LogstreamerSettings } from './settings.js';

export interface Logfile {
  path: string;
  /** Raw capture text by name. */
  strings: ReadonlyMap<string, string>;
  /** Sort values by capture name. */
  scores: ReadonlyMap<string, number>;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface ScanResult {
  /** Logstream name → files, oldest first. Names in sorted order. */
  streams: Map<string, Logfile[]>;
  /** Logstreams that cannot be read (Heka: several files but no priority). */
  errors: string[];
  /** Files whose captures could not be translated (they are still included). */
  warnings: string[];
}

/** Files (and symlinks that are not to directories) under root whose absolute path matches. */
export async function walk(root: string, regexp: RegExp): Promise<string[]> {
  const found: string[] = [];
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    const entries: Dirent[] = [];
    try {
      const handle = await opendir(dir, { bufferSize: 256 });
      for await (const e of handle) entries.push(e);
    } catch {
      continue; // unreadable or vanished: Heka skips it too
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirs: string[] = [];
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) subdirs.push(full);
      else if (regexp.test(full)) found.push(full);
    }
    for (let i = subdirs.length - 1; i >= 0; i--) pending.push(subdirs[i] as string);
  }
  return found;
}

async function statAll(paths: readonly string[]): Promise<(Stats | undefined)[]> {
  const out: (Stats | undefined)[] = new Array(paths.length);
  const batch = 64;
  for (let i = 0; i < paths.length; i += batch) {
    const part = paths.slice(i, i + batch);
    const stats = await Promise.all(part.map((p) => stat(p).catch(() => undefined)));
    for (let j = 0; j < stats.length; j++) out[i + j] = stats[j];
  }
  return out;
}

/** One full scan (Heka's ScanForLogstreams without the journals). */
export async function scanLogstreams(settings: LogstreamerSettings, now = Date.now()): Promise<ScanResult> {
  const paths = await walk(settings.logDirectory, settings.regexp);
  const stats = await statAll(paths);
  const oldest = settings.oldestMs > 0 ? now - settings.oldestMs : Number.NEGATIVE_INFINITY;
  const byName = new Map<string, Logfile[]>();
  const warnings: string[] = [];
  for (let i = 0; i < paths.length; i++) {
    const st = stats[i];
    const p = paths[i] as string;
    if (!st || st.isDirectory() || !(st.mtimeMs > oldest)) continue;
    const m = settings.regexp.exec(p);
    if (!m) continue;
    const parts = matchParts(settings.groupNames, m, settings.translation);
    if (parts.error) warnings.push(`${p}: ${parts.error}`);
    const file: Logfile = {
      path: p,
      strings: parts.strings,
      scores: parts.scores,
      dev: st.dev,
      ino: st.ino,
      size: st.size,
      mtimeMs: st.mtimeMs,
    };
    const name = differentiatedName(settings.differentiator, parts.strings);
    const list = byName.get(name);
    if (list) list.push(file);
    else byName.set(name, [file]);
  }
  const streams = new Map<string, Logfile[]>();
  const errors: string[] = [];
  for (const name of [...byName.keys()].sort()) {
    const files = byName.get(name) as Logfile[];
    if (settings.priority.length === 0 && files.length > 1) {
      errors.push(
        `Found multiple logfiles without Priority to sort on for name: ${name}, filematch: ${settings.fileMatch}, files: ${files.map((f) => f.path).join(', ')}`,
      );
      continue;
    }
    streams.set(name, sortFiles(settings, files));
  }
  return { streams, errors, warnings };
}
