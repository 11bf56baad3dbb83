/** Lexical pieces of the `re` syntax, shared by the parser. */

/** A syntax error at a byte offset (re reports "pattern error near '...'"). */
export class PatternError extends Error {
  constructor(readonly at: number) {
    super(`pattern error at ${at}`);
  }
}

export const isSpace = (c: number | undefined): boolean => c === 32 || (c !== undefined && c >= 9 && c <= 13);
export const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 48 && c <= 57;
export const isNameStart = (c: number | undefined): boolean =>
  c !== undefined && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95);
export const isNameChar = (c: number | undefined): boolean => isNameStart(c) || isDigit(c);

/** A position in the pattern text, with the lexical rules of `re`. */
export class Scanner {
  protected i = 0;
  constructor(protected readonly s: Uint8Array) {}

  protected at(text: string): boolean {
    for (let k = 0; k < text.length; k++) if (this.s[this.i + k] !== text.charCodeAt(k)) return false;
    return true;
  }

  protected eat(text: string): boolean {
    if (!this.at(text)) return false;
    this.i += text.length;
    return true;
  }

  /** S: spaces and comments. */
  protected skip(): void {
    const s = this.s;
    for (;;) {
      if (isSpace(s[this.i])) this.i++;
      else if (s[this.i] === 45 && s[this.i + 1] === 45) {
        this.i += 2;
        while (this.i < s.length && s[this.i] !== 10) this.i++;
      } else return;
    }
  }

  protected name(): Uint8Array | null {
    const start = this.i;
    if (!isNameStart(this.s[start])) return null;
    this.i++;
    while (isNameChar(this.s[this.i])) this.i++;
    return this.s.slice(start, this.i);
  }

  /** Whether an arrow (S '<-') follows position `j`. */
  protected arrowAt(j: number): boolean {
    const save = this.i;
    this.i = j;
    this.skip();
    const r = this.at('<-');
    this.i = save;
    return r;
  }

  protected digits(): number | null {
    const start = this.i;
    while (isDigit(this.s[this.i])) this.i++;
    if (this.i === start) return null;
    return Number(String.fromCharCode(...this.s.subarray(start, this.i)));
  }

  protected string(): Uint8Array | null {
    const q = this.s[this.i];
    if (q !== 39 && q !== 34) return null;
    const end = this.s.indexOf(q, this.i + 1);
    if (end < 0) return null;
    const str = this.s.slice(this.i + 1, end);
    this.i = end + 1;
    return str;
  }
}
