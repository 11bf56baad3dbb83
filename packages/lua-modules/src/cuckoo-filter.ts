/**
 * `cuckoo_filter` (lua_cuckoo_filter 0.1.0 as built into Heka 0.10's lua_sandbox): buckets of four
 * 16-bit fingerprints, a power-of-two bucket count, XXH32 (seed 1) for the index and the partial-key
 * alternate bucket, up to 512 random relocations. A fingerprint already present in either bucket counts
 * as a duplicate (add returns false). Not an output type (add_to_payload refuses it).
 */
import { luaStringBody, targetExpression } from './bytes.js';
import { xxh32 } from './hash.js';
import {
  argCheck,
  checkAllocation,
  checkInt,
  checkSelf,
  defineClass,
  hashKey,
  type LuaState,
  lauxlib,
  lua,
  luaError,
  newUserdata,
  pushModule,
  userdataValue,
} from './lua.js';

export const CUCKOO_FILTER_CLASS = 'mozsvc.cuckoo_filter';
const VERSION = '0.1.0';
const BUCKET = 4;

/** Least power of two >= x (32-bit, as Hacker's Delight clp2). */
function clp2(x: number): number {
  let v = (x - 1) >>> 0;
  v |= v >>> 1;
  v |= v >>> 2;
  v |= v >>> 4;
  v |= v >>> 8;
  v |= v >>> 16;
  return (v + 1) >>> 0;
}

const fpBytes = new Uint8Array(4);

/** XXH32 of a fingerprint as a 4-byte little-endian unsigned. */
function fpHash(fp: number): number {
  fpBytes[0] = fp & 0xff;
  fpBytes[1] = fp >>> 8;
  fpBytes[2] = 0;
  fpBytes[3] = 0;
  return xxh32(fpBytes, 4, 1);
}

export class CuckooFilter {
  readonly buckets: number;
  readonly entries: Uint16Array;
  /** The capacity the filter was rounded up to (buckets * 4), as serialized. */
  readonly items: number;
  private readonly shift: number;
  /** xorshift32 state for the relocation choices (C used rand(); a fixed seed makes runs repeatable). */
  private seed = 0x9e3779b9;
  count = 0;

  constructor(items: number) {
    this.buckets = clp2(Math.trunc(items / BUCKET));
    this.items = this.buckets * BUCKET;
    this.entries = new Uint16Array(this.buckets * BUCKET);
    // nlz(buckets) + 1; with a single bucket C shifts by 32, which x86 does as a shift by 0
    this.shift = (Math.clz32(this.buckets) + 1) & 31;
  }

  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed;
  }

  private alternate(i: number, fp: number): number {
    return (i ^ (fpHash(fp) >>> this.shift)) % this.buckets;
  }

  private has(b: number, fp: number): boolean {
    const e = this.entries;
    const o = b * BUCKET;
    return e[o] === fp || e[o + 1] === fp || e[o + 2] === fp || e[o + 3] === fp;
  }

  private put(b: number, fp: number): boolean {
    const o = b * BUCKET;
    for (let i = 0; i < BUCKET; i++) {
      if (this.entries[o + i] === 0) {
        this.entries[o + i] = fp;
        return true;
      }
    }
    return false;
  }

  private remove(b: number, fp: number): boolean {
    const o = b * BUCKET;
    for (let i = 0; i < BUCKET; i++) {
      if (this.entries[o + i] === fp) {
        this.entries[o + i] = 0;
        return true;
      }
    }
    return false;
  }

  private locate(key: Uint8Array): [number, number] {
    const h = xxh32(key, key.length, 1);
    const fp = h >>> 16 || 1;
    return [h % this.buckets, fp];
  }

  add(key: Uint8Array): boolean {
    const located = this.locate(key);
    const i1 = located[0];
    let fp = located[1];
    const i2 = this.alternate(i1, fp);
    if (this.has(i1, fp) || this.has(i2, fp)) return false;
    if (!this.put(i1, fp) && !this.put(i2, fp)) {
      let ri = this.random() % 2 ? i1 : i2;
      let inserted = false;
      for (let n = 0; n < 512 && !inserted; n++) {
        const slot = ri * BUCKET + (this.random() % BUCKET);
        const evicted = this.entries[slot] as number;
        this.entries[slot] = fp;
        fp = evicted;
        ri = this.alternate(ri, fp);
        if (this.has(ri, fp)) return false;
        inserted = this.put(ri, fp);
      }
      if (!inserted) return false;
    }
    this.count++;
    return true;
  }

  query(key: Uint8Array): boolean {
    const [i1, fp] = this.locate(key);
    return this.has(i1, fp) || this.has(this.alternate(i1, fp), fp);
  }

  delete(key: Uint8Array): boolean {
    const [i1, fp] = this.locate(key);
    const deleted = this.remove(i1, fp) || this.remove(this.alternate(i1, fp), fp);
    if (deleted) this.count--;
    return deleted;
  }

  /** The buckets as the C struct stores them (little-endian 16-bit entries). */
  toBytes(): Uint8Array {
    const out = new Uint8Array(this.entries.length * 2);
    for (let i = 0; i < this.entries.length; i++) {
      const v = this.entries[i] as number;
      out[2 * i] = v & 0xff;
      out[2 * i + 1] = v >>> 8;
    }
    return out;
  }

  fromBytes(b: Uint8Array): void {
    for (let i = 0; i < this.entries.length; i++) {
      this.entries[i] = (b[2 * i] as number) | ((b[2 * i + 1] as number) << 8);
    }
  }
}

function self(L: LuaState, args: number): CuckooFilter {
  return checkSelf<CuckooFilter>(L, CUCKOO_FILTER_CLASS, args, true);
}

function cfNew(L: LuaState): number {
  argCheck(L, lua.lua_gettop(L) === 1, 0, 'incorrect number of arguments');
  const items = checkInt(L, 1);
  argCheck(L, items > 4, 1, 'items must be > 4');
  const bytes = clp2(Math.trunc(items / BUCKET)) * BUCKET * 2;
  checkAllocation(L, 40 + bytes);
  newUserdata(L, 40 + bytes, CUCKOO_FILTER_CLASS, new CuckooFilter(items));
  return 1;
}

function cfFromString(L: LuaState): number {
  const cf = self(L, 3);
  cf.count = Math.trunc(lauxlib.luaL_checknumber(L, 2));
  const values = lauxlib.luaL_checklstring(L, 3);
  const expected = cf.entries.length * 2;
  if (values.length !== expected) luaError(L, `fromstring() bytes found: ${values.length}, expected ${expected}`);
  cf.fromBytes(values);
  return 0;
}

export function openCuckooFilter(L: LuaState): number {
  defineClass(L, {
    name: CUCKOO_FILTER_CLASS,
    methods: {
      add: (l) => {
        const cf = self(l, 2);
        lua.lua_pushboolean(l, cf.add(hashKey(l, 2)));
        return 1;
      },
      query: (l) => {
        const cf = self(l, 2);
        lua.lua_pushboolean(l, cf.query(hashKey(l, 2)));
        return 1;
      },
      delete: (l) => {
        const cf = self(l, 2);
        lua.lua_pushboolean(l, cf.delete(hashKey(l, 2)));
        return 1;
      },
      count: (l) => {
        lua.lua_pushnumber(l, self(l, 1).count);
        return 1;
      },
      clear: (l) => {
        const cf = self(l, 1);
        cf.entries.fill(0);
        cf.count = 0;
        return 0;
      },
      fromstring: cfFromString,
    },
  });
  return pushModule(L, 'cuckoo_filter', {
    new: cfNew,
    version: (l) => {
      lua.lua_pushstring(l, VERSION);
      return 1;
    },
  });
}

export function serializeCuckooFilter(L: LuaState, index: number, globalName: string): string {
  const cf = userdataValue<CuckooFilter>(L, index, CUCKOO_FILTER_CLASS);
  if (cf === undefined) throw new TypeError('not a cuckoo_filter');
  const t = targetExpression(globalName);
  return (
    `if ${t} == nil then ${t} = cuckoo_filter.new(${cf.items}) end\n` +
    `${t}:fromstring(${cf.count >>> 0}, "${luaStringBody(cf.toBytes())}")\n`
  );
}
