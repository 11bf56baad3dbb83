/** The reasons Go's regexp/syntax gives for rejecting a pattern (same wording). */
export type Re2ErrorCode =
  | 'invalid character class'
  | 'invalid character class range'
  | 'invalid escape sequence'
  | 'invalid named capture'
  | 'invalid or unsupported Perl syntax'
  | 'invalid nested repetition operator'
  | 'invalid repeat count'
  | 'invalid UTF-8'
  | 'missing closing ]'
  | 'missing closing )'
  | 'missing argument to repetition operator'
  | 'trailing backslash at end of expression'
  | 'unexpected )'
  | 'expression nests too deeply'
  | 'expression too large';

/** A pattern that RE2 rejects. `offset` is the index in the pattern where the offending text starts. */
export class Re2SyntaxError extends SyntaxError {
  override readonly name = 'Re2SyntaxError';
  constructor(
    readonly code: Re2ErrorCode,
    readonly expr: string,
    readonly offset: number,
  ) {
    super(`error parsing regexp: ${code}: \`${expr}\``);
  }
}
