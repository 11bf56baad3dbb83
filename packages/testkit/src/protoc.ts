/**
 * Independent decoding with Google's protoc (`protoc --decode`) against this package's proto/heka.proto,
 * plus a small reader for protoc's text output. Nothing here uses @heka/core.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// heka.proto ships in this package's proto/ directory (next to dist/ and src/).
const FIXTURES = fileURLToPath(new URL('../proto/', import.meta.url));

export type TextValue = Buffer | string | TextMessage;
/** Every key maps to its values in order (repeated fields have several). */
export type TextMessage = Record<string, TextValue[]>;

function protoc(mode: 'decode' | 'encode', type: string, input: Uint8Array | string): Buffer {
  const r = spawnSync('protoc', [`--proto_path=${FIXTURES}`, `--${mode}=hekatest.${type}`, 'heka.proto'], {
    input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`protoc --${mode} failed: ${r.stderr.toString()}`);
  return r.stdout;
}

/** protoc's text rendering of `bytes` as a hekatest.<type> (Header, Message or Field). */
export function protocDecodeText(type: 'Header' | 'Message' | 'Field', bytes: Uint8Array): string {
  return protoc('decode', type, bytes).toString('latin1');
}

export function protocDecode(type: 'Header' | 'Message' | 'Field', bytes: Uint8Array): TextMessage {
  return parseText(protocDecodeText(type, bytes));
}

/** protoc --encode: text format in, protobuf bytes out. */
export function protocEncode(type: 'Header' | 'Message' | 'Field', text: string): Buffer {
  return protoc('encode', type, text);
}

/** Parses protoc's text format (one `key: value` or `key {` / `}` per line). Strings come back as raw bytes. */
export function parseText(text: string): TextMessage {
  const stack: TextMessage[] = [{}];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t === '') continue;
    const top = stack[stack.length - 1] as TextMessage;
    if (t === '}') {
      stack.pop();
      continue;
    }
    const open = /^(\w+) \{$/.exec(t);
    if (open) {
      const child: TextMessage = {};
      push(top, open[1] as string, child);
      stack.push(child);
      continue;
    }
    const kv = /^(\w+): (.*)$/.exec(t);
    if (!kv) throw new Error(`unexpected protoc line: ${line}`);
    const raw = kv[2] as string;
    push(top, kv[1] as string, raw.startsWith('"') ? unescapeC(raw.slice(1, -1)) : raw);
  }
  return stack[0] as TextMessage;
}

function push(m: TextMessage, key: string, value: TextValue): void {
  const list = m[key];
  if (list) list.push(value);
  else m[key] = [value];
}

const SIMPLE: Record<string, number> = { n: 10, r: 13, t: 9, '"': 34, "'": 39, '\\': 92, a: 7, b: 8, f: 12, v: 11 };

/** C-style escapes (octal, \x hex, the usual letters); the text itself was read as latin1 bytes. */
function unescapeC(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (c !== '\\') {
      out.push(c.charCodeAt(0));
      continue;
    }
    const n = s[++i] as string;
    if (/[0-7]/.test(n)) {
      let j = i;
      while (j < i + 3 && /[0-7]/.test(s[j] ?? '')) j++;
      out.push(Number.parseInt(s.slice(i, j), 8));
      i = j - 1;
    } else if (n === 'x') {
      let j = i + 1;
      while (j < i + 3 && /[0-9a-fA-F]/.test(s[j] ?? '')) j++;
      out.push(Number.parseInt(s.slice(i + 1, j), 16));
      i = j - 1;
    } else if (SIMPLE[n] !== undefined) {
      out.push(SIMPLE[n]);
    } else {
      throw new Error(`unknown escape \\${n}`);
    }
  }
  return Buffer.from(out);
}

/** The single value of a key (throws when absent or repeated). */
export function one(m: TextMessage, key: string): TextValue {
  const v = m[key];
  if (v?.length !== 1) throw new Error(`expected exactly one ${key}, got ${v?.length ?? 0}`);
  return v[0] as TextValue;
}

export function str(m: TextMessage, key: string): string {
  return (one(m, key) as Buffer).toString('utf8');
}
