/** Base class of every error @heka/core throws: `code` is stable and machine-readable. */
export class HekaError extends Error {
  override name = 'HekaError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Bytes that are not a valid Heka message (malformed or truncated protobuf). `offset` is where decoding failed. */
export class DecodeError extends HekaError {
  override name = 'DecodeError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super('ERR_HEKA_DECODE', `${message} (at byte ${offset})`);
  }
}

/** A value that a Heka message cannot hold (e.g. a severity outside int32, an integer outside int64). */
export class MessageError extends HekaError {
  override name = 'MessageError';
  constructor(message: string) {
    super('ERR_HEKA_MESSAGE', message);
  }
}

/** A message that cannot be framed (too large, header too large, bad signer). */
export class FramingError extends HekaError {
  override name = 'FramingError';
  constructor(message: string) {
    super('ERR_HEKA_FRAMING', message);
  }
}

/** A message matcher expression that does not parse. `column` is 1-based, `offset` 0-based. */
export class MatcherSyntaxError extends HekaError {
  override name = 'MatcherSyntaxError';
  readonly column: number;
  constructor(
    readonly reason: string,
    readonly expression: string,
    readonly offset: number,
  ) {
    super('ERR_HEKA_MATCHER_SYNTAX', `message matcher syntax error at column ${offset + 1}: ${reason}`);
    this.column = offset + 1;
  }
}
