// The layout of Heka's logstreamer/testdir/filehandling fixture (file names only; the contents here are
// our own), rebuilt in a temp directory.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Per year/month directory: the highest rotation number of access.log and error.log (-1: no such log). */
const LAYOUT: Record<string, [number, number]> = {
  '2010/05': [3, -1],
  '2010/07': [2, 2],
  '2010/08': [4, 3],
  '2012/04': [3, 1],
  '2012/09': [1, 5],
  '2013/01': [1, 3],
  '2013/04': [3, 1],
  '2013/08': [1, 4],
};

export function tempDir(prefix = 'logstreamer-lib-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Creates the tree under a new temp directory; each file holds a line naming it. */
export function filehandlingTree(): string {
  const root = tempDir();
  const put = (rel: string) => {
    const file = join(root, rel);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, `${rel}\n`);
  };
  for (const [dir, [access, error]] of Object.entries(LAYOUT)) {
    for (const [type, max] of [
      ['access', access],
      ['error', error],
    ] as const) {
      if (max < 0) continue;
      put(`${dir}/${type}.log`);
      for (let i = 1; i <= max; i++) put(`${dir}/${type}.log.${i}`);
    }
  }
  for (const f of ['file.log', 'file.log.1', 'file.log.2']) put(`subdir/${f}`);
  return root;
}
