/** Go's *PathError text for a Node file error: "open /x: no such file or directory". */
const STRERROR: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
};

export function pathError(op: string, path: string, error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const text = (e.code && STRERROR[e.code]) ?? e.message ?? String(error);
  return `${op} ${path}: ${text}`;
}
