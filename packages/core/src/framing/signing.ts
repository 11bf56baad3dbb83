/** HMAC signing of framed messages: the digest covers the message bytes only, keyed by the signer's key. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FrameHeader, HmacHash } from './header.js';

/** How a sender signs (Heka's MessageSigningConfig: name, hmac_hash, hmac_key, version). */
export interface MessageSigner {
  name: string;
  key: string;
  /** Key version (uint32), default 0. Receivers look keys up as `<name>_<version>`. */
  version?: number;
  /** Default md5. */
  hash?: HmacHash;
}

/** Receiver-side keys, by `<signer name>_<key version>` (Heka's `[x.signer.<name>_<version>] hmac_key`). */
export type SignerKeys = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

export function hmacDigest(hash: HmacHash, key: string, message: Uint8Array): Uint8Array {
  return createHmac(hash, key).update(message).digest();
}

function lookup(keys: SignerKeys | undefined, id: string): string | undefined {
  if (!keys) return undefined;
  if (keys instanceof Map) return keys.get(id);
  return Object.hasOwn(keys, id) ? (keys as Record<string, string>)[id] : undefined;
}

export type AuthResult = { ok: true; signer: string | undefined } | { ok: false; reason: string };

/**
 * Heka's rule: a frame without an HMAC is accepted (unsigned); one with an HMAC needs a key for
 * `<signer>_<version>` and a matching digest (constant-time compare), otherwise it is dropped.
 */
export function authenticate(header: FrameHeader, message: Uint8Array, keys: SignerKeys | undefined): AuthResult {
  const digest = header.hmac;
  if (digest === undefined) return { ok: true, signer: undefined };
  const signer = header.hmacSigner ?? '';
  const id = `${signer}_${header.hmacKeyVersion ?? 0}`;
  const key = lookup(keys, id);
  if (key === undefined) return { ok: false, reason: `no key for signer ${JSON.stringify(id)}` };
  const fn = header.hmacHashFunction ?? 0;
  if (fn !== 0 && fn !== 1) return { ok: false, reason: `unknown hmac hash function ${fn}` };
  const expected = hmacDigest(fn === 1 ? 'sha1' : 'md5', key, message);
  if (digest.length !== expected.length || !timingSafeEqual(digest, expected)) {
    return { ok: false, reason: `bad signature from ${JSON.stringify(id)}` };
  }
  return { ok: true, signer };
}
