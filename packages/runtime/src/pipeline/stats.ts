/** Per-plugin counters for reports, with durations sampled 1 in sample_denominator (Heka's approach). */
export class Stats {
  processed = 0;
  failures = 0;
  injected = 0;
  private durationSum = 0;
  private durationSamples = 0;
  private matchSum = 0;
  private matchSamples = 0;
  private tick = 0;

  constructor(private readonly denominator: number) {}

  /** Whether to time this call (1 in denominator). */
  shouldSample(): boolean {
    if (++this.tick >= this.denominator) {
      this.tick = 0;
      return true;
    }
    return false;
  }

  addDuration(ns: number): void {
    this.durationSum += ns;
    this.durationSamples++;
  }

  addMatchDuration(ns: number): void {
    this.matchSum += ns;
    this.matchSamples++;
  }

  get avgDuration(): number {
    return this.durationSamples ? Math.round(this.durationSum / this.durationSamples) : 0;
  }

  get avgMatchDuration(): number {
    return this.matchSamples ? Math.round(this.matchSum / this.matchSamples) : 0;
  }

  get samples(): number {
    return this.durationSamples;
  }
}

export const nowNs = (): number => Number(process.hrtime.bigint());

/** Nanoseconds since the epoch (µs resolution). */
export function nowEpochNs(): bigint {
  return BigInt(Math.floor((performance.timeOrigin + performance.now()) * 1000)) * 1000n;
}

/** Runs a plugin hook, logging (not throwing) its failure as "<what> failed: ...". */
export async function logFailure(
  logger: { error(message: string): void },
  what: string,
  hook: () => unknown,
): Promise<void> {
  try {
    await hook();
  } catch (e) {
    logger.error(`${what} failed: ${(e as Error).message}`);
  }
}
