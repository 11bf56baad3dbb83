/** Heka's restart policy (pipeline/retry_helper.go): back-off doubling from delay to max_delay, plus jitter. */
import { parseDuration } from '../config/index.js';

export interface RetryPolicy {
  /** Milliseconds. */
  delay: number;
  maxDelay: number;
  maxJitter: number;
  /** -1: forever; 0: never. */
  maxRetries: number;
}

export function retryPolicyFrom(config: Readonly<Record<string, unknown>> | undefined): RetryPolicy {
  const ms = (key: string, fallback: string): number => parseDuration(String(config?.[key] ?? fallback)) / 1e6;
  return {
    delay: ms('delay', '250ms'),
    maxDelay: ms('max_delay', '30s'),
    maxJitter: ms('max_jitter', '500ms'),
    maxRetries: typeof config?.max_retries === 'number' ? config.max_retries : -1,
  };
}

export class Backoff {
  private attempts = 0;
  private nextDelay: number;

  constructor(private readonly policy: RetryPolicy) {
    this.nextDelay = policy.delay;
  }

  /** Milliseconds to wait before the next attempt, or undefined when retries are exhausted. */
  next(): number | undefined {
    const { maxRetries, maxDelay, maxJitter } = this.policy;
    if (maxRetries >= 0 && this.attempts >= maxRetries) return undefined;
    this.attempts++;
    const wait = this.nextDelay + Math.random() * maxJitter;
    this.nextDelay = Math.min(this.nextDelay * 2, maxDelay);
    return wait;
  }

  /** After a successful run the back-off starts over. */
  reset(): void {
    this.attempts = 0;
    this.nextDelay = this.policy.delay;
  }

  get attemptsMade(): number {
    return this.attempts;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done(): void {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
