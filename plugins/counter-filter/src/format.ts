/**
 * Go's `%0.2f`: two decimals of the exact binary value, an exact tie rounded half to even
 * (JavaScript's toFixed rounds a tie up instead: 0.125 → "0.13" where Go writes "0.12").
 */
export function fixed2(x: number): string {
  const eighths = x * 8; // exact: a power-of-two scaling
  // A tie at two decimals is (2k + 1) / 200; as a binary fraction that is only possible for odd eighths.
  if (Number.isInteger(eighths) && eighths % 2 !== 0) {
    const low = Math.floor(x * 100); // exact: x * 100 = 12.5 * eighths
    const n = low % 2 === 0 ? low : low + 1;
    return (n / 100).toFixed(2);
  }
  return x.toFixed(2);
}
