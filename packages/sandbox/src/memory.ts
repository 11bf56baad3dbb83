/**
 * memory_limit without an allocator hook. fengari allocates JS objects, so a sandbox's memory cannot be
 * counted as it is allocated. Instead:
 *
 * - A census walks every object the sandbox can still reach (registry, globals, loaded modules, the
 *   stacks of its threads, closures, upvalues, prototypes, metatables, userdata) and prices each at
 *   what Lua 5.1 on a 64-bit machine allocates for it (a string 25 bytes + its length, a table 56 bytes
 *   + 16 per array slot + 40 per hash node rounded to a power of two, a closure 40 + 8 per upvalue ...),
 *   so memory_limit keeps the meaning it had in Heka. Garbage is not counted: this is what a full GC
 *   would leave.
 * - Between censuses, allocations are charged as "debt" before they happen: every concatenation
 *   (exact size, before the bytes are allocated), table creation and table store (one hash node),
 *   closure, and the library calls that build big strings (string.rep and table.concat are checked
 *   before they allocate; format, gsub, upper, lower, reverse, char after). Values the sandbox API
 *   pushes (message fields, decode_message tables) are charged too.
 * - When census + debt passes the limit, a census runs at once (even in the middle of a call); if what
 *   is reachable is still over the limit the script fails with "not enough memory", as Heka's allocator
 *   made it fail. So a single huge allocation (`string.rep('x', 1e9)`, `s = s .. s` in a loop) is refused
 *   before it is made, and growing tables are stopped within 1/16 of the limit.
 * - A census also runs after every timer_event, after every 10 M instructions, and after a call once the
 *   debt has grown to the size of what was reachable (at least 1/8 of the limit, at most 1 MiB: Lua's
 *   collector pacing, so a census costs a fixed small share of the work), catching what no charge covers
 *   (strings returned by other library functions and modules).
 * - Memory and MaxMemory (the reports) are census figures: what the script keeps, not its garbage. The
 *   debt is an upper bound of what the script may have added since, used to enforce the limit only.
 */
import {
  type CallInfo,
  type InternalState,
  type LuaState,
  ldo,
  lua,
  OP,
  TAG,
  type TableObj,
  type TString,
  type TValue,
} from './fengari.js';

const STRING = 25;
const TABLE = 56;
const ARRAY_SLOT = 16;
const NODE = 40;
const CLOSURE = 40;
const UPVALUE = 40;
const USERDATA = 40;
const THREAD = 184;
const PROTO = 120;
/** lua_State, global_State and the string table of an empty Lua 5.1 state. */
const BASE = 1400;

interface ProtoObj {
  k: TValue[];
  p: ProtoObj[];
  code: unknown[];
  lineinfo: unknown[];
  locvars: { varname: TString | null }[];
  upvalues: { name: TString | null }[];
  source: TString | null;
}
interface LClosureObj {
  p: ProtoObj;
  upvals: TValue[];
}
interface CClosureObj {
  upvalue: TValue[];
}
interface UdataObj {
  metatable: TableObj | null;
  uservalue: TValue;
  len: number;
  data: Record<string, unknown>;
}

function pow2(n: number): number {
  if (n <= 0) return 0;
  let p = 1;
  while (p < n) p *= 2;
  return p;
}

/** Bytes a JS value kept in a userdata's data object holds (shallow). */
function hostBytes(v: unknown): number {
  if (typeof v === 'string') return v.length;
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (v instanceof ArrayBuffer) return v.byteLength;
  if (Array.isArray(v)) return v.length * 8;
  return 0;
}

/** Estimated bytes reachable from the state's roots. */
export function census(L: LuaState): number {
  const I = L as unknown as InternalState;
  const g = I.l_G;
  const seen = new Set<unknown>();
  const work: TValue[] = [];
  let bytes = BASE;

  const visitTable = (t: TableObj): void => {
    if (seen.has(t)) return;
    seen.add(t);
    const n = t.strong.size;
    let arr = 0;
    for (const e of t.strong.values()) {
      const k = e.key;
      const kt = k.type & 0x0f;
      if (kt === 3) {
        const x = k.value as number;
        if (x >= 1 && x <= n && Number.isInteger(x)) arr++;
      } else if (kt >= 4) work.push(k);
      // Only collectable values (strings, tables, functions, userdata, threads) need a visit.
      if ((e.value.type & 0x0f) >= 4) work.push(e.value);
    }
    bytes += TABLE + arr * ARRAY_SLOT + pow2(n - arr) * NODE;
    if (t.metatable) visitTable(t.metatable);
  };
  const visitString = (ts: TString): void => {
    if (seen.has(ts)) return;
    seen.add(ts);
    bytes += STRING + ts.realstring.length;
  };
  const visitProto = (p: ProtoObj): void => {
    if (seen.has(p)) return;
    seen.add(p);
    bytes +=
      PROTO +
      4 * p.code.length +
      16 * p.k.length +
      8 * p.p.length +
      4 * p.lineinfo.length +
      16 * p.locvars.length +
      8 * p.upvalues.length;
    for (const k of p.k) work.push(k);
    for (const c of p.p) visitProto(c);
    if (p.source) visitString(p.source);
  };
  const visitStack = (T: InternalState): void => {
    if (seen.has(T)) return;
    seen.add(T);
    const top = Math.max(T.top, T.ci?.top ?? 0);
    bytes += THREAD + 16 * top;
    for (let i = 0; i < top; i++) {
      const v = T.stack[i];
      if (v) work.push(v);
    }
  };

  work.push(g.l_registry);
  for (const mt of g.mt) if (mt) visitTable(mt as TableObj);
  visitStack(g.mainthread);
  visitStack(I);

  while (work.length > 0) {
    const v = work.pop() as TValue;
    switch (v.type) {
      case TAG.SHRSTR:
      case TAG.LNGSTR:
        visitString(v.value as TString);
        break;
      case TAG.TABLE:
        visitTable(v.value as TableObj);
        break;
      case TAG.LCL: {
        const c = v.value as LClosureObj;
        if (seen.has(c)) break;
        seen.add(c);
        bytes += CLOSURE + 8 * c.upvals.length;
        for (const u of c.upvals) {
          if (!u || seen.has(u)) continue;
          seen.add(u);
          bytes += UPVALUE;
          work.push(u);
        }
        visitProto(c.p);
        break;
      }
      case TAG.CCL: {
        const c = v.value as CClosureObj;
        if (seen.has(c)) break;
        seen.add(c);
        bytes += CLOSURE + 16 * c.upvalue.length;
        for (const u of c.upvalue) work.push(u);
        break;
      }
      case TAG.USERDATA: {
        const u = v.value as UdataObj;
        if (seen.has(u)) break;
        seen.add(u);
        bytes += USERDATA + (u.len || 0);
        for (const key of Object.keys(u.data)) bytes += hostBytes(u.data[key]);
        if (u.metatable) visitTable(u.metatable);
        work.push(u.uservalue);
        break;
      }
      case TAG.THREAD:
        visitStack(v.value as InternalState);
        break;
      default:
        break;
    }
  }
  return bytes;
}

/** Instructions between censuses that no charge triggered. */
const CENSUS_INSTRUCTIONS = 10_000_000;
/** The least debt that makes a census after a call (see `paced`), and the most it needs to reach. */
const PACE_MAX = 1024 * 1024;

/** Tracks one state's memory against its limit (0: unlimited, still measured for reports). */
export class MemoryGuard {
  /** Result of the last census. */
  reachable = 0;
  /** Bytes charged since the last census. */
  debt = 0;
  /** The largest census figure (MaxMemory): what the script kept at its peak, garbage not counted. */
  maximum = 0;
  /** While false (loading libraries, restoring data) nothing is enforced. */
  enforcing = false;
  private instructionsSinceCensus = 0;
  private L: LuaState | undefined;

  /** Debt that makes a census after a call, whatever is reachable. */
  private readonly pace: number;

  constructor(readonly limit: number) {
    this.pace = limit > 0 ? Math.min(PACE_MAX, Math.ceil(limit / 8)) : PACE_MAX;
  }

  attach(L: LuaState): void {
    this.L = L;
    (L as unknown as InternalState).l_G.hekaGuard = this;
  }

  /** What the script keeps, as of the last census (the reports' Memory). */
  get current(): number {
    return this.reachable;
  }

  /** An upper bound of the memory in use now, garbage included (Lua's collectgarbage("count")). */
  get estimate(): number {
    return this.reachable + this.debt;
  }

  /**
   * After a call: a census once the debt has grown as large as what was reachable (and at least `pace`),
   * as Lua 5.1's collector ran a cycle each time its heap doubled. Keeps Memory and MaxMemory current
   * at a bounded cost per allocated byte.
   */
  paced(L: LuaState = this.L as LuaState): void {
    if (this.debt >= this.pace && this.debt >= this.reachable) this.measure(L);
  }

  /** Runs a census now; returns the bytes reachable. */
  measure(L: LuaState = this.L as LuaState): number {
    this.reachable = census(L);
    this.debt = 0;
    this.instructionsSinceCensus = 0;
    if (this.reachable > this.maximum) this.maximum = this.reachable;
    return this.reachable;
  }

  /** Whether the state is over its limit after a census (used between calls). */
  overLimit(L: LuaState = this.L as LuaState): boolean {
    if (this.limit === 0) return false;
    return this.measure(L) > this.limit;
  }

  /** Counts instructions a call used; runs a census when many ran without one. */
  addInstructions(L: LuaState, n: number): void {
    this.instructionsSinceCensus += n;
    if (this.instructionsSinceCensus >= CENSUS_INSTRUCTIONS) this.measure(L);
  }

  /**
   * Charges `bytes` allocated by the running call: `pending` when they are about to be allocated (they
   * are refused if they do not fit), otherwise already allocated (and reachable, if kept). Throws Lua's
   * memory error inside the call when the state is over its limit even after a census.
   */
  charge(L: LuaState, bytes: number, pending = true): void {
    this.debt += bytes;
    if (!this.enforcing || this.limit === 0 || this.reachable + this.debt <= this.limit) return;
    // Measured a moment ago: tolerate up to 1/16 of the limit rather than walk the heap again and again.
    if (this.debt < this.limit / 16 && this.reachable <= this.limit) return;
    const reachable = this.measure(L);
    const total = pending ? reachable + bytes : reachable;
    if (total > this.limit) ldo.luaD_throw(L, lua.LUA_ERRMEM);
    if (pending) this.debt = bytes;
    if (total > this.maximum) this.maximum = total;
  }

  beforeInstruction(L: InternalState, opcode: number, ci: CallInfo): void {
    switch (opcode) {
      case OP.CONCAT: {
        const i = ci.l_code[ci.l_savedpc - 1] as { B: number; C: number };
        let size = STRING;
        for (let r = ci.l_base + i.B, end = ci.l_base + i.C; r <= end; r++) {
          const v = L.stack[r];
          if (v === undefined) continue;
          if (v.type === TAG.SHRSTR || v.type === TAG.LNGSTR) size += (v.value as TString).realstring.length;
          else size += 24;
        }
        this.charge(L as unknown as LuaState, size);
        break;
      }
      case OP.SETTABLE:
      case OP.SETTABUP:
        this.charge(L as unknown as LuaState, NODE);
        break;
      case OP.SETLIST: {
        const i = ci.l_code[ci.l_savedpc - 1] as { B: number };
        this.charge(L as unknown as LuaState, ARRAY_SLOT * (i.B || 1));
        break;
      }
      case OP.NEWTABLE:
        this.charge(L as unknown as LuaState, TABLE);
        break;
      case OP.CLOSURE:
        this.charge(L as unknown as LuaState, CLOSURE + UPVALUE);
        break;
      default:
        break;
    }
  }
}

export const MEMORY_COSTS = { STRING, TABLE, ARRAY_SLOT, NODE } as const;
