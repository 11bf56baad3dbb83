/**
 * The line prefix of Go's `log` package for a flags value (Heka's `[hekad] log_flags`, default 3 =
 * date and time): `2009/01/23 01:23:23 `, with `.123123` after the seconds for Lmicroseconds, in UTC
 * for LUTC. The file-and-line flags named a line of Heka's own Go source and are not reproduced.
 */
export const LDATE = 1;
export const LTIME = 2;
export const LMICROSECONDS = 4;
export const LUTC = 32;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export function logPrefix(flags: number, now: Date): string {
  if ((flags & (LDATE | LTIME | LMICROSECONDS)) === 0) return '';
  const utc = (flags & LUTC) !== 0;
  let out = '';
  if (flags & LDATE) {
    const y = utc ? now.getUTCFullYear() : now.getFullYear();
    const m = (utc ? now.getUTCMonth() : now.getMonth()) + 1;
    const d = utc ? now.getUTCDate() : now.getDate();
    out += `${pad(y, 4)}/${pad(m)}/${pad(d)} `;
  }
  if (flags & (LTIME | LMICROSECONDS)) {
    const h = utc ? now.getUTCHours() : now.getHours();
    const mi = utc ? now.getUTCMinutes() : now.getMinutes();
    const s = utc ? now.getUTCSeconds() : now.getSeconds();
    out += `${pad(h)}:${pad(mi)}:${pad(s)}`;
    if (flags & LMICROSECONDS) out += `.${pad(now.getMilliseconds() * 1000, 6)}`;
    out += ' ';
  }
  return out;
}

/** Reuses the prefix while it cannot change (same second, or same millisecond with Lmicroseconds). */
export class PrefixCache {
  private key = Number.NaN;
  private bytes: Buffer = Buffer.alloc(0);
  private readonly unit: number;

  constructor(private readonly flags: number) {
    this.unit = flags & LMICROSECONDS ? 1 : 1000;
  }

  get(nowMs: number): Buffer {
    const key = Math.floor(nowMs / this.unit);
    if (key !== this.key) {
      this.key = key;
      this.bytes = Buffer.from(logPrefix(this.flags, new Date(nowMs)));
    }
    return this.bytes;
  }
}
