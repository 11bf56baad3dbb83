/**
 * `{...}` of a message's fields: one member per name; a single value as itself, several (or a repeated
 * name) as an array. Messages of one stream mostly carry the same names in the same order, so the
 * names of the last message are kept with their `"name":` bytes and whether they are all distinct.
 */
import type { Field } from '@heka/core';
import { writeOwnValues, writeValue } from './values.js';
import { type JsonWriter, putBytes, putString, stringRoom } from './writer.js';

const encoder = new TextEncoder();
const MAX_CACHED_NAMES = 10_000;

export class FieldsWriter {
  private readonly names: string[] = [];
  private readonly members: Uint8Array[] = [];
  private distinct = true;
  /** `"name":` by name, across shapes. */
  private readonly memberCache = new Map<string, Uint8Array>();

  constructor(private readonly bigAsString: boolean) {}

  write(w: JsonWriter, fields: readonly Field[]): void {
    const n = fields.length;
    const names = this.names;
    let same = n === names.length;
    for (let i = 0; same && i < n; i++) same = (fields[i] as Field).name === names[i];
    if (!same) this.learn(fields);
    w.byte(0x7b);
    if (this.distinct) {
      const members = this.members;
      for (let i = 0; i < n; i++) {
        const f = fields[i] as Field;
        const member = members[i] as Uint8Array;
        const values = f.value;
        const v = values[0];
        if (typeof v === 'string' && values.length === 1 && f.valueType === 'string') {
          // The common case (decoders make string fields): one reservation, then straight writes.
          const buf = w.reserve(member.length + 1 + stringRoom(v));
          let p = w.pos;
          if (i > 0) buf[p++] = 0x2c;
          w.pos = putString(buf, putBytes(buf, p, member), v);
          continue;
        }
        if (i > 0) w.byte(0x2c);
        w.raw(member);
        writeOwnValues(w, f, this.bigAsString);
      }
    } else {
      this.writeMerged(w, fields);
    }
    w.byte(0x7d);
  }

  private learn(fields: readonly Field[]): void {
    const n = fields.length;
    this.names.length = n;
    this.members.length = n;
    for (let i = 0; i < n; i++) {
      const name = (fields[i] as Field).name;
      this.names[i] = name;
      this.members[i] = this.member(name);
    }
    if (n <= 16) {
      let distinct = true;
      for (let i = 1; distinct && i < n; i++) {
        for (let j = 0; j < i; j++) {
          if (this.names[j] === this.names[i]) {
            distinct = false;
            break;
          }
        }
      }
      this.distinct = distinct;
    } else {
      this.distinct = new Set(this.names).size === n;
    }
  }

  private member(name: string): Uint8Array {
    let m = this.memberCache.get(name);
    if (m === undefined) {
      m = encoder.encode(`${JSON.stringify(name)}:`);
      if (this.memberCache.size >= MAX_CACHED_NAMES) this.memberCache.clear();
      this.memberCache.set(name, m);
    }
    return m;
  }

  /** Some name repeats: its values are merged into one array at its first place, in message order. */
  private writeMerged(w: JsonWriter, fields: readonly Field[]): void {
    const n = fields.length;
    const big = this.bigAsString;
    let first = true;
    for (let i = 0; i < n; i++) {
      const f = fields[i] as Field;
      const name = f.name;
      let earlier = false;
      for (let j = 0; j < i && !earlier; j++) earlier = (fields[j] as Field).name === name;
      if (earlier) continue; // merged into the first field of that name
      let later = i + 1;
      while (later < n && (fields[later] as Field).name !== name) later++;
      if (!first) w.byte(0x2c);
      first = false;
      w.raw(this.members[i] as Uint8Array);
      if (later === n) {
        writeOwnValues(w, f, big);
        continue;
      }
      w.byte(0x5b);
      let any = false;
      for (let j = i; j < n; j++) {
        const g = fields[j] as Field;
        if (g.name !== name) continue;
        for (const v of g.value) {
          if (any) w.byte(0x2c);
          any = true;
          writeValue(w, g.valueType, v, big);
        }
      }
      w.byte(0x5d);
    }
  }
}
