/**
 * Files of framed messages for the heka-cat tests, built without @heka/core: message bytes come
 * from `protoc --encode` (fixtures/messages.txtpb), framing is assembled here byte by byte.
 */
import { readFileSync } from 'node:fs';
import { protocEncode } from '@heka/testkit';

export function varint(v: number): number[] {
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

/** 1E <header length> <header> 1F <message>, header = 08 <length> (+ any extra header bytes). */
export function frame(message: Uint8Array, extraHeader: number[] = []): Buffer {
  const header = [0x08, ...varint(message.length), ...extraHeader];
  return Buffer.concat([Buffer.from([0x1e, header.length, ...header, 0x1f]), message]);
}

/** The message blocks of fixtures/messages.txtpb, protobuf-encoded by protoc. */
export function fixtureMessages(): Buffer[] {
  const text = readFileSync(new URL('./fixtures/messages.txtpb', import.meta.url), 'utf8');
  const blocks = text
    .split(/^---$/m)
    .map((b) => b.replace(/^#.*$/gm, '').trim())
    .filter((b) => b !== '');
  return blocks.map((b) => protocEncode('Message', b));
}

/**
 * One message protoc cannot write: unrecognised fields (numbers 15, 16, 17) inside a Field and one
 * (100) in the Message, as a newer producer might send.
 */
export function unknownFieldsMessage(): Buffer {
  const field = [0x0a, 0x01, 0x75, 0x78, 0xac, 0x02, 0x82, 0x01, 0x03, 0x61, 0xff, 0x0a, 0x8d, 0x01, 1, 0, 0, 0];
  return Buffer.from([0x0a, 0x10, ...Array(16).fill(7), 0x10, 0x01, 0x52, field.length, ...field, 0xa0, 0x06, 0x01]);
}

/** Every fixture message, framed, in file order. */
export function fixtureRecords(): Buffer[] {
  return [...fixtureMessages(), unknownFieldsMessage()].map((m) => frame(m));
}
