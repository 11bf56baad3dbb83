/**
 * The circular buffer's data model (lua_circular_buffer 0.2.0, the version lua_sandbox 0.x / Heka
 * 0.10 built): `rows` x `columns` doubles, the newest row at `currentRow` whose start time (seconds) is
 * `currentTime`, and optional per-row deltas for the cbufd format. Times are seconds in JS numbers, so
 * nanosecond arguments beyond 2^53 lose only what a double loses.
 */

export const AGGREGATIONS = ['sum', 'min', 'max', 'none', 'none'] as const;
export const AGG_SUM = 0;
export const AGG_MIN = 1;
export const AGG_MAX = 2;

export const FORMAT_CBUF = 0;
export const FORMAT_CBUFD = 1;

export interface Header {
  name: string;
  unit: string;
  /** Index into AGGREGATIONS ("none" is 3, as luaL_checkoption finds its first entry). */
  aggregation: number;
}

export class CircularBuffer {
  currentTime: number;
  currentRow: number;
  readonly values: Float64Array;
  readonly headers: Header[] = [];
  format = FORMAT_CBUF;
  /** Delta rows (row time in seconds → column index → delta); null when none are pending. */
  deltas: Map<number, Map<number, number>> | null = null;

  constructor(
    readonly rows: number,
    readonly columns: number,
    readonly secondsPerRow: number,
    readonly delta: boolean,
  ) {
    this.values = new Float64Array(rows * columns).fill(Number.NaN);
    // seconds_per_row * (rows - 1) is unsigned 32-bit arithmetic in C
    this.currentTime = Math.imul(secondsPerRow, rows - 1) >>> 0;
    this.currentRow = rows - 1;
    for (let c = 1; c <= columns; c++) this.headers.push({ name: `Column_${c}`, unit: 'count', aggregation: AGG_SUM });
  }

  /** Seconds of the oldest row. */
  startTime(): number {
    return this.currentTime - (Math.imul(this.secondsPerRow, this.rows - 1) >>> 0);
  }

  /** Clears `count` rows after the current one (wrapping), at most all of them. */
  clearRows(count: number): void {
    const n = Math.min(count, this.rows);
    let row = this.currentRow;
    for (let i = 0; i < n; i++) {
      row = row + 1 === this.rows ? 0 : row + 1;
      this.values.fill(Number.NaN, row * this.columns, (row + 1) * this.columns);
    }
  }

  /** Seconds of the row holding `ns`, truncated toward zero as C's (time_t) cast and % do. */
  rowTime(ns: number): number {
    const t = Math.trunc(ns / 1e9);
    return t - (t % this.secondsPerRow);
  }

  /**
   * check_row: the row index for `ns`, or -1 when it is outside the window. With `advance`, a newer
   * time moves the window forward, clearing the rows that scroll out.
   */
  row(ns: number, advance: boolean): number {
    const t = this.rowTime(ns);
    const spr = this.secondsPerRow;
    const current = Math.trunc(this.currentTime / spr);
    const requested = Math.trunc(t / spr);
    const delta = requested - current;
    // int % unsigned in C: a negative row number is taken modulo 2^32 first
    const row = requested >= 0 ? requested % this.rows : (4294967296 + (requested % 4294967296)) % this.rows;
    if (delta > 0 && advance) {
      this.clearRows(delta);
      this.currentTime = t;
      this.currentRow = row;
    } else if (requested > current || Math.abs(delta) >= this.rows) {
      return -1;
    }
    return row;
  }

  /** circular_buffer_add_delta: accumulates `value` into the delta row of `ns`. */
  addDelta(ns: number, column: number, value: number): void {
    const t = this.rowTime(ns);
    if (this.deltas === null) this.deltas = new Map();
    let row = this.deltas.get(t);
    if (row === undefined) {
      row = new Map();
      this.deltas.set(t, row);
    }
    row.set(column, value + (row.get(column) ?? 0));
  }

  /** The delta rows in ascending time order. */
  sortedDeltas(): [number, Map<number, number>][] {
    if (this.deltas === null) return [];
    return [...this.deltas.entries()].sort((a, b) => a[0] - b[0]);
  }

  add(ns: number, row: number, column: number, value: number): number {
    const i = row * this.columns + column;
    const old = this.values[i] as number;
    const v = Number.isNaN(old) ? value : old + value;
    this.values[i] = v;
    if (this.delta && value !== 0) {
      this.addDelta(ns, column, (this.headers[column] as Header).aggregation !== AGG_SUM ? v : value);
    }
    return v;
  }

  set(ns: number, row: number, column: number, value: number): number {
    const i = row * this.columns + column;
    const old = this.values[i] as number;
    switch ((this.headers[column] as Header).aggregation) {
      case AGG_MIN:
        if (Number.isNaN(old) || value < old) {
          this.values[i] = value;
          if (this.delta) this.addDelta(ns, column, value);
        }
        break;
      case AGG_MAX:
        if (Number.isNaN(old) || value > old) {
          this.values[i] = value;
          if (this.delta) this.addDelta(ns, column, value);
        }
        break;
      default:
        this.values[i] = value;
        if (this.delta) this.addDelta(ns, column, Number.isFinite(old) ? value - old : value);
    }
    return this.values[i] as number;
  }

  get(row: number, column: number): number {
    return this.values[row * this.columns + column] as number;
  }

  /** Visits the rows from `start` to `end` inclusive, wrapping past the last row. */
  forRows(start: number, end: number, visit: (row: number) => void): void {
    let row = start;
    for (;;) {
      if (row === this.rows) row = 0;
      visit(row);
      if (row === end) return;
      row++;
    }
  }
}

/** set_header's cleaning: at most `max` bytes, anything but [A-Za-z0-9] (and `keep`) becomes '_'. */
export function cleanLabel(bytes: Uint8Array, max: number, keep: string): string {
  let s = '';
  for (let i = 0; i < bytes.length && i < max; i++) {
    const c = bytes[i] as number;
    if (c === 0) break;
    const alnum = (c >= 0x30 && c <= 0x39) || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a);
    s += alnum || keep.includes(String.fromCharCode(c)) ? String.fromCharCode(c) : '_';
  }
  return s;
}
