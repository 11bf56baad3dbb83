/**
 * Finding where a journal left off (Heka's LocatePriorLocation): the journal's file if its content before
 * the offset still hashes the same, else any file of the logstream (newest first) whose content does, so
 * a file renamed or compressed by rotation is still found, and a replaced file is not mistaken for it.
 */
import { HASH_WINDOW, hashWindow, type JournalPosition } from './journal.js';
import type { Logfile } from './scan.js';
import { isGzipFile, windowBefore } from './source.js';

export interface Located {
  file: Logfile;
  offset: number;
  /** The content before offset (up to HASH_WINDOW bytes). */
  before: Buffer;
  gz: boolean;
}

async function matches(file: Logfile, p: JournalPosition): Promise<Located | undefined> {
  const gz = isGzipFile(file.path);
  if (p.seek === 0) return { file, offset: 0, before: Buffer.alloc(0), gz };
  if (!gz && file.size < p.seek) return undefined;
  const before = await windowBefore(file.path, p.seek, gz);
  if (!before || before.length !== Math.min(p.seek, HASH_WINDOW)) return undefined;
  return hashWindow(before) === p.hash ? { file, offset: p.seek, before, gz } : undefined;
}

/** Where to resume a logstream from its journal position, or undefined when no file has that content. */
export async function locatePosition(p: JournalPosition, files: readonly Logfile[]): Promise<Located | undefined> {
  const named = files.find((f) => f.path === p.fileName);
  if (named) {
    const found = await matches(named, p);
    if (found) return found;
  }
  for (let i = files.length - 1; i >= 0; i--) {
    const f = files[i] as Logfile;
    if (f === named) continue;
    const found = await matches(f, p);
    if (found) return found;
  }
  return undefined;
}

/** The end of a file as a position (initial_tail): its size and the hash of its last bytes. */
export async function tailPosition(file: Logfile): Promise<Located | undefined> {
  const gz = isGzipFile(file.path);
  if (gz) return undefined; // a gzip file's length is only known by reading it: tail from its start
  const before = await windowBefore(file.path, file.size, false);
  return before ? { file, offset: file.size, before, gz } : undefined;
}
