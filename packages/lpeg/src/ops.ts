/**
 * The matcher's instruction set. Every instruction is four 32-bit words: [op, a, b, c]; jump targets
 * are absolute word indices kept in `b`. (The matcher's switch uses these numbers literally.)
 */
export const Op = {
  End: 0,
  Any: 1, // consume one byte
  AnyN: 2, // a = n: consume n bytes
  Char: 3, // a = byte
  Str: 4, // a = offset in the literal pool, b = length
  Set: 5, // a = offset of a 256-entry table
  TestAny: 6, // no byte left: jump to b
  TestChar: 7, // next byte is not a: jump to b
  TestSet: 8, // next byte not in table a: jump to b
  Span: 9, // consume bytes in table a
  SpanTo: 10, // consume bytes up to the next byte equal to a
  Behind: 11, // a = n: move back n bytes
  Ret: 12,
  Choice: 13, // push a backtrack entry to b
  Jmp: 14,
  Call: 15,
  OpenCall: 16, // compile time only
  Commit: 17, // pop the backtrack entry, jump to b
  PartialCommit: 18, // update the top backtrack entry, jump to b
  BackCommit: 19, // pop the entry restoring its position, jump to b
  FailTwice: 20,
  Fail: 21,
  FullCapture: 22, // a = kind, b = length, c = key
  OpenCapture: 23, // a = kind, c = key
  CloseCapture: 24,
  CloseRunTime: 25,
} as const;

export const INSTR = 4;

export const OP_NAMES: readonly string[] = Object.keys(Op);
