// Heka's hand-written JSON quoting (writeQuotedString) and the byte writer.
import { describe, expect, it } from 'vitest';
import { ByteWriter, memberBytes } from '../src/index.js';

const text = (w: ByteWriter) => Buffer.from(w.finish()).toString('latin1');

describe('ByteWriter.quoted', () => {
  it('escapes only ", \\ and C0 controls, as lowercase \\u00XX', () => {
    const w = new ByteWriter();
    w.quoted('key"one').byte(0x3a).quoted('first\nsecond\\');
    expect(text(w)).toBe('"key\\u0022one":"first\\u000asecond\\u005c"');
  });
  it('writes /, <, >, &, DEL, U+2028 and non-ASCII as they are (UTF-8)', () => {
    const w = new ByteWriter();
    w.quoted('</b>&\u007f\u2028é\ttab');
    expect(Buffer.from(w.finish()).toString('utf8')).toBe('"</b>&\u007f\u2028é\\u0009tab"');
  });
  it('writes invalid UTF-8 bytes as U+FFFD, one per byte', () => {
    const w = new ByteWriter();
    w.quotedBytes(new Uint8Array([0xa3]))
      .byte(0x3a)
      .quotedBytes(new Uint8Array([0x6f, 0xe2, 0x82, 0x6b]));
    expect(Buffer.from(w.finish()).toString('hex')).toBe(
      Buffer.from('"\ufffd":"o\ufffd\ufffdk"', 'utf8').toString('hex'),
    );
  });
  it('writes a lone surrogate as U+FFFD', () => {
    expect(Buffer.from(new ByteWriter().quoted('x\udc00').finish()).toString('utf8')).toBe('"x\ufffd"');
  });
});

describe('ByteWriter', () => {
  it('grows past its initial size and can be reused', () => {
    const w = new ByteWriter(4);
    const long = `${'ä'.repeat(5000)}${'b'.repeat(100)}`;
    w.text(long).bytes(new Uint8Array([1, 2, 3]));
    const first = w.finish();
    expect(first.length).toBe(10000 + 100 + 3);
    w.reset().text('again');
    expect(Buffer.from(w.finish()).toString()).toBe('again');
    expect(Buffer.from(first).subarray(-3)).toEqual(Buffer.from([1, 2, 3]));
  });
  it('pre-encodes member names', () => {
    expect(Buffer.from(memberBytes('a"b')).toString()).toBe('"a\\u0022b":');
  });
});
