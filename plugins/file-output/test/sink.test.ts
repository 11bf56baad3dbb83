import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '@heka/core';
import { strftime } from '@heka/go-time';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../src/clock.js';
import { nextRotation, rotatedPath, rotationStart } from '../src/rotation.js';
import { FileSink, type SinkSettings } from '../src/sink.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'file-sink-'));
  dirs.push(d);
  return d;
}
const savedTz = process.env.TZ;
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  if (savedTz === undefined) delete process.env.TZ;
  else process.env.TZ = savedTz;
});

const H = 3_600_000;
const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');

/** A clock the test moves: timers fire in order when it advances past them. */
class ManualClock implements Clock {
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  schedule(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.timers.push({ at: this.time + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }
  /** Moves time forward, firing due timers in order; then waits until the sink has done what they asked. */
  async advance(ms: number, sink?: FileSink): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.time = next.at;
      next.fn();
      await sink?.settled();
    }
    this.time = end;
  }
}

function logger(lines: string[]): Logger {
  const log = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

const settings = (path: string, more: Partial<SinkSettings> = {}): SinkSettings => ({
  path,
  rotationHours: 0,
  perm: 0o644,
  folderPerm: 0o700,
  flushInterval: 0,
  flushCount: 1,
  flushAnd: true,
  ...more,
});
const bytes = (s: string) => new TextEncoder().encode(s);

describe('rotation boundaries and names', () => {
  it('truncates to whole intervals since the epoch, as Go Time.Truncate', () => {
    const t = Date.UTC(2026, 10, 24, 13, 37, 12, 345);
    expect(new Date(rotationStart(t, 1)).toISOString()).toBe('2026-11-24T13:00:00.000Z');
    expect(new Date(rotationStart(t, 4)).toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(new Date(rotationStart(t, 12)).toISOString()).toBe('2026-11-24T12:00:00.000Z');
    expect(new Date(rotationStart(t, 24)).toISOString()).toBe('2026-11-24T00:00:00.000Z');
    expect(new Date(nextRotation(t, 1)).toISOString()).toBe('2026-11-24T14:00:00.000Z');
    expect(new Date(nextRotation(t, 4)).toISOString()).toBe('2026-11-24T16:00:00.000Z');
    expect(new Date(nextRotation(t, 24)).toISOString()).toBe('2026-11-25T00:00:00.000Z');
    // Exactly on a boundary: that boundary starts the window, the next one is a full interval later.
    const b = Date.UTC(2026, 10, 24, 16);
    expect(rotationStart(b, 4)).toBe(b);
    expect(nextRotation(b, 4)).toBe(b + 4 * H);
  });

  it('aligns daily rotation on UTC midnight whatever the local zone, and names files in local time', () => {
    process.env.TZ = 'Europe/Berlin';
    const t = Date.UTC(2026, 0, 15, 22, 30); // 23:30 in Berlin
    const next = nextRotation(t, 24);
    expect(new Date(next).toISOString()).toBe('2026-01-16T00:00:00.000Z');
    expect(rotatedPath('/var/log/%Y-%m-%d_%H.log', next)).toBe('/var/log/2026-01-16_01.log');
    expect(rotatedPath('/var/log/%Y-%m-%d_%H%M.log', t)).toBe('/var/log/2026-01-15_2330.log');
  });
});

describe('FileSink with a manual clock', () => {
  it('rotates at the boundary: data before it in the old file, after it in the new one', async () => {
    process.env.TZ = 'UTC';
    const dir = tempDir();
    const start = Date.UTC(2026, 10, 24, 13, 59, 30);
    const clock = new ManualClock(start);
    const lines: string[] = [];
    const sink = await FileSink.open(
      settings(join(dir, '%Y%m%d-%H%M%S.log'), { rotationHours: 1 }),
      logger(lines),
      clock,
    );
    const first = join(dir, '20261124-135930.log'); // named after the moment it opened
    expect(sink.path).toBe(first);
    await sink.append(bytes('before\n'));
    await clock.advance(29_000, sink);
    expect(sink.path).toBe(first);
    await clock.advance(1_000, sink); // 14:00:00
    const second = join(dir, '20261124-140000.log'); // named after the boundary
    expect(sink.path).toBe(second);
    await sink.append(bytes('after\n'));
    await clock.advance(H, sink); // 15:00:00
    expect(sink.path).toBe(join(dir, '20261124-150000.log'));
    await sink.append(bytes('later\n'));
    await sink.close();
    expect(read(first)).toBe('before\n');
    expect(read(second)).toBe('after\n');
    expect(read(join(dir, '20261124-150000.log'))).toBe('later\n');
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('writes buffered data into the old file at the boundary, not the new one', async () => {
    process.env.TZ = 'UTC';
    const dir = tempDir();
    const clock = new ManualClock(Date.UTC(2026, 10, 24, 3, 0, 0));
    const sink = await FileSink.open(
      settings(join(dir, 'out-%H.log'), { rotationHours: 4, flushCount: 100 }),
      logger([]),
      clock,
    );
    sink.append(bytes('buffered\n'));
    expect(read(join(dir, 'out-03.log'))).toBe('');
    await clock.advance(H, sink); // 04:00, the 4-hour boundary
    expect(read(join(dir, 'out-03.log'))).toBe('buffered\n');
    expect(sink.path).toBe(join(dir, 'out-04.log'));
    await sink.close();
  });

  it('AND timer: the interval alone does not write, the count after it does', async () => {
    const dir = tempDir();
    const clock = new ManualClock(0);
    const path = join(dir, 'and.log');
    const sink = await FileSink.open(settings(path, { flushCount: 2, flushInterval: 1000 }), logger([]), clock);
    expect(sink.append(bytes('a\n'))).toBeUndefined(); // buffered: no promise, no write
    await clock.advance(1000, sink);
    expect(read(path)).toBe('');
    const written = sink.append(bytes('b\n'));
    expect(written).toBeInstanceOf(Promise);
    await written;
    expect(read(path)).toBe('a\nb\n');
    sink.append(bytes('c\n'));
    sink.append(bytes('d\n')); // count reached, interval not yet passed since the write
    expect(read(path)).toBe('a\nb\n');
    await clock.advance(1000, sink); // the timer sees the count and writes
    expect(read(path)).toBe('a\nb\nc\nd\n');
    await sink.close();
  });

  it('keeps the data of a failing write, refuses new records with RetryLater, and reports what is left', async () => {
    const lines: string[] = [];
    // /dev/full accepts opening and fails every write with ENOSPC.
    const sink = await FileSink.open(settings('/dev/full'), logger(lines), new ManualClock(0));
    await sink.append(bytes('lost?\n'));
    expect(lines.some((l) => l.startsWith("error Can't write to /dev/full:"))).toBe(true);
    await expect(sink.append(bytes('next\n'))).rejects.toMatchObject({ code: 'ERR_HEKA_RETRY_LATER' });
    await sink.close();
    expect(lines.at(-1)).toBe('error 6 bytes could not be written to /dev/full');
  });

  it('close is idempotent and writes what is buffered once', async () => {
    const dir = tempDir();
    const path = join(dir, 'close.log');
    const sink = await FileSink.open(settings(path, { flushCount: 10 }), logger([]), new ManualClock(0));
    sink.append(bytes('x\n'));
    await Promise.all([sink.close(), sink.close()]);
    await sink.close();
    expect(read(path)).toBe('x\n');
  });

  it('matches the strftime the rotation uses', () => {
    const at = Date.UTC(2026, 1, 3, 4, 5, 6);
    expect(rotatedPath('/x/%Y/%j/%H%M%S-%a.log', at)).toBe(strftime('/x/%Y/%j/%H%M%S-%a.log', new Date(at)));
  });
});
