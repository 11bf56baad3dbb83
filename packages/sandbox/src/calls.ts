/**
 * A faster call path for fengari (installed with the other patches, process-wide). fengari empties the
 * stack slots above a returning call with `delete`, which V8 runs as a slow runtime call on every slot:
 * about a microsecond per call from Lua, and from lpeg to the Lua functions of a grammar. Here a return
 * (`ldo.luaD_poscall`, which the VM's OP_RETURN uses) and a call of a JS function from the VM
 * (`ldo.luaD_precall`, OP_CALL and OP_TAILCALL; `ldo.luaD_call`, used by lua_call, lua_pcall,
 * metamethods and generic `for`) do the same work but clear those slots by assignment. A slot above the
 * top holds no value either way, so no program can tell the difference.
 */
import { createRequire } from 'node:module';
import { type CallInfo, type InternalState, ldo, lobject, lua, TAG, type TValue } from './fengari.js';

const require = createRequire(import.meta.url);

interface Ci extends CallInfo {
  funcOff: number;
  nresults: number;
  next: Ci | null;
  previous: Ci;
}
interface State extends InternalState {
  ci: Ci;
  hookmask: number;
  oldpc: number;
  nCcalls: number;
  nny: number;
}
interface Slot extends TValue {
  setfrom(v: TValue): void;
  setnilvalue(): void;
}
type JsFunction = (L: State) => number;

interface LDoCalls {
  luaD_call(L: State, off: number, nresults: number): void;
  luaD_callnoyield(L: State, off: number, nresults: number): void;
  luaD_throw(L: State, status: number): never;
  luaD_precall(L: State, off: number, nresults: number): boolean;
  luaD_poscall(L: State, ci: Ci, firstResult: number, nres: number): boolean;
  luaD_checkstack(L: State, n: number): void;
  luaD_hook(L: State, event: number, line: number): void;
}
const d = ldo as unknown as LDoCalls;
const lstate = require('fengari/src/lstate.js') as { luaE_extendCI(L: State): Ci };
const lvm = require('fengari/src/lvm.js') as { luaV_execute(L: State): void };
const ldebug = require('fengari/src/ldebug.js') as { luaG_runerror(L: State, msg: Uint8Array): never };
const ERRERR = lua.LUA_ERRERR;
const MAXCCALLS = (require('fengari/src/llimits.js') as { LUAI_MAXCCALLS: number }).LUAI_MAXCCALLS;

const MULTRET = (lua as unknown as Record<string, number>).LUA_MULTRET as number;
const MINSTACK = (lua as unknown as Record<string, number>).LUA_MINSTACK as number;
const MASKCALL = (lua as unknown as Record<string, number>).LUA_MASKCALL as number;
const MASKRET = (lua as unknown as Record<string, number>).LUA_MASKRET as number;
const MASKLINE = (lua as unknown as Record<string, number>).LUA_MASKLINE as number;
const HOOKCALL = (lua as unknown as Record<string, number>).LUA_HOOKCALL as number;
const HOOKRET = (lua as unknown as Record<string, number>).LUA_HOOKRET as number;

const constants = { MULTRET, MINSTACK, MASKCALL, MASKRET, MASKLINE, HOOKCALL, HOOKRET, MAXCCALLS, ERRERR };
for (const [name, v] of Object.entries(constants)) {
  if (typeof v !== 'number') throw new Error(`@heka/sandbox: fengari constant ${name} is missing`);
}
if (
  typeof lstate.luaE_extendCI !== 'function' ||
  typeof d.luaD_checkstack !== 'function' ||
  typeof lvm.luaV_execute !== 'function' ||
  typeof ldebug.luaG_runerror !== 'function'
) {
  throw new Error('@heka/sandbox: fengari internals for calls are missing');
}

/** Empties the slots from `from` down to `to` (inclusive) and sets the top to `to`. */
function clearDown(L: State, from: number, to: number): void {
  const stack = L.stack;
  if (from >= stack.length) from = stack.length - 1;
  for (let i = from; i >= to; i--) stack[i] = undefined;
  L.top = to;
}

/** fengari's moveresults: the results go where the function was; the rest of the frame is emptied. */
function moveResults(L: State, first: number, res: number, nres: number, wanted: number): boolean {
  const stack = L.stack as Slot[];
  if (wanted === MULTRET) {
    for (let i = 0; i < nres; i++) (stack[res + i] as Slot).setfrom(stack[first + i] as Slot);
    clearDown(L, L.top, res + nres);
    return false;
  }
  if (wanted === 1) {
    if (nres === 0) (stack[res] as Slot).setnilvalue();
    else (stack[res] as Slot).setfrom(stack[first] as Slot);
  } else if (wanted !== 0) {
    let i = 0;
    const n = Math.min(wanted, nres);
    for (; i < n; i++) (stack[res + i] as Slot).setfrom(stack[first + i] as Slot);
    for (; i < wanted; i++) {
      if (res + i >= L.top) stack[res + i] = new lobject.TValue(TAG.NIL, null) as Slot;
      else (stack[res + i] as Slot).setnilvalue();
    }
  }
  clearDown(L, L.top, res + wanted);
  return true;
}

function poscall(L: State, ci: Ci, firstResult: number, nres: number): boolean {
  if (L.hookmask & (MASKRET | MASKLINE)) {
    if (L.hookmask & MASKRET) d.luaD_hook(L, HOOKRET, -1);
    L.oldpc = ci.previous.l_savedpc;
  }
  const res = ci.funcOff;
  L.ci = ci.previous;
  L.ci.next = null;
  return moveResults(L, firstResult, res, nres, ci.nresults);
}

const JS_OVERFLOW = new TextEncoder().encode('JS stack overflow');

/** fengari's luaD_call, calling the patched luaD_precall. */
function call(L: State, off: number, nresults: number): void {
  if (++L.nCcalls >= MAXCCALLS) {
    if (L.nCcalls === MAXCCALLS) ldebug.luaG_runerror(L, JS_OVERFLOW);
    else if (L.nCcalls >= MAXCCALLS + (MAXCCALLS >> 3)) d.luaD_throw(L, ERRERR);
  }
  if (!d.luaD_precall(L, off, nresults)) lvm.luaV_execute(L);
  L.nCcalls--;
}

export function installCallPath(): void {
  const precall = d.luaD_precall;
  d.luaD_poscall = poscall;
  d.luaD_call = call;
  d.luaD_callnoyield = (L, off, nresults) => {
    L.nny++;
    call(L, off, nresults);
    L.nny--;
  };
  d.luaD_precall = (L, off, nresults) => {
    const func = L.stack[off] as TValue;
    const t = func.type;
    if (t !== TAG.LCF && t !== TAG.CCL) return precall(L, off, nresults);
    const f = (t === TAG.CCL ? (func.value as { f: JsFunction }).f : func.value) as JsFunction;
    d.luaD_checkstack(L, MINSTACK);
    const ci = lstate.luaE_extendCI(L);
    ci.funcOff = off;
    ci.nresults = nresults;
    ci.func = func;
    ci.top = L.top + MINSTACK;
    ci.callstatus = 0;
    if (L.hookmask & MASKCALL) d.luaD_hook(L, HOOKCALL, -1);
    const n = f(L);
    if (typeof n !== 'number' || n < 0 || (n | 0) !== n) {
      throw Error('invalid return value from JS function (expected integer)');
    }
    poscall(L, ci, L.top - n, n);
    return true;
  };
}
