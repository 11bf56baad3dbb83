/** Go's ways of writing numbers and strings that heka-cat's output depends on. */

/**
 * A float64 as Go's `%v` (and `strconv.FormatFloat(x, 'g', -1, 64)`) writes it: the shortest
 * digits that read back to x, in %e form when the exponent is < -4 or >= 6 (e.g. 1e+06, 1.5e-05).
 */
export function goFloat(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Number.POSITIVE_INFINITY) return '+Inf';
  if (x === Number.NEGATIVE_INFINITY) return '-Inf';
  if (x < 0 || Object.is(x, -0)) return `-${goFloat(-x)}`;
  if (x === 0) return '0';
  const [mant, e] = x.toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(e);
  if (exp < -4 || exp >= 6) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const abs = Math.abs(exp);
    return `${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  const dp = exp + 1; // digits before the decimal point
  if (dp <= 0) return `0.${'0'.repeat(-dp)}${digits}`;
  if (dp >= digits.length) return digits + '0'.repeat(dp - digits.length);
  return `${digits.slice(0, dp)}.${digits.slice(dp)}`;
}

/**
 * A string in the protobuf text format as Go's proto package writes it (CompactTextString):
 * byte by byte, \n \r \t \" \\ escaped, printable ASCII as is, every other byte as a 3-digit octal escape.
 */
export function protoTextString(b: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < b.length; i++) {
    const c = b[i] as number;
    if (c === 0x0a) s += '\\n';
    else if (c === 0x0d) s += '\\r';
    else if (c === 0x09) s += '\\t';
    else if (c === 0x22) s += '\\"';
    else if (c === 0x5c) s += '\\\\';
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\${c.toString(8).padStart(3, '0')}`;
  }
  return `${s}"`;
}

/** One UTF-8 sequence at b[i], decoded as Go does: [rune, width]; an invalid byte is [-1, 1]. */
export function decodeRune(b: Uint8Array, i: number): [number, number] {
  const c = b[i] as number;
  if (c < 0x80) return [c, 1];
  const cont = (k: number) => i + k < b.length && ((b[i + k] as number) & 0xc0) === 0x80;
  const at = (k: number) => (b[i + k] as number) & 0x3f;
  if (c >= 0xc2 && c <= 0xdf && cont(1)) return [((c & 0x1f) << 6) | at(1), 2];
  if (c >= 0xe0 && c <= 0xef && cont(1) && cont(2)) {
    const v = ((c & 0x0f) << 12) | (at(1) << 6) | at(2);
    if (v >= 0x800 && (v < 0xd800 || v > 0xdfff)) return [v, 3];
  }
  if (c >= 0xf0 && c <= 0xf4 && cont(1) && cont(2) && cont(3)) {
    const v = ((c & 0x07) << 18) | (at(1) << 12) | (at(2) << 6) | at(3);
    if (v >= 0x10000 && v <= 0x10ffff) return [v, 4];
  }
  return [-1, 1];
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Go's strconv.Quote of a byte string (what `%q` prints for []byte). */
export function goQuote(b: Uint8Array): string {
  let s = '"';
  for (let i = 0; i < b.length; ) {
    const [r, w] = decodeRune(b, i);
    if (r < 0) s += `\\x${hex(b[i] as number, 2)}`;
    else if (r === 0x22) s += '\\"';
    else if (r === 0x5c) s += '\\\\';
    else if (r === 0x20 || PRINTABLE.test(String.fromCodePoint(r))) s += String.fromCodePoint(r);
    else if (r === 7) s += '\\a';
    else if (r === 8) s += '\\b';
    else if (r === 0x0c) s += '\\f';
    else if (r === 0x0a) s += '\\n';
    else if (r === 0x0d) s += '\\r';
    else if (r === 9) s += '\\t';
    else if (r === 0x0b) s += '\\v';
    else if (r < 0x20 || r === 0x7f) s += `\\x${hex(r, 2)}`;
    else if (r < 0x10000) s += `\\u${hex(r, 4)}`;
    else s += `\\U${hex(r, 8)}`;
    i += w;
  }
  return `${s}"`;
}

/**
 * A JSON string as Go's encoding/json writes one: \" \\ \n \r \t short escapes, other control
 * bytes and < > & as \u00XX, U+2028/U+2029 escaped, each invalid UTF-8 byte as \ufffd.
 */
export function goJsonString(b: Uint8Array): string {
  let s = '"';
  let start = 0;
  let i = 0;
  const flush = () => {
    if (start < i) s += Buffer.from(b.buffer, b.byteOffset + start, i - start).toString('utf8');
  };
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c && c !== 0x3c && c !== 0x3e && c !== 0x26) {
        i++;
        continue;
      }
      flush();
      if (c === 0x22 || c === 0x5c) s += `\\${String.fromCharCode(c)}`;
      else if (c === 0x0a) s += '\\n';
      else if (c === 0x0d) s += '\\r';
      else if (c === 0x09) s += '\\t';
      else s += `\\u00${hex(c, 2)}`;
      start = ++i;
      continue;
    }
    const [r, w] = decodeRune(b, i);
    if (r < 0 || r === 0x2028 || r === 0x2029) {
      flush();
      s += r < 0 ? '\\ufffd' : `\\u${hex(r, 4)}`;
      start = i + w;
    }
    i += w;
  }
  flush();
  return `${s}"`;
}
