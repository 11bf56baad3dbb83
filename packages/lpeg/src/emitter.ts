/** Emission of the matcher's instructions, with the pools a program needs. */
import { type Charset, countChars, equalSets, firstChar, toTable } from './charset.js';
import type { TValue } from './fengari.js';
import { Op } from './ops.js';
import { peephole } from './peephole.js';
import type { VKey } from './tree.js';

export interface Program {
  readonly code: Int32Array;
  /** 256-entry membership tables, one after the other. */
  readonly sets: Uint8Array;
  /** Literal bytes of Str instructions. */
  readonly strs: Uint8Array;
  /** Value keys used by capture instructions, by slot. */
  readonly keys: readonly VKey[];
  /** The values of `keys` in the pattern's ktable `valsKt`, once read (captures.ts valuesOf). */
  vals: TValue[] | null;
  valsKt: object | null;
}

export const NOINST = -1;

/** The instruction buffer and its constant pools (byte sets, literals, value keys). */
export class Emitter {
  protected code: number[] = [];
  private tableSets: Charset[] = [];
  private tableIndex = new Map<string, number>();
  private strs: number[] = [];
  private keys: VKey[] = [];
  private keySlots = new Map<VKey, number>();

  protected emit(op: number, a = 0, b = 0, c = 0): number {
    const pc = this.code.length;
    this.code.push(op, a, b, c);
    return pc;
  }

  protected here(): number {
    return this.code.length;
  }

  protected jumpTo(pc: number, target: number): void {
    if (pc >= 0) this.code[pc + 2] = target;
  }

  protected jumpHere(pc: number): void {
    this.jumpTo(pc, this.here());
  }

  protected table(cs: Charset): number {
    const id = cs.join(',');
    let n = this.tableIndex.get(id);
    if (n === undefined) {
      n = this.tableSets.length;
      this.tableSets.push(cs);
      this.tableIndex.set(id, n);
    }
    return n * 256;
  }

  /** Adds bytes to the literal pool; returns their offset. */
  protected literal(s: Uint8Array): number {
    const off = this.strs.length;
    for (const c of s) this.strs.push(c);
    return off;
  }

  protected slot(key: VKey | null): number {
    if (key === null) return -1;
    let n = this.keySlots.get(key);
    if (n === undefined) {
      n = this.keys.length;
      this.keys.push(key);
      this.keySlots.set(key, n);
    }
    return n;
  }

  protected codeChar(c: number, tt: number): void {
    if (tt >= 0 && this.code[tt] === Op.TestChar && this.code[tt + 1] === c) this.emit(Op.Any);
    else this.emit(Op.Char, c);
  }

  protected codeCharset(cs: Charset, tt: number): void {
    const n = countChars(cs);
    if (n === 0) this.emit(Op.Fail);
    else if (n === 1) this.codeChar(firstChar(cs), tt);
    else if (n === 256) this.emit(Op.Any);
    else if (
      tt >= 0 &&
      this.code[tt] === Op.TestSet &&
      equalSets(this.tableSets[(this.code[tt + 1] as number) / 256] as Charset, cs)
    )
      this.emit(Op.Any);
    else this.emit(Op.Set, this.table(cs));
  }

  /** A test that jumps away when the next byte cannot start a match (none when `e`). */
  protected codeTestSet(cs: Charset, e: number): number {
    if (e !== 0) return NOINST;
    const n = countChars(cs);
    if (n === 0) return this.emit(Op.Jmp);
    if (n === 256) return this.emit(Op.TestAny);
    if (n === 1) return this.emit(Op.TestChar, firstChar(cs));
    return this.emit(Op.TestSet, this.table(cs));
  }

  /** Ends the code and builds the program. */
  finish(): Program {
    this.emit(Op.End);
    peephole(this.code);
    const sets = new Uint8Array(this.tableSets.length * 256);
    for (let n = 0; n < this.tableSets.length; n++) toTable(this.tableSets[n] as Charset, sets, n * 256);
    return {
      code: Int32Array.from(this.code),
      sets,
      strs: Uint8Array.from(this.strs),
      keys: this.keys,
      vals: null,
      valsKt: null,
    };
  }
}
