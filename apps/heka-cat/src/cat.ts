/**
 * heka-cat's loop: read a file of Heka frames (from an offset, optionally following it as it
 * grows), decode and filter each message, print the matches, report corrupt stretches by offset.
 */

import { readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { compileMatcher, decodeMessage, type Frame, FrameReader, type Matcher, type Message } from '@heka/core';
import { logPrefix } from '@heka/go-cli';
import { formatJson, formatTxt } from './format.js';
import { goView } from './goview.js';
import { Output } from './output.js';

export type CatFormat = 'txt' | 'json' | 'heka' | 'count';
export const FORMATS: readonly CatFormat[] = ['txt', 'json', 'heka', 'count'];

export interface CatOptions {
  file: string;
  match: string;
  format: CatFormat;
  /** "" for stdout. */
  output: string;
  tail: boolean;
  offset: number;
  maxMessageSize: number;
  /** How long to wait at the end of the file before looking again with tail (Heka: 500 ms). */
  pollMs?: number;
  /** Stops the loop (e.g. on SIGINT); checked between reads. */
  signal?: AbortSignal;
}

export interface CatResult {
  /** Heka's exit codes: 0 done, 2 bad match, 3 input, 4 output, 5 seek, 8 size too large. */
  code: number;
  processed: number;
  matched: number;
}

const READ_SIZE = 1024 * 1024;

/** A Go-style error line (`open x: no such file or directory`) from a Node fs error. */
function goError(op: string, path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const text = /^[A-Z0-9_]+: ([^,]*)/.exec(e.message)?.[1] ?? e.message;
  return `${op} ${path}: ${text}`;
}

export async function cat(o: CatOptions, stderr: (line: string) => void): Promise<CatResult> {
  const result: CatResult = { code: 0, processed: 0, matched: 0 };
  if (o.maxMessageSize >= 0xffffffff) {
    stderr(`Message size is too large: ${o.maxMessageSize}`);
    return { ...result, code: 8 };
  }
  let matcher: Matcher;
  try {
    matcher = compileMatcher(o.match);
  } catch (err) {
    stderr(`Match specification - ${(err as Error).message}`);
    return { ...result, code: 2 };
  }
  let input: Awaited<ReturnType<typeof open>>;
  try {
    input = await open(o.file, 'r');
  } catch (err) {
    stderr(goError('open', o.file, err));
    return { ...result, code: 3 };
  }
  try {
    let out: Output;
    try {
      out = o.output === '' ? Output.stdout() : await Output.file(o.output);
    } catch (err) {
      stderr(goError('open', o.output, err));
      return { ...result, code: 4 };
    }
    if (o.offset < 0) {
      stderr(`seek ${o.file}: invalid argument`);
      return { ...result, code: 5 };
    }
    stderr(
      `Input:${o.file}  Offset:${o.offset}  Match:${o.match}  Format:${o.format}  Tail:${o.tail}  Output:${o.output}`,
    );
    await loop(o, input.fd, matcher, out, result, stderr, (pos, buf) => input.read(buf, 0, buf.length, pos));
    await out.close();
    const failed = out.error as NodeJS.ErrnoException | undefined;
    // A closed pipe (`heka-cat x | head`) just ends the output; other write errors are failures.
    if (failed && failed.code !== 'EPIPE') {
      stderr(goError('write', o.output === '' ? '/dev/stdout' : o.output, failed));
      result.code = 1;
    }
    stderr(`Processed: ${result.processed}, matched: ${result.matched} messages`);
    return result;
  } finally {
    await input.close();
  }
}

async function loop(
  o: CatOptions,
  fd: number,
  matcher: Matcher,
  out: Output,
  result: CatResult,
  stderr: (line: string) => void,
  read: (pos: number, buf: Buffer) => Promise<{ bytesRead: number }>,
): Promise<void> {
  const base = o.offset;
  // Adjacent dropped stretches are reported as one, as Heka's splitter does when it skips them in one go.
  let pending: { offset: number; length: number } | undefined;
  const reportCorruption = () => {
    if (pending) stderr(`Corruption detected at offset: ${base + pending.offset} bytes: ${pending.length}`);
    pending = undefined;
  };
  let oversize = 0;
  const reader: FrameReader = new FrameReader({
    maxMessageSize: o.maxMessageSize,
    // heka-cat reads message bytes straight from the record: signatures are not checked.
    skipAuthentication: true,
    onDrop: (d) => {
      // Heka's splitter logged each header announcing too long a message as it skipped it.
      for (; oversize < reader.stats.oversizeHeaders; oversize++) {
        stderr(
          `${logPrefix()}Splitter 'HekaFramingSplitter' error: message exceeds the maximum length [${o.maxMessageSize} bytes]`,
        );
      }
      if (pending && pending.offset + pending.length === d.offset) pending.length += d.length;
      else {
        reportCorruption();
        pending = { offset: d.offset, length: d.length };
      }
    },
  });
  const tail = o.tail && o.format !== 'count';
  const buf = Buffer.allocUnsafe(READ_SIZE);
  let pos = base;
  let atEnd = false;
  while (!o.signal?.aborted) {
    const { bytesRead } = await read(pos, buf);
    if (bytesRead === 0) {
      reportCorruption();
      await out.flush();
      atEnd = !tail;
      if (!tail) break;
      await sleep(o.pollMs ?? 500, o.signal);
      continue;
    }
    pos += bytesRead;
    reader.push(buf.subarray(0, bytesRead));
    for (let f = reader.read(); f; f = reader.read()) {
      reportCorruption();
      if (handle(f, o.format, fd, base, matcher, out, result, stderr)) await out.flush();
    }
    await out.flush();
    if (out.error) break;
  }
  if (atEnd && reader.buffered > 0) {
    const at = base + reader.streamOffset - reader.buffered;
    stderr(`Incomplete record at offset: ${at} bytes: ${reader.buffered}`);
  }
}

/** One frame: count it, decode, match, print. Returns whether the output wants a flush. */
function handle(
  f: Frame,
  format: CatFormat,
  fd: number,
  base: number,
  matcher: Matcher,
  out: Output,
  result: CatResult,
  stderr: (line: string) => void,
): boolean {
  result.processed++;
  let msg: Message;
  try {
    msg = decodeMessage(f.message);
  } catch (err) {
    stderr(`Error unmarshalling message at offset: ${base + f.offset} error: ${(err as Error).message}`);
    return false;
  }
  if (!matcher.match(msg)) return false;
  result.matched++;
  switch (format) {
    case 'count':
      return false;
    case 'json':
      return out.write(`${formatJson(goView(f.message)) ?? ''}\n`);
    case 'heka': {
      // The record exactly as it is in the file, framing and all.
      const record = Buffer.allocUnsafe(f.length);
      readSync(fd, record, 0, f.length, base + f.offset);
      return out.write(record);
    }
    default:
      return out.write(formatTxt(goView(f.message)));
  }
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
