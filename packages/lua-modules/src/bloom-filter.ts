/**
 * `bloom_filter` (lua_bloom_filter 0.2.0 as built into Heka 0.10's lua_sandbox): k = round(ln2 · m/n)
 * XXH32 hashes (seeds 0..k-1) over m = ceil(n · ln p / ln(1/2^ln2)) bits. Numbers are hashed as their
 * 8-byte IEEE double, strings as their bytes. Not an output type (add_to_payload refuses it).
 */
import { luaStringBody, targetExpression } from './bytes.js';
import { formatG } from './cformat.js';
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

export const BLOOM_FILTER_CLASS = 'mozsvc.bloom_filter';
const VERSION = '0.2.0';

export class BloomFilter {
  readonly bits: number;
  readonly hashes: number;
  readonly data: Uint8Array;
  count = 0;

  constructor(
    readonly items: number,
    readonly probability: number,
  ) {
    this.bits = BloomFilter.bitsFor(items, probability);
    this.hashes = Math.round((Math.log(2) * this.bits) / items) >>> 0;
    this.data = new Uint8Array(Math.ceil(this.bits / 8));
  }

  static bitsFor(items: number, probability: number): number {
    return Math.ceil((items * Math.log(probability)) / Math.log(1 / 2 ** Math.log(2)));
  }

  add(key: Uint8Array): boolean {
    let added = false;
    for (let i = 0; i < this.hashes; i++) {
      const bit = xxh32(key, key.length, i) % this.bits;
      const mask = 1 << (bit & 7);
      const at = bit >>> 3;
      if (!((this.data[at] as number) & mask)) {
        this.data[at] = (this.data[at] as number) | mask;
        added = true;
      }
    }
    if (added) this.count++;
    return added;
  }

  query(key: Uint8Array): boolean {
    for (let i = 0; i < this.hashes; i++) {
      const bit = xxh32(key, key.length, i) % this.bits;
      if (!((this.data[bit >>> 3] as number) & (1 << (bit & 7)))) return false;
    }
    return true;
  }
}

function self(L: LuaState, args: number): BloomFilter {
  return checkSelf<BloomFilter>(L, BLOOM_FILTER_CLASS, args, true);
}

function bfNew(L: LuaState): number {
  argCheck(L, lua.lua_gettop(L) === 2, 0, 'incorrect number of arguments');
  const items = checkInt(L, 1);
  argCheck(L, items > 1, 1, 'items must be > 1');
  const probability = lauxlib.luaL_checknumber(L, 2);
  argCheck(L, probability > 0 && probability < 1, 2, 'probability must be between 0 and 1');
  checkAllocation(L, 40 + Math.ceil(BloomFilter.bitsFor(items, probability) / 8));
  const bf = new BloomFilter(items, probability);
  newUserdata(L, 40 + bf.data.length, BLOOM_FILTER_CLASS, bf);
  return 1;
}

function bfAdd(L: LuaState): number {
  const bf = self(L, 2);
  lua.lua_pushboolean(L, bf.add(hashKey(L, 2)));
  return 1;
}

function bfQuery(L: LuaState): number {
  const bf = self(L, 2);
  lua.lua_pushboolean(L, bf.query(hashKey(L, 2)));
  return 1;
}

function bfCount(L: LuaState): number {
  lua.lua_pushnumber(L, self(L, 1).count);
  return 1;
}

function bfClear(L: LuaState): number {
  const bf = self(L, 1);
  bf.data.fill(0);
  bf.count = 0;
  return 0;
}

/** fromstring(bytes) or fromstring(count, bytes) (the restore form). */
function bfFromString(L: LuaState): number {
  let bf: BloomFilter;
  let values: Uint8Array;
  if (lua.lua_gettop(L) === 2) {
    bf = self(L, 2);
    values = lauxlib.luaL_checklstring(L, 2);
  } else {
    bf = self(L, 3);
    bf.count = Math.trunc(lauxlib.luaL_checknumber(L, 2));
    values = lauxlib.luaL_checklstring(L, 3);
  }
  if (values.length !== bf.data.length) {
    luaError(L, `fromstring() bytes found: ${values.length}, expected ${bf.data.length}`);
  }
  bf.data.set(values);
  return 0;
}

export function openBloomFilter(L: LuaState): number {
  defineClass(L, {
    name: BLOOM_FILTER_CLASS,
    methods: { add: bfAdd, query: bfQuery, clear: bfClear, count: bfCount, fromstring: bfFromString },
  });
  return pushModule(L, 'bloom_filter', {
    new: bfNew,
    version: (l) => {
      lua.lua_pushstring(l, VERSION);
      return 1;
    },
  });
}

/**
 * Preservation source. The probability is written with "%g" as lua_sandbox did, unless that loses
 * precision (then "%.17g"), so the restored filter always has the same size.
 */
export function serializeBloomFilter(L: LuaState, index: number, globalName: string): string {
  const bf = userdataValue<BloomFilter>(L, index, BLOOM_FILTER_CLASS);
  if (bf === undefined) throw new TypeError('not a bloom_filter');
  const t = targetExpression(globalName);
  const short = formatG(bf.probability, 6);
  const p = Number(short) === bf.probability ? short : formatG(bf.probability, 17);
  return (
    `if ${t} == nil then ${t} = bloom_filter.new(${bf.items}, ${p}) end\n` +
    `${t}:fromstring(${bf.count >>> 0}, "${luaStringBody(bf.data)}")\n`
  );
}
