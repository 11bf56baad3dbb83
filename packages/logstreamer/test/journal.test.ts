import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  encodeJournal,
  hashWindow,
  journalPath,
  type Logfile,
  locatePosition,
  readJournal,
  writeJournal,
} from '../src/index.js';
import { tempDir } from './fixtures.js';

describe('journal hashes', () => {
  it("hash a short file's content zero-padded to 500 bytes, as Heka (its short.log vector)", () => {
    const short = Buffer.from([0, 1, 2].map((i) => `${i} This is a test\n`).join(''));
    expect(hashWindow(short)).toBe('4a9ab34da77c10e87cb6566bbf061d9715985551');
  });

  it('hash only the last 500 bytes before the position', () => {
    const data = Buffer.alloc(1200, 'x');
    data.write('head', 0);
    const expected = createHash('sha1').update(data.subarray(700)).digest('hex');
    expect(hashWindow(data)).toBe(expected);
  });
});

describe('journal files', () => {
  it("are written in Heka's JSON format, atomically, creating the directory", () => {
    const dir = join(tempDir(), 'deep', 'journals');
    const file = journalPath(dir, 'web-access');
    writeJournal(file, { fileName: '/var/log/a<b>&.log', seek: 1969, hash: 'abc' });
    expect(readFileSync(file, 'utf8')).toBe(
      '{"seek":1969,"file_name":"/var/log/a\\u003cb\\u003e\\u0026.log","last_hash":"abc"}',
    );
    expect(readJournal(file)).toEqual({
      kind: 'position',
      position: { fileName: '/var/log/a<b>&.log', seek: 1969, hash: 'abc' },
    });
  });

  it("read Heka's own journals", () => {
    const file = join(tempDir(), 'errorlog');
    writeFileSync(
      file,
      '{"file_name":"/x/2013/08/error.log","seek":1969,"last_hash":"72781af95a1583690cc97548fdcf3bb0efbe3119"}\n',
    );
    expect(readJournal(file)).toEqual({
      kind: 'position',
      position: { fileName: '/x/2013/08/error.log', seek: 1969, hash: '72781af95a1583690cc97548fdcf3bb0efbe3119' },
    });
  });

  it('treat a missing or blank journal as no position, and report a corrupt one', () => {
    const dir = tempDir();
    expect(readJournal(join(dir, 'none'))).toEqual({ kind: 'none' });
    writeFileSync(join(dir, 'blank'), '  \n');
    expect(readJournal(join(dir, 'blank'))).toEqual({ kind: 'none' });
    writeFileSync(join(dir, 'bad'), '{"seek":');
    const r = readJournal(join(dir, 'bad'));
    expect(r.kind).toBe('error');
    writeFileSync(join(dir, 'neg'), '{"seek":-4,"file_name":"x","last_hash":""}');
    expect(readJournal(join(dir, 'neg'))).toMatchObject({ kind: 'error', message: expect.stringContaining('"seek"') });
  });

  it('are named after the logstream, encoded only when the name is not a plain file name', () => {
    expect(journalPath('/j', 'nginx.example.com.access')).toBe('/j/nginx.example.com.access');
    expect(journalPath('/j', 'a/b%c')).toBe('/j/a%2Fb%25c');
    expect(journalPath('/j', '..')).toBe('/j/%2E%2E');
    expect(journalPath('/j', '')).toBe('/j/%');
  });

  it('encode exactly the fields Heka writes', () => {
    expect(encodeJournal({ fileName: 'f', seek: 0, hash: '' })).toBe('{"seek":0,"file_name":"f","last_hash":""}');
  });
});

describe('locating a journal position', () => {
  const content = Buffer.from(Array.from({ length: 100 }, (_, i) => `line ${i} of the log\n`).join(''));
  const seek = 900;
  const hash = hashWindow(content.subarray(0, seek));
  const file = (path: string, size: number): Logfile => ({
    path,
    strings: new Map(),
    scores: new Map(),
    dev: 0,
    ino: 0,
    size,
    mtimeMs: 0,
  });

  it('finds the position in the named file when its content matches', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.log'), content);
    const found = await locatePosition({ fileName: join(dir, 'a.log'), seek, hash }, [
      file(join(dir, 'a.log'), content.length),
    ]);
    expect(found?.offset).toBe(seek);
    expect(found?.before.equals(content.subarray(seek - 500, seek))).toBe(true);
  });

  it('follows a file that rotation renamed, and one it compressed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.log'), content);
    renameSync(join(dir, 'a.log'), join(dir, 'a.log.1'));
    writeFileSync(join(dir, 'a.log'), 'new content\n');
    writeFileSync(join(dir, 'a.log.2.gz'), gzipSync(content));
    const files = [file(join(dir, 'a.log.1'), content.length), file(join(dir, 'a.log'), 12)];
    expect((await locatePosition({ fileName: join(dir, 'a.log'), seek, hash }, files))?.file.path).toBe(
      join(dir, 'a.log.1'),
    );
    const gz = [file(join(dir, 'a.log.2.gz'), 50), file(join(dir, 'a.log'), 12)];
    const found = await locatePosition({ fileName: join(dir, 'a.log'), seek, hash }, gz);
    expect([found?.file.path, found?.gz, found?.offset]).toEqual([join(dir, 'a.log.2.gz'), true, seek]);
  });

  it('does not mistake a replaced file for the journaled one', async () => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'a.log'), Buffer.from(content.toString().replace('line 40 ', 'LINE 40 ')));
    expect(
      await locatePosition({ fileName: join(dir, 'a.log'), seek, hash }, [file(join(dir, 'a.log'), content.length)]),
    ).toBeUndefined();
  });
});
