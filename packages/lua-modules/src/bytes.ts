/** A growable byte buffer, and Lua string literals for preservation files. */

export class ByteBuilder {
  buf: Uint8Array;
  length = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(initial);
  }

  /** Makes room for `n` more bytes. */
  reserve(n: number): void {
    const need = this.length + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(c: number): void {
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = c;
  }

  bytes(b: Uint8Array, from = 0, to = b.length): void {
    this.reserve(to - from);
    this.buf.set(b.subarray(from, to), this.length);
    this.length += to - from;
  }

  /** Appends a string of chars < 256, one byte each. */
  ascii(s: string): void {
    this.reserve(s.length);
    for (let i = 0; i < s.length; i++) this.buf[this.length++] = s.charCodeAt(i);
  }

  /** A copy of the content. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * The body of a double-quoted Lua string literal holding `b` (lsb_serialize_binary's escapes for
 * \n, \r, " and \, plus \ddd for every other control or non-ASCII byte so the text is plain ASCII and
 * survives any file encoding; Lua 5.1 and 5.3 read both forms).
 */
export function luaStringBody(b: Uint8Array, from = 0, to = b.length): string {
  let out = '';
  let run = from;
  const flush = (end: number): void => {
    for (let i = run; i < end; i += 8192) out += String.fromCharCode(...b.subarray(i, Math.min(end, i + 8192)));
  };
  for (let i = from; i < to; i++) {
    const c = b[i] as number;
    if (c >= 0x20 && c < 0x7f && c !== 0x22 && c !== 0x5c) continue;
    flush(i);
    run = i + 1;
    if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else out += `\\${c < 10 ? '00' : c < 100 ? '0' : ''}${c}`;
  }
  flush(to);
  return out;
}

/** A quoted Lua string literal for a JS string (its UTF-8 bytes). */
export function luaQuote(s: string): string {
  return `"${luaStringBody(new TextEncoder().encode(s))}"`;
}

/**
 * The Lua expression a serializer assigns to: `globalName` as given when it already is an expression
 * rooted at `_G[` (lua_sandbox passes keys such as `_G["nested"]["cb"]`), else `_G["<name>"]`.
 */
export function targetExpression(globalName: string): string {
  return globalName.startsWith('_G[') ? globalName : `_G[${luaQuote(globalName)}]`;
}
