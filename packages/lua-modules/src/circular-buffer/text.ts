/**
 * The circular buffer's text forms: the `cbuf` and `cbufd` outputs (lua_sandbox's output of a
 * circular_buffer userdata), the restore string read by fromstring(), and the preservation source.
 */
import { formatInt, outputNumber } from '../cformat.js';
import { isSpace, strtod, strtoll, strtoul32 } from '../strtod.js';
import { AGGREGATIONS, type CircularBuffer, FORMAT_CBUFD } from './buffer.js';

function header(cb: CircularBuffer): string {
  const info = cb.headers
    .map((h) => `{"name":"${h.name}","unit":"${h.unit}","aggregation":"${AGGREGATIONS[h.aggregation]}"}`)
    .join(',');
  return (
    `{"time":${formatInt(cb.startTime())},"rows":${cb.rows},"columns":${cb.columns},` +
    `"seconds_per_row":${cb.secondsPerRow},"column_info":[${info}]}\n`
  );
}

/**
 * The text `add_to_payload(cb)` writes in the buffer's current format. `cbuf`: the JSON header, then
 * every row oldest first, columns tab-separated. `cbufd`: the header and one line per changed row
 * (`<row seconds>\t<delta>...`, an untouched column as `nan`), rows in ascending time; nothing at all
 * when no delta is pending. Writing a cbufd clears the pending deltas.
 */
export function outputText(cb: CircularBuffer): string {
  if (cb.format === FORMAT_CBUFD) {
    if (cb.deltas === null) return '';
    const parts = [header(cb)];
    for (const [time, row] of cb.sortedDeltas()) {
      let line = outputNumber(time);
      for (let c = 0; c < cb.columns; c++) {
        const v = row.get(c);
        line += v === undefined ? '\tnan' : `\t${outputNumber(v)}`;
      }
      parts.push(`${line}\n`);
    }
    cb.deltas = null;
    return parts.join('');
  }
  const parts = [header(cb)];
  let row = cb.currentRow + 1;
  for (let i = 0; i < cb.rows; i++, row++) {
    if (row >= cb.rows) row = 0;
    let line = '';
    for (let c = 0; c < cb.columns; c++) {
      if (c !== 0) line += '\t';
      line += outputNumber(cb.get(row, c));
    }
    parts.push(`${line}\n`);
  }
  return parts.join('');
}

/**
 * The fromstring() text: "<current seconds> <current row>", every value in storage order, then for a
 * delta buffer the pending deltas as "<row seconds> <delta>..." (an untouched column as 0, as
 * lua_sandbox wrote it).
 */
export function restoreText(cb: CircularBuffer): string {
  const parts = [`${formatInt(cb.currentTime)} ${cb.currentRow}`];
  for (let i = 0; i < cb.values.length; i++) parts.push(outputNumber(cb.values[i] as number));
  for (const [time, row] of cb.sortedDeltas()) {
    parts.push(outputNumber(time));
    for (let c = 0; c < cb.columns; c++) parts.push(outputNumber(row.get(c) ?? 0));
  }
  return parts.join(' ');
}

export type FromStringResult =
  | { ok: true }
  | { ok: false; error: 'too few'; found: number; expected: number }
  | { ok: false; error: 'too many'; expected: number }
  | { ok: false; error: 'invalid delta' }
  | { ok: false; error: 'invalid row'; row: number };

/**
 * circular_buffer_fromstring over the bytes of `s` (read as a C string, up to a NUL). As in C the
 * buffer is updated while reading, so a failing call leaves what it read so far. A token strtod cannot
 * read stops the scan where it is: every later read yields 0 without moving on (so the values fill
 * with zeros and the call fails with "too many values"; in the delta part it is an invalid delta).
 */
export function fromString(cb: CircularBuffer, s: Uint8Array): FromStringResult {
  const nul = s.indexOf(0);
  const text = nul < 0 ? s : s.subarray(0, nul);
  let p = 0;
  const time = strtoll(text, p);
  p = time.end;
  const row = strtoul32(text, p);
  p = row.end;
  cb.currentTime = time.value;
  if (row.value >= cb.rows) return { ok: false, error: 'invalid row', row: row.value };
  cb.currentRow = row.value;

  let stuck = false;
  const next = (): number | undefined => {
    while (p < text.length && isSpace(text[p] as number)) p++;
    if (p >= text.length) return undefined;
    const r = strtod(text, p);
    if (r.end === p) {
      stuck = true;
      return 0;
    }
    p = r.end;
    return r.value;
  };

  const len = cb.values.length;
  let pos = 0;
  while (pos < len) {
    const v = next();
    if (v === undefined) break;
    cb.values[pos++] = v;
  }
  if (pos !== len) return { ok: false, error: 'too few', found: pos, expected: len };
  if (cb.delta) {
    let col = 0;
    let ns = 0;
    for (let v = next(); v !== undefined; v = next()) {
      // C would loop forever on an unreadable token here
      if (stuck) return { ok: false, error: 'invalid delta' };
      if (col === 0) ns = v * 1e9;
      else cb.addDelta(ns, col - 1, v);
      col = col === cb.columns ? 0 : col + 1;
    }
    if (col !== 0) return { ok: false, error: 'invalid delta' };
  }
  if (next() !== undefined) return { ok: false, error: 'too many', expected: len };
  return { ok: true };
}

/** Lua statements that recreate `cb` into `target` (lua_sandbox's serialize_circular_buffer). */
export function serializeSource(cb: CircularBuffer, target: string): string {
  const lines = [
    `if ${target} == nil then ${target} = circular_buffer.new(${cb.rows}, ${cb.columns}, ${cb.secondsPerRow}${cb.delta ? ', true' : ''}) end`,
  ];
  cb.headers.forEach((h, i) => {
    lines.push(`${target}:set_header(${i + 1}, "${h.name}", "${h.unit}", "${AGGREGATIONS[h.aggregation]}")`);
  });
  lines.push(`${target}:fromstring("${restoreText(cb)}")`);
  return `${lines.join('\n')}\n`;
}
