/** Message timestamps for JSON: RFC 3339 in UTC with all nine fraction digits, or integer nanoseconds. */
import type { JsonWriter } from './writer.js';

const NS = 1_000_000_000n;
const SAFE = 2n ** 53n - 1n;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** "2006-01-02T15:04:05." of a second since the epoch. */
function secondPrefix(s: number): string {
  const d = new Date(s * 1000);
  return (
    `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.`
  );
}

/**
 * Writes int64 nanoseconds as "2006-01-02T15:04:05.000000000Z" (quoted). The date part is kept per
 * second and the split of the last timestamp is reused: messages often share one.
 */
export class Rfc3339Writer {
  private lastNs: bigint | undefined;
  private lastSec = Number.NaN;
  private rem = 0;
  /** `"` and the date part, as bytes. */
  private prefix = new Uint8Array(0);

  write(w: JsonWriter, ns: bigint): void {
    if (ns !== this.lastNs) {
      let sec = ns / NS;
      let rem = ns - sec * NS;
      if (rem < 0n) {
        sec -= 1n;
        rem += NS;
      }
      const s = Number(sec);
      if (s !== this.lastSec) {
        this.prefix = new TextEncoder().encode(`"${secondPrefix(s)}`);
        this.lastSec = s;
      }
      this.rem = Number(rem);
      this.lastNs = ns;
    }
    w.raw(this.prefix);
    const buf = w.reserve(11);
    let p = w.pos + 9;
    w.pos = p + 2;
    buf[p] = 0x5a; // Z
    buf[p + 1] = 0x22;
    let v = this.rem;
    for (let k = 0; k < 9; k++) {
      const q = Math.floor(v / 10);
      buf[--p] = 0x30 + (v - q * 10);
      v = q;
    }
  }
}

/** Nanoseconds as a JSON integer, quoted beyond ±(2^53-1) when `bigAsString`. */
export function writeNanos(w: JsonWriter, t: bigint, bigAsString: boolean): void {
  if (bigAsString && (t > SAFE || t < -SAFE)) {
    w.byte(0x22);
    w.ascii(String(t));
    w.byte(0x22);
  } else {
    w.ascii(String(t));
  }
}
