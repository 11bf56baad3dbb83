/// <reference path="./fengari-module.d.ts" />
/**
 * fengari, and the few of its internals the sandbox needs: the VM's value and string classes (to push
 * cached strings and walk the heap), and three hooks installed once per process (see patches.ts).
 * fengari is pinned at 0.1.5; these shapes are checked at load time so an upgrade fails loudly.
 */
import { createRequire } from 'node:module';
import fengari, { type LuaState } from 'fengari';

export const { lua, lauxlib, lualib, to_luastring } = fengari;
export type { LuaDebug, LuaJsFunction, LuaState, LuaString } from 'fengari';

const require = createRequire(import.meta.url);

/** A Lua value inside the VM (fengari's TValue). */
export interface TValue {
  type: number;
  value: unknown;
}

/** A Lua string object (fengari's TString): bytes plus a lazily computed table key. */
export interface TString {
  hash: string | null;
  realstring: Uint8Array;
}

export interface CallInfo {
  l_base: number;
  l_savedpc: number;
  l_code: { opcode: number; A: number; B: number; C: number }[];
  top: number;
  previous: CallInfo | null;
  callstatus: number;
  func: TValue;
}

/** The fields of fengari's lua_State that the sandbox reads. */
export interface InternalState {
  stack: (TValue | undefined)[];
  top: number;
  ci: CallInfo;
  base_ci: CallInfo;
  hookcount: number;
  basehookcount: number;
  l_G: GlobalState;
  status: number;
}

export interface GlobalState {
  l_registry: TValue;
  mainthread: InternalState;
  mt: (unknown | null)[];
  /** Set on states made by @heka/sandbox: the memory guard consulted before each instruction. */
  hekaGuard?: InstructionObserver;
}

export interface InstructionObserver {
  beforeInstruction(L: InternalState, opcode: number, ci: CallInfo): void;
}

interface LObject {
  TValue: new (type: number, value: unknown) => TValue;
  luaO_str2num(s: Uint8Array, o: TValue): number;
  luaO_tostring(L: unknown, obj: TValue & { setsvalue(ts: TString): void }): void;
  pushsvalue2s(L: unknown, ts: TString): void;
}

interface LString {
  TString: new (L: unknown, bytes: Uint8Array) => TString;
  luaS_bless(L: unknown, bytes: Uint8Array): TString;
}

interface LDebug {
  luaG_traceexec(L: InternalState): void;
}

interface LDo {
  luaD_throw(L: unknown, status: number): never;
  adjust_top(L: InternalState, newtop: number): void;
}

interface LOpcodes {
  OpCodesI: Record<string, number>;
}

/** One entry of a fengari table: its key and value, linked in insertion order. */
export interface TableEntry {
  key: TValue;
  value: TValue;
  n: TableEntry | undefined;
}

/** fengari's Table: a Map from table keys (see ltable's table_hash) to entries, plus the entry list. */
export interface TableObj {
  strong: Map<unknown, TableEntry>;
  f: TableEntry | undefined;
  metatable: TableObj | null;
}

interface LTable {
  luaH_getn(t: TableObj): number;
}

interface LVm {
  /** lua_tonumber on a value: a number, a string converted as Lua does, else false. */
  tonumber(o: TValue): number | false;
}

export const lobject = require('fengari/src/lobject.js') as LObject;
export const lstring = require('fengari/src/lstring.js') as LString;
export const ldebug = require('fengari/src/ldebug.js') as LDebug;
export const ldo = require('fengari/src/ldo.js') as LDo;
const lopcodes = require('fengari/src/lopcodes.js') as LOpcodes;
export const ltable = require('fengari/src/ltable.js') as LTable;
export const lvm = require('fengari/src/lvm.js') as LVm;

for (const [name, value] of [
  ['lobject.luaO_str2num', lobject.luaO_str2num],
  ['lobject.luaO_tostring', lobject.luaO_tostring],
  ['lobject.pushsvalue2s', lobject.pushsvalue2s],
  ['ldebug.luaG_traceexec', ldebug.luaG_traceexec],
  ['ldo.luaD_throw', ldo.luaD_throw],
  ['ltable.luaH_getn', ltable.luaH_getn],
  ['lvm.tonumber', lvm.tonumber],
] as const) {
  if (typeof value !== 'function') throw new Error(`@heka/sandbox: fengari internal ${name} is missing`);
}

export const OP = {
  SETTABUP: op('OP_SETTABUP'),
  SETTABLE: op('OP_SETTABLE'),
  NEWTABLE: op('OP_NEWTABLE'),
  CONCAT: op('OP_CONCAT'),
  SETLIST: op('OP_SETLIST'),
  CLOSURE: op('OP_CLOSURE'),
} as const;

function op(name: string): number {
  const n = lopcodes.OpCodesI[name];
  if (typeof n !== 'number') throw new Error(`@heka/sandbox: fengari opcode ${name} is missing`);
  return n;
}

/** Type tags with variant bits (lobject's ttype), as stored in TValue.type. */
export const TAG = {
  NIL: 0,
  BOOLEAN: 1,
  LIGHTUSERDATA: 2,
  NUMFLT: 3,
  NUMINT: 3 | (1 << 4),
  SHRSTR: 4,
  LNGSTR: 4 | (1 << 4),
  TABLE: 5,
  LCL: 6,
  LCF: 6 | (1 << 4),
  CCL: 6 | (2 << 4),
  USERDATA: 7,
  THREAD: 8,
} as const;

export function internal(L: LuaState): InternalState {
  return L as unknown as InternalState;
}

/** Pushes an existing Lua string object (no copy, and its table key stays computed). */
export function pushTString(L: LuaState, ts: TString): void {
  lobject.pushsvalue2s(L, ts);
}

/** A Lua string object not on any stack yet (to push again and again with pushTString). */
export function makeTString(L: LuaState, s: string): TString {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new lstring.TString(L, bytes);
}

/** Pushes bytes the caller gives up (no copy). */
export function pushOwnedBytes(L: LuaState, bytes: Uint8Array): TString {
  const ts = new lstring.TString(L, bytes);
  lobject.pushsvalue2s(L, ts);
  return ts;
}

/** The value at a stack index of the running function (a positive index below the top, or negative). */
export function valueAt(L: LuaState, idx: number): TValue {
  const I = internal(L);
  const abs = idx > 0 ? (I.ci as CallInfo & { funcOff: number }).funcOff + idx : I.top + idx;
  return I.stack[abs] as TValue;
}

/** The Lua string object at a stack index (the value there must be a string). */
export function tstringAt(L: LuaState, idx: number): TString {
  return valueAt(L, idx).value as TString;
}
