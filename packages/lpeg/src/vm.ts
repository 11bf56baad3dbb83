/**
 * The matcher: runs a compiled program over the subject bytes with a backtrack stack and a capture
 * list. Opcode numbers are those of ops.ts, written literally so the switch compiles to a jump table.
 */
import type { Program } from './codegen.js';
import { closeRunTime, removeDynCaps } from './runtime.js';
import { MAXBACK, type MatchState } from './state.js';
import { Cap } from './tree.js';

/** Matches from byte offset `init`; returns the end offset, or -1 when the pattern fails. */
export function run(ms: MatchState, prog: Program, init: number): number {
  const code = prog.code;
  const sets = prog.sets;
  const strs = prog.strs;
  const s = ms.subject;
  const e = s.length;
  let stS = ms.stS;
  let stP = ms.stP;
  let stC = ms.stC;
  let kind = ms.kind;
  let pos = ms.pos;
  let siz = ms.siz;
  let idx = ms.idx;
  let capLimit = kind.length - 1;
  let limit = MAXBACK;
  let i = init;
  let pc = 0;
  let captop = 0;
  ms.ndyncap = 0;
  stS[0] = init; // the bottom entry gives up
  stP[0] = -1;
  stC[0] = 0;
  let sp = 1;
  for (;;) {
    switch (code[pc]) {
      case 0: // End
        kind[captop] = Cap.Close;
        pos[captop] = i;
        siz[captop] = 1;
        ms.captop = captop;
        return i;
      case 1: // Any
        if (i < e) {
          i++;
          pc += 4;
          continue;
        }
        break;
      case 2: // AnyN
        if (e - i >= (code[pc + 1] as number)) {
          i += code[pc + 1] as number;
          pc += 4;
          continue;
        }
        break;
      case 3: // Char
        if (i < e && s[i] === code[pc + 1]) {
          i++;
          pc += 4;
          continue;
        }
        break;
      case 4: {
        // Str
        const off = code[pc + 1] as number;
        const len = code[pc + 2] as number;
        if (e - i >= len) {
          let k = 0;
          while (k < len && s[i + k] === strs[off + k]) k++;
          if (k === len) {
            i += len;
            pc += 4;
            continue;
          }
        }
        break;
      }
      case 5: // Set
        if (i < e && sets[(code[pc + 1] as number) + (s[i] as number)] !== 0) {
          i++;
          pc += 4;
          continue;
        }
        break;
      case 6: // TestAny
        pc = i < e ? pc + 4 : (code[pc + 2] as number);
        continue;
      case 7: // TestChar
        pc = i < e && s[i] === code[pc + 1] ? pc + 4 : (code[pc + 2] as number);
        continue;
      case 8: // TestSet
        pc = i < e && sets[(code[pc + 1] as number) + (s[i] as number)] !== 0 ? pc + 4 : (code[pc + 2] as number);
        continue;
      case 9: {
        // Span
        const base = code[pc + 1] as number;
        while (i < e && sets[base + (s[i] as number)] !== 0) i++;
        pc += 4;
        continue;
      }
      case 10: {
        // SpanTo
        const c = code[pc + 1] as number;
        if (i < e && s[i] !== c) {
          const j = s.indexOf(c, i);
          i = j < 0 ? e : j;
        }
        pc += 4;
        continue;
      }
      case 11: // Behind
        if ((code[pc + 1] as number) <= i) {
          i -= code[pc + 1] as number;
          pc += 4;
          continue;
        }
        break;
      case 12: // Ret
        pc = stP[--sp] as number;
        continue;
      case 13: // Choice
        if (sp === limit) {
          limit = ms.growStack(limit, sp);
          stS = ms.stS;
          stP = ms.stP;
          stC = ms.stC;
        }
        stS[sp] = i;
        stP[sp] = code[pc + 2] as number;
        stC[sp] = captop;
        sp++;
        pc += 4;
        continue;
      case 14: // Jmp
        pc = code[pc + 2] as number;
        continue;
      case 15: // Call
        if (sp === limit) {
          limit = ms.growStack(limit, sp);
          stS = ms.stS;
          stP = ms.stP;
          stC = ms.stC;
        }
        stS[sp] = -1;
        stP[sp] = pc + 4;
        sp++;
        pc = code[pc + 2] as number;
        continue;
      case 17: // Commit
        sp--;
        pc = code[pc + 2] as number;
        continue;
      case 18: // PartialCommit
        stS[sp - 1] = i;
        stC[sp - 1] = captop;
        pc = code[pc + 2] as number;
        continue;
      case 19: // BackCommit
        sp--;
        i = stS[sp] as number;
        if (ms.ndyncap > 0) removeDynCaps(ms, stC[sp] as number, captop);
        captop = stC[sp] as number;
        pc = code[pc + 2] as number;
        continue;
      case 20: // FailTwice
        sp--;
        break;
      case 21: // Fail
        break;
      case 22: // FullCapture
        if (captop >= capLimit) {
          ms.growCaps(captop, 1);
          kind = ms.kind;
          pos = ms.pos;
          siz = ms.siz;
          idx = ms.idx;
          capLimit = kind.length - 1;
        }
        kind[captop] = code[pc + 1] as number;
        pos[captop] = i - (code[pc + 2] as number);
        siz[captop] = (code[pc + 2] as number) + 1;
        idx[captop] = code[pc + 3] as number;
        captop++;
        pc += 4;
        continue;
      case 23: // OpenCapture
        if (captop >= capLimit) {
          ms.growCaps(captop, 1);
          kind = ms.kind;
          pos = ms.pos;
          siz = ms.siz;
          idx = ms.idx;
          capLimit = kind.length - 1;
        }
        kind[captop] = code[pc + 1] as number;
        pos[captop] = i;
        siz[captop] = 0;
        idx[captop] = code[pc + 3] as number;
        captop++;
        pc += 4;
        continue;
      case 24: // CloseCapture
        if (siz[captop - 1] === 0) {
          // nothing nested: the open entry becomes a full capture
          siz[captop - 1] = i - (pos[captop - 1] as number) + 1;
        } else {
          if (captop >= capLimit) {
            ms.growCaps(captop, 1);
            kind = ms.kind;
            pos = ms.pos;
            siz = ms.siz;
            idx = ms.idx;
            capLimit = kind.length - 1;
          }
          kind[captop] = Cap.Close;
          pos[captop] = i;
          siz[captop] = 1;
          idx[captop] = -1;
          captop++;
        }
        pc += 4;
        continue;
      case 25: {
        // CloseRunTime
        const r = closeRunTime(ms, captop, i);
        kind = ms.kind;
        pos = ms.pos;
        siz = ms.siz;
        idx = ms.idx;
        capLimit = kind.length - 1;
        captop = ms.captop;
        if (r < 0) break;
        i = r;
        pc += 4;
        continue;
      }
      default:
        throw new Error(`lpeg: bad instruction ${code[pc]} at ${pc}`);
    }
    // Failure: back to the most recent choice (pending calls are dropped).
    do i = stS[--sp] as number;
    while (i === -1);
    pc = stP[sp] as number;
    if (pc < 0) return -1;
    if (ms.ndyncap > 0) removeDynCaps(ms, stC[sp] as number, captop);
    captop = stC[sp] as number;
  }
}
