/**
 * Process-wide adjustments to fengari, installed once when @heka/sandbox is loaded:
 *
 * 1. Numbers read from text (numeric literals in scripts, `tonumber`, string-to-number coercion) become
 *    floats, as every number was in Lua 5.1. fengari's integers are 32-bit and wrap silently
 *    (`60*60*24*365*1000000000` would be 765657088); with float literals such arithmetic stays exact to
 *    2^53 like Heka's doubles. Hex literals read as their full unsigned value.
 * 2. Numbers become text the Lua 5.1 way ("%.14g": `10`, not `10.0`; `inf`, not `Infinity`).
 * 3. Before each instruction of a state made by the sandbox (only while a count hook is set, which the
 *    sandbox always does) its memory guard sees the opcode: it checks concatenations and table
 *    growth against memory_limit before they allocate (see memory.ts).
 * 4. The VM's stack adjustment around calls clears freed slots by assignment instead of `delete` (the
 *    slots above the top are dead either way; `delete` on an array is slow in V8). This makes each call
 *    of a library or API function from Lua cheaper (about 15% of a call-heavy decoder). Returns from
 *    Lua functions and calls of JS functions from the VM do the same (calls.ts).
 *
 * States not made by the sandbox keep fengari's behaviour for 3; 1, 2 and 4 apply to every fengari state
 * in the process (4 does not change what any program observes).
 */
import { installCallPath } from './calls.js';
import { type InternalState, ldebug, ldo, lobject, lstring, TAG, type TValue } from './fengari.js';
import { luaNumberToString } from './numbers.js';

let installed = false;

interface NumberValue extends TValue {
  setfltvalue(x: number): void;
}

function hexValue(s: Uint8Array): number | undefined {
  let i = 0;
  while (i < s.length && (s[i] === 32 || ((s[i] as number) >= 9 && (s[i] as number) <= 13))) i++;
  let neg = false;
  if (s[i] === 45) {
    neg = true;
    i++;
  } else if (s[i] === 43) i++;
  if (s[i] !== 48 || (s[i + 1] !== 120 && s[i + 1] !== 88)) return undefined;
  i += 2;
  let v = 0;
  for (; i < s.length; i++) {
    const c = s[i] as number;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) break;
    v = v * 16 + d;
  }
  return neg ? -v : v;
}

function asciiBytes(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function installPatches(): void {
  if (installed) return;
  installed = true;

  const str2num = lobject.luaO_str2num;
  lobject.luaO_str2num = (s: Uint8Array, o: TValue): number => {
    const r = str2num(s, o);
    if (r !== 0 && o.type === TAG.NUMINT) {
      const hex = hexValue(s);
      (o as NumberValue).setfltvalue(hex ?? (o.value as number));
    }
    return r;
  };

  lobject.luaO_tostring = (L, obj) => {
    const v = obj.value as number;
    const text = obj.type === TAG.NUMINT ? String(v) : luaNumberToString(v);
    obj.setsvalue(lstring.luaS_bless(L, asciiBytes(text)));
  };

  ldo.adjust_top = (L: InternalState, newtop: number): void => {
    const stack = L.stack;
    if (L.top < newtop) {
      while (L.top < newtop) stack[L.top++] = new lobject.TValue(TAG.NIL, null);
    } else {
      while (L.top > newtop) stack[--L.top] = undefined;
    }
  };

  installCallPath();

  const traceexec = ldebug.luaG_traceexec;
  ldebug.luaG_traceexec = (L: InternalState): void => {
    const guard = L.l_G.hekaGuard;
    if (guard !== undefined) {
      const ci = L.ci;
      guard.beforeInstruction(L, (ci.l_code[ci.l_savedpc - 1] as { opcode: number }).opcode, ci);
    }
    traceexec(L);
  };
}
