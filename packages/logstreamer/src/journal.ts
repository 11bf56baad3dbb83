/**
 * Journals in Heka's format, so a journal written by Heka can be resumed here and the other way round:
 * `{"seek":N,"file_name":"...","last_hash":"..."}` in `<journal_directory>/<logstream name>`, where
 * last_hash is the SHA-1 of the 500 bytes of the file before `seek` (zero bytes in front when seek < 500).
 * Writes are atomic (temporary file, then rename), so a kill at any moment leaves a whole journal.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Bytes hashed before a position (Heka's LINEBUFFERLEN). */
export const HASH_WINDOW = 500;

export interface JournalPosition {
  /** The file being read. */
  fileName: string;
  /** Offset in it (in the decompressed content for gzip files). */
  seek: number;
  /** SHA-1 (hex) of the HASH_WINDOW bytes before seek, or "" for none. */
  hash: string;
}

const ZEROS = new Uint8Array(HASH_WINDOW);

/** Heka's GenerateHash: SHA-1 of the last 500 bytes before a position, zero-padded in front. */
export function hashWindow(before: Uint8Array): string {
  const bytes = before.length > HASH_WINDOW ? before.subarray(before.length - HASH_WINDOW) : before;
  const h = createHash('sha1');
  if (bytes.length < HASH_WINDOW) h.update(ZEROS.subarray(0, HASH_WINDOW - bytes.length));
  h.update(bytes);
  return h.digest('hex');
}

/**
 * The journal file of a logstream: `<dir>/<name>` as in Heka. Names that would not be one plain file
 * name (empty, ".", "..", containing "/" or NUL) are percent-encoded instead.
 */
export function journalPath(dir: string, streamName: string): string {
  if (streamName !== '' && streamName !== '.' && streamName !== '..' && !/[/\0]/.test(streamName)) {
    return path.join(dir, streamName);
  }
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`;
  const encoded = streamName.replace(/[%/\0]/g, hex);
  return path.join(
    dir,
    encoded === '' ? '%' : encoded === '.' || encoded === '..' ? encoded.replace(/\./g, hex) : encoded,
  );
}

/** JSON as Go's encoding/json writes it (<, >, &, U+2028 and U+2029 escaped). */
function goJsonString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function encodeJournal(p: JournalPosition): string {
  return `{"seek":${p.seek},"file_name":${goJsonString(p.fileName)},"last_hash":${goJsonString(p.hash)}}`;
}

export type JournalRead =
  | { kind: 'none' }
  | { kind: 'position'; position: JournalPosition }
  | { kind: 'error'; message: string };

/** Reads a journal: none when the file is missing or blank (Heka treats both as "no position"). */
export function readJournal(file: string): JournalRead {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'none' };
    return { kind: 'error', message: `cannot read journal ${file}: ${(e as Error).message}` };
  }
  if (text === '') return { kind: 'none' };
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    const seek = j.seek ?? 0;
    const fileName = j.file_name ?? '';
    const hash = j.last_hash ?? '';
    if (typeof seek !== 'number' || !Number.isInteger(seek) || seek < 0) throw new Error('"seek" is not an offset');
    if (typeof fileName !== 'string' || typeof hash !== 'string')
      throw new Error('"file_name"/"last_hash" are not strings');
    if (seek === 0 && fileName === '' && hash === '') return { kind: 'none' };
    return { kind: 'position', position: { fileName, seek, hash } };
  } catch (e) {
    return { kind: 'error', message: `journal ${file} is not valid: ${(e as Error).message}` };
  }
}

/** Writes a journal atomically (creating its directory). Throws on I/O errors. */
export function writeJournal(file: string, p: JournalPosition): void {
  const tmp = `${file}.tmp`;
  try {
    writeFileSync(tmp, encodeJournal(p));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(tmp, encodeJournal(p));
  }
  renameSync(tmp, file);
}
