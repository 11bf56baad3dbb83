/** Jump optimisations on compiled code (the same rewrites as LPeg's peephole pass). */
import { INSTR, Op } from './ops.js';

/** Where a jump at `pc` finally lands (following chains of jumps). */
export function finalTarget(code: number[], pc: number): number {
  while (code[pc] === Op.Jmp) pc = code[pc + 2] as number;
  return pc;
}

/**
 * Shortens jump chains; a jump to a return, a failure, the end or a commit becomes a copy of that
 * instruction.
 */
export function peephole(code: number[]): void {
  for (let pc = 0; pc < code.length; pc += INSTR) {
    for (;;) {
      const op = code[pc] as number;
      if (
        op === Op.Choice ||
        op === Op.Call ||
        op === Op.Commit ||
        op === Op.PartialCommit ||
        op === Op.BackCommit ||
        op === Op.TestChar ||
        op === Op.TestSet ||
        op === Op.TestAny
      ) {
        code[pc + 2] = finalTarget(code, code[pc + 2] as number);
      } else if (op === Op.Jmp) {
        const ft = finalTarget(code, pc);
        const top = code[ft] as number;
        if (top === Op.Ret || top === Op.Fail || top === Op.FailTwice || top === Op.End) {
          for (let w = 0; w < INSTR; w++) code[pc + w] = code[ft + w] as number;
        } else if (top === Op.Commit || top === Op.PartialCommit || top === Op.BackCommit) {
          const target = finalTarget(code, code[ft + 2] as number);
          for (let w = 0; w < INSTR; w++) code[pc + w] = code[ft + w] as number;
          code[pc + 2] = target;
          continue;
        } else code[pc + 2] = ft;
      }
      break;
    }
  }
}
