/** Go's time.Time.String() of a UTC time: "2006-01-02 15:04:05.999999999 +0000 UTC". */

const NS = 1_000_000_000n;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Go's fmt of a year in a layout: at least 4 digits, sign first. */
function year(y: number): string {
  return y < 0 ? `-${String(-y).padStart(4, '0')}` : String(y).padStart(4, '0');
}

/** Nanoseconds since the epoch, rendered as Go renders time.Unix(0, ns).UTC().String(). */
export function goUtcString(ns: bigint): string {
  let sec = ns / NS;
  let rem = ns - sec * NS;
  if (rem < 0n) {
    sec -= 1n;
    rem += NS;
  }
  const d = new Date(Number(sec) * 1000);
  // ".999999999": the fraction without trailing zeros, left out when zero.
  const frac = rem === 0n ? '' : `.${rem.toString().padStart(9, '0').replace(/0+$/, '')}`;
  return (
    `${year(d.getUTCFullYear())}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${frac} +0000 UTC`
  );
}
