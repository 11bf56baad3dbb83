/**
 * `hyperloglog` (lua_hyperloglog 0.1.0 as built into Heka 0.10's lua_sandbox): Redis' dense HyperLogLog,
 * 16384 six-bit registers, MurmurHash64A (seed 0xadc83b19), standard error 0.81%, with Redis' 2014
 * estimator (linear counting below 2.5m, polynomial bias correction below 72000). The value is the
 * Redis header ("HYLL", encoding, cached cardinality) plus the registers: 12304 bytes, which is also
 * its output text (add_to_payload, inject_message fields) and its fromstring() input.
 */
import { luaStringBody, targetExpression } from './bytes.js';
import { murmurHash64A, type U64 } from './hash.js';
import {
  argCheck,
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

export const HYPERLOGLOG_CLASS = 'mozsvc.hyperloglog';
const VERSION = '0.1.0';

const P = 14;
const REGISTERS = 1 << P;
const HEADER = 16;
/** sizeof(hyperloglog) - 1: the header and the 12288 register bytes (not the spare byte after them). */
export const HLL_BYTES = HEADER + (REGISTERS * 6) / 8;
const SEED = 0xadc83b19;
const PE = Array.from({ length: 64 }, (_, j) => 1 / 2 ** j);

export class HyperLogLog {
  /** The C struct: magic, encoding, 3 unused, 8-byte cached count (MSB set = stale), registers + 1. */
  readonly bytes = new Uint8Array(HLL_BYTES + 1);
  private readonly hash: U64 = { hi: 0, lo: 0 };

  constructor() {
    this.bytes.set([0x48, 0x59, 0x4c, 0x4c]); // "HYLL"
    this.invalidate();
  }

  invalidate(): void {
    this.bytes[15] = (this.bytes[15] as number) | 0x80;
  }

  /** Adds an element; true when a register grew (the estimate may have changed). */
  add(key: Uint8Array): boolean {
    const h = murmurHash64A(key, SEED, this.hash);
    const index = h.lo & (REGISTERS - 1);
    // the run of zeros from bit 14 up, plus the final 1 (bit 63 is forced on)
    let count = 1;
    let bit = P;
    for (; bit < 32 && !((h.lo >>> bit) & 1); bit++) count++;
    if (bit === 32) {
      const hi = (h.hi | 0x80000000) >>> 0;
      for (let b = 0; !((hi >>> b) & 1); b++) count++;
    }
    const r = this.bytes;
    const at = HEADER + ((index * 6) >>> 3);
    const fb = (index * 6) & 7;
    const old = (((r[at] as number) >>> fb) | ((r[at + 1] as number) << (8 - fb))) & 63;
    if (count <= old) return false;
    r[at] = ((r[at] as number) & ~(63 << fb)) | (count << fb);
    r[at + 1] = ((r[at + 1] as number) & ~(63 >>> (8 - fb))) | (count >>> (8 - fb));
    this.invalidate();
    return true;
  }

  /** The estimate, from the cache when valid (the cache is stored as in C, little endian). */
  count(): number {
    const b = this.bytes;
    if (((b[15] as number) & 0x80) === 0) {
      let v = 0;
      for (let i = 15; i >= 8; i--) v = v * 256 + (b[i] as number);
      return v;
    }
    const card = this.estimate();
    let v = card;
    for (let i = 8; i < 16; i++) {
      b[i] = v % 256;
      v = Math.floor(v / 256);
    }
    return card;
  }

  private estimate(): number {
    const m = REGISTERS;
    const alpha = 0.7213 / (1 + 1.079 / m);
    let E = 0;
    let ez = 0;
    const r = this.bytes;
    for (let j = 0, p = HEADER; j < 1024; j++, p += 12) {
      const regs = [
        (r[p] as number) & 63,
        (((r[p] as number) >> 6) | ((r[p + 1] as number) << 2)) & 63,
        (((r[p + 1] as number) >> 4) | ((r[p + 2] as number) << 4)) & 63,
        ((r[p + 2] as number) >> 2) & 63,
        (r[p + 3] as number) & 63,
        (((r[p + 3] as number) >> 6) | ((r[p + 4] as number) << 2)) & 63,
        (((r[p + 4] as number) >> 4) | ((r[p + 5] as number) << 4)) & 63,
        ((r[p + 5] as number) >> 2) & 63,
        (r[p + 6] as number) & 63,
        (((r[p + 6] as number) >> 6) | ((r[p + 7] as number) << 2)) & 63,
        (((r[p + 7] as number) >> 4) | ((r[p + 8] as number) << 4)) & 63,
        ((r[p + 8] as number) >> 2) & 63,
        (r[p + 9] as number) & 63,
        (((r[p + 9] as number) >> 6) | ((r[p + 10] as number) << 2)) & 63,
        (((r[p + 10] as number) >> 4) | ((r[p + 11] as number) << 4)) & 63,
        ((r[p + 11] as number) >> 2) & 63,
      ];
      for (const v of regs) if (v === 0) ez++;
      const e = regs.map((v) => PE[v] as number);
      // the C code's grouping: eight pair sums added left to right, then added to E
      E +=
        (e[0] as number) +
        (e[1] as number) +
        ((e[2] as number) + (e[3] as number)) +
        ((e[4] as number) + (e[5] as number)) +
        ((e[6] as number) + (e[7] as number)) +
        ((e[8] as number) + (e[9] as number)) +
        ((e[10] as number) + (e[11] as number)) +
        ((e[12] as number) + (e[13] as number)) +
        ((e[14] as number) + (e[15] as number));
    }
    E = (1 / E) * alpha * m * m;
    if (E < m * 2.5 && ez !== 0) {
      E = m * Math.log(m / ez);
    } else if (E < 72000) {
      const bias =
        5.9119 * 1.0e-18 * (E * E * E * E) -
        1.4253 * 1.0e-12 * (E * E * E) +
        1.294 * 1.0e-7 * (E * E) -
        5.2921 * 1.0e-3 * E +
        83.3216;
      E -= E * (bias / 100);
    }
    return Math.trunc(E);
  }
}

function self(L: LuaState, args: number): HyperLogLog {
  return checkSelf<HyperLogLog>(L, HYPERLOGLOG_CLASS, args, true);
}

function hllNew(L: LuaState): number {
  argCheck(L, lua.lua_gettop(L) === 0, 0, 'incorrect number of arguments');
  newUserdata(L, HLL_BYTES + 1, HYPERLOGLOG_CLASS, new HyperLogLog());
  return 1;
}

function hllFromString(L: LuaState): number {
  const hll = self(L, 2);
  const values = lauxlib.luaL_checklstring(L, 2);
  if (values.length !== HLL_BYTES) luaError(L, `fromstring() bytes found: ${values.length}, expected ${HLL_BYTES}`);
  if (values[0] !== 0x48 || values[1] !== 0x59 || values[2] !== 0x4c || values[3] !== 0x4c) {
    luaError(L, 'fromstring() HYLL header not found');
  }
  // lua_hyperloglog checks byte 5 (the first unused byte) where it meant the encoding byte (4)
  if (values[5] !== 0) luaError(L, 'fromstring() invalid encoding');
  hll.bytes.set(values);
  return 0;
}

function hllOutput(L: LuaState): number {
  const hll = userdataValue<HyperLogLog>(L, 1, HYPERLOGLOG_CLASS);
  if (hll === undefined) return lauxlib.luaL_argerror(L, 1, 'hyperloglog expected');
  lua.lua_pushstring(L, hll.bytes.subarray(0, HLL_BYTES));
  return 1;
}

export function openHyperLogLog(L: LuaState): number {
  defineClass(L, {
    name: HYPERLOGLOG_CLASS,
    methods: {
      add: (l) => {
        const hll = self(l, 2);
        lua.lua_pushboolean(l, hll.add(hashKey(l, 2)));
        return 1;
      },
      count: (l) => {
        lua.lua_pushnumber(l, self(l, 1).count());
        return 1;
      },
      clear: (l) => {
        const hll = self(l, 1);
        hll.bytes.fill(0, HEADER);
        hll.invalidate();
        return 0;
      },
      fromstring: hllFromString,
    },
    output: hllOutput,
  });
  return pushModule(L, 'hyperloglog', {
    new: hllNew,
    version: (l) => {
      lua.lua_pushstring(l, VERSION);
      return 1;
    },
  });
}

export function serializeHyperLogLog(L: LuaState, index: number, globalName: string): string {
  const hll = userdataValue<HyperLogLog>(L, index, HYPERLOGLOG_CLASS);
  if (hll === undefined) throw new TypeError('not a hyperloglog');
  const t = targetExpression(globalName);
  return (
    `if ${t} == nil then ${t} = hyperloglog.new() end\n` +
    `${t}:fromstring("${luaStringBody(hll.bytes, 0, HLL_BYTES)}")\n`
  );
}
