/**
 * heka-flood's loop: connect, send the prepared messages as fast as the socket takes them (or one
 * per message_interval), corrupting, signing and oversizing the share the test asks for, report the
 * rate every second, reconnect on errors when told to, stop after num_messages or on SIGINT.
 */

import { logPrefix } from '@heka/go-cli';
import type { FloodTest } from './config.js';
import { buildMessages, randInt, type TestMessages } from './messages.js';
import { Selector } from './select.js';
import { createSender, type Sender } from './sender.js';

export interface FloodIo {
  /** Heka's LogInfo (stdout) and LogError (stderr), without the time prefix. */
  info(line: string): void;
  error(line: string): void;
  /** Stops the loop (SIGINT). */
  signal?: AbortSignal;
  /** The prepared messages (built from the test when absent). */
  messages?: TestMessages;
}

export interface FloodResult {
  sent: number;
  delivered: number;
  bytes: number;
  /** False when the first connection failed and reconnect_on_error is off. */
  connected: boolean;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });

/** Waits `ns` nanoseconds: timers for whole milliseconds, then yielding turns for the rest. */
async function pause(ns: number, signal?: AbortSignal): Promise<void> {
  const end = process.hrtime.bigint() + BigInt(ns);
  if (ns >= 2e6) await sleep(Math.floor(ns / 1e6) - 1, signal);
  while (process.hrtime.bigint() < end && !signal?.aborted) await new Promise((r) => setImmediate(r));
}

/** Go's `%0.2f`. */
const f2 = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : x > 0 ? '+Inf' : 'NaN');

export async function flood(test: FloodTest, io: FloodIo): Promise<FloodResult> {
  const result: FloodResult = { sent: 0, delivered: 0, bytes: 0, connected: false };
  const stopped = () => io.signal?.aborted === true;
  const connectRetrying = async (): Promise<Sender | undefined> => {
    for (;;) {
      try {
        return await createSender(test, io.error);
      } catch (err) {
        io.error(`Error creating sender: ${(err as Error).message}`);
        if (!test.reconnectOnError || stopped()) return undefined;
        io.info('Attempting to reconnect...');
        await sleep(test.reconnectInterval * 1000, io.signal);
        if (stopped()) return undefined;
      }
    }
  };
  // Built first: a message that does not fit max_message_size is a configuration error.
  const messages = io.messages ?? buildMessages(test);
  const sender = await connectRetrying();
  if (!sender) return result;
  result.connected = true;
  const count = messages.unsigned.length;
  const selector = new Selector({
    corrupt: test.corruptPercentage,
    signed: test.signedPercentage,
    oversized: test.oversizedPercentage,
  });
  const ticker = rateTicker(result, io);
  // Ctrl-C must not wait for a socket that never drains.
  const aborted = new Promise<void>((resolve) => io.signal?.addEventListener('abort', () => resolve(), { once: true }));
  let delivered = 0; // by senders replaced after an error
  /** Heka's reaction to a failed write: log it, then reconnect (reconnect_on_error) or stop. */
  const recover = async (failed: Sender): Promise<Sender | undefined> => {
    io.error(`Error sending message: ${(failed.error as Error).message}`);
    delivered += failed.delivered;
    await failed.close(0);
    if (!test.reconnectOnError) return undefined;
    while (!stopped()) {
      io.info('Attempting to reconnect...');
      await sleep(test.reconnectInterval * 1000, io.signal);
      if (stopped()) break;
      try {
        return await createSender(test, io.error);
      } catch (e) {
        io.error(`Error creating sender: ${(e as Error).message}`);
      }
    }
    return undefined;
  };
  let current: Sender | undefined = sender;
  try {
    while (current && !stopped()) {
      if (current.error) {
        current = await recover(current);
        continue;
      }
      const id = randInt(count);
      const corrupt = selector.isCorrupt(result.sent);
      const kind = selector.kind(result.sent);
      let frame = (kind === 'oversized' ? messages.oversized[0] : messages[kind][id]) as Uint8Array;
      if (corrupt) {
        // A copy: the socket may still hold the original, which later messages reuse.
        frame = Uint8Array.from(frame);
        frame[randInt(frame.length)] = randInt(256);
      }
      result.bytes += frame.length;
      let more = current.send(frame);
      result.sent++;
      if (test.messageIntervalNs > 0) {
        current.flush();
        more = false;
      }
      // A failure shows at the next turn (writes complete asynchronously).
      if (!more) await Promise.race([current.ready().catch(() => {}), aborted]);
      if (test.numMessages !== 0 && result.sent >= test.numMessages) break;
      if (test.messageIntervalNs > 0) await pause(test.messageIntervalNs, io.signal);
    }
    if (current) {
      // Interrupted: give the socket a second to pass on what it holds, then close anyway.
      await current.close(stopped() ? 1000 : undefined);
      if (current.error) io.error(`Error sending message: ${current.error.message}`);
      delivered += current.delivered;
    }
  } catch (err) {
    await current?.close(0);
    throw err;
  } finally {
    clearInterval(ticker);
  }
  result.delivered = delivered;
  io.info(`Clean shutdown:  ${result.sent}  messages sent;  ${result.delivered}  messages delivered.`);
  return result;
}

/** Heka's timerLoop: every second, messages so far and the rate since the last report. */
function rateTicker(result: FloodResult, io: FloodIo): NodeJS.Timeout {
  let lastTime = process.hrtime.bigint();
  let lastCount = 0;
  let lastBytes = 0;
  let zeroes = 0;
  return setInterval(() => {
    const now = process.hrtime.bigint();
    const elapsed = Number(now - lastTime) / 1e9;
    lastTime = now;
    const sent = result.sent - lastCount;
    const bytes = result.bytes - lastBytes;
    lastCount = result.sent;
    lastBytes = result.bytes;
    if (sent === 0) {
      if (result.sent === 0 || zeroes === 3) return;
      zeroes++;
    } else {
      zeroes = 0;
    }
    io.info(`Sent ${result.sent} messages. ${f2(sent / elapsed)} msg/sec ${f2((bytes * 8) / 1e6 / elapsed)} Mbit/sec`);
  }, 1000);
}

/** Go's log.LstdFlags lines: what the CLI passes as FloodIo. */
export function goLogIo(signal?: AbortSignal): FloodIo {
  return {
    info: (line) => process.stdout.write(`${logPrefix()}${line}\n`),
    error: (line) => process.stderr.write(`${logPrefix()}${line}\n`),
    signal,
  };
}
