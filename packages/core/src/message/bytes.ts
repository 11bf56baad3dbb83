/** Small byte helpers shared by the message model and the wire format. */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] as number];
  return s;
}

/** Parses hex digits (even count); undefined when the text is not hex. */
export function fromHex(text: string): Uint8Array | undefined {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strict base64 (standard alphabet, padding optional); undefined when the text is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) return undefined;
  const buf = Buffer.from(text, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

const ARENA_SIZE = 256 * 1024;
let arena = Buffer.allocUnsafeSlow(ARENA_SIZE).buffer;
let arenaUsed = 0;

/**
 * A byte array for output, carved from a shared arena. V8 allocates typed arrays over 64 bytes
 * outside the heap at ~0.5 µs each; a view of an existing ArrayBuffer costs ~20 ns. A view keeps its
 * arena alive, which is fine for messages in flight. Contents are uninitialised.
 */
export function allocBytes(n: number): Uint8Array {
  if (n > ARENA_SIZE / 8) return Buffer.allocUnsafe(n);
  if (arenaUsed + n > ARENA_SIZE) {
    arena = Buffer.allocUnsafeSlow(ARENA_SIZE).buffer;
    arenaUsed = 0;
  }
  const out = new Uint8Array(arena, arenaUsed, n);
  arenaUsed = (arenaUsed + n + 7) & ~7;
  return out;
}

/** A right-sized copy of bytes[start, end), allocated as allocBytes does. */
export function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  const out = allocBytes(n);
  if (n <= 32) for (let i = 0; i < n; i++) out[i] = bytes[start + i] as number;
  else out.set(new Uint8Array(bytes.buffer, bytes.byteOffset + start, n));
  return out;
}
