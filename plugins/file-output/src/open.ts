/** Opening the output file as Heka did: create its directory, check it is writable, append-only open. */
import { access, constants, type FileHandle, mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  EEXIST: 'file exists',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
};

/** Go's *PathError text: "open /x: permission denied". */
export function goPathError(op: string, path: string, error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return `${op} ${path}: ${(e.code && STRERROR[e.code]) ?? e.message}`;
}

export async function openOutputFile(path: string, perm: number, folderPerm: number): Promise<FileHandle> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true, mode: folderPerm });
  } catch (e) {
    throw new Error(`Can't create the basepath for the FileOutput plugin: ${goPathError('mkdir', dir, e)}`);
  }
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    throw new Error(goPathError('access', dir, e));
  }
  try {
    return await open(path, 'a', perm);
  } catch (e) {
    throw new Error(goPathError('open', path, e));
  }
}
