/** Message timestamps for JSON: RFC 3339 in UTC with all nine fraction digits, or integer nanoseconds. */

const NS = 1_000_000_000n;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Makes a formatter of int64 nanoseconds as "2006-01-02T15:04:05.000000000Z" (the date part cached). */
export function rfc3339Nano(): (ns: bigint) => string {
  let lastSec = Number.NaN;
  let lastPrefix = '';
  return (ns) => {
    let sec = ns / NS;
    let rem = ns - sec * NS;
    if (rem < 0n) {
      sec -= 1n;
      rem += NS;
    }
    const s = Number(sec);
    if (s !== lastSec) {
      const d = new Date(s * 1000);
      lastPrefix =
        `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T` +
        `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.`;
      lastSec = s;
    }
    return `${lastPrefix}${String(rem).padStart(9, '0')}Z`;
  };
}
