/**
 * Runs one filter or output: a bounded queue fed by the router, a drain loop that processes messages in
 * order (synchronously unless the plugin returns a promise), the ticker, and the restart policy.
 */
import type {
  FilterContext,
  FilterInstance,
  Logger,
  Matcher,
  OutputContext,
  OutputInstance,
  ReportValue,
} from '@heka/core';
import { PluginFatalError } from '@heka/core';
import { DiskBuffer, type DiskBufferOptions } from './disk-buffer.js';
import { messagesOf, type Pack } from './pack.js';
import { BoundedQueue } from './queue.js';
import { Backoff, type RetryPolicy, sleep } from './retry.js';
import { SLOW_FILTER_PAYLOAD, type SlowFilterOptions, SlowFilterWatch } from './slow-filter.js';
import { logFailure, nowEpochNs, nowNs, Stats } from './stats.js';
import { earlyDrains } from './turn-budget.js';

type Instance = FilterInstance | OutputInstance;
export type RunnerState = 'starting' | 'running' | 'restarting' | 'closing' | 'stopped' | 'failed';

export interface MessageRunnerOptions {
  name: string;
  type: string;
  kind: 'filter' | 'output';
  matcher: Matcher;
  /** Only messages verified as signed by this signer (message_signer); undefined accepts all. */
  signer: string | undefined;
  queueSize: number;
  /** The queue's size for an output with processBatch (the pool's size). */
  batchQueueSize?: number;
  tickerInterval: number;
  retry: RetryPolicy;
  sampleDenominator: number;
  logger: Logger;
  /** Makes a fresh instance (at start and on every restart). */
  create: () => Promise<Instance>;
  /** The context handed to process() and tick(). */
  context: FilterContext | OutputContext;
  /** can_exit: a plugin that stops for good does not shut hekad down. */
  canExit: boolean;
  /** Called once the plugin has stopped for good (its encoder stops then). */
  stopped?: () => Promise<void>;
  /** Called when the plugin has stopped for good after a failure (retries exhausted). */
  onExit: (runner: MessageRunner, error: Error) => void;
  /** Before a message: a promise pauses the runner (filters wait while the inject pool is exhausted). */
  throttle?: (next: Pack) => Promise<void> | undefined;
  /** Filters added at run time: terminated when they block the router (see slow-filter.ts). */
  slowFilter?: SlowFilterOptions;
  /** use_buffering: matched messages go through this disk queue (see disk-buffer.ts). */
  buffer?: DiskBufferOptions;
}

/** The most messages handed to processBatch at once. */
const MAX_BATCH = 1024;
const RETRY_MIN_MS = 10;
const RETRY_MAX_MS = 1000;
/** How long a graceful stop keeps retrying an output's failing delivery before giving it up as lost. */
const SHUTDOWN_RETRY_GRACE_MS = 5000;

export class MessageRunner {
  readonly queue: BoundedQueue<Pack>;
  readonly stats: Stats;
  state: RunnerState = 'starting';
  /** Messages given up at stop because delivery kept failing (reported as lost). */
  lostOnStop = 0;
  /** Injection generation of the message being processed (0 during tick). */
  currentLoopCount = 0;
  /** Messages and ticks finished so far: diagnostics compare it between checks (cheaper than a clock). */
  progress = 0;
  private instance: Instance | undefined;
  private starting: Promise<void> | undefined;
  private scheduled = false;
  private running = false;
  private tickDue = false;
  private ticker: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  /** When a graceful stop began (retries give up some time after it). */
  private closingSince = 0;
  /** Kept across restarts so max_retries counts consecutive failures; reset by a successful message. */
  private readonly backoff: Backoff;
  private readonly drainCallback = (): void => void this.drain();
  private readonly slow: SlowFilterWatch | undefined;
  /** The disk queue (use_buffering); opened with the runner, so a bad directory fails the build. */
  readonly buffer: DiskBuffer | undefined;

  constructor(readonly options: MessageRunnerOptions) {
    this.queue = new BoundedQueue(options.queueSize);
    this.stats = new Stats(options.sampleDenominator);
    this.backoff = new Backoff(options.retry);
    this.slow = options.slowFilter && new SlowFilterWatch(options.slowFilter, Math.max(1, options.queueSize - 1));
    this.buffer = options.buffer && new DiskBuffer(options.buffer);
  }

  get name(): string {
    return this.options.name;
  }

  /** Whether it can still take messages (false once stopped or failed for good). */
  get alive(): boolean {
    return this.state !== 'stopped' && this.state !== 'failed';
  }

  /** Whether the router should consider this runner for a pack (matcher timing is sampled). */
  accepts(pack: Pack): boolean {
    const { signer, matcher } = this.options;
    if (signer !== undefined && pack.signer !== signer) return false;
    if (!this.stats.shouldSample()) return matcher.match(pack.message);
    const t0 = nowNs();
    const ok = matcher.match(pack.message);
    this.stats.addMatchDuration(nowNs() - t0);
    return ok;
  }

  /** Queues a pack the router already retained for us; false when full (unless forced). */
  offer(pack: Pack, force = false): boolean {
    if (this.state === 'stopped' || this.state === 'failed') return false;
    if (this.buffer) return this.buffer.append(pack);
    if (!this.queue.push(pack, force)) return false;
    this.schedule();
    return true;
  }

  /** Creates the plugin and starts taking messages; calling it again while or after it starts does nothing. */
  start(): Promise<void> {
    this.starting ??= this.doStart();
    return this.starting;
  }

  /** Resolves when offer() may succeed again (the router waits on it, so drain now if the turn allows). */
  whenRoom(): Promise<void> {
    if (this.buffer) return this.buffer.whenRoom();
    if (!this.running && this.state === 'running' && earlyDrains.take()) queueMicrotask(this.drainCallback);
    return this.queue.whenRoom();
  }

  private async doStart(): Promise<void> {
    this.instance = await this.options.create();
    this.buffer?.startReading(this.queue, () => this.schedule());
    // A batching output writes whatever is queued at once: let it queue up to the whole pool, so one
    // write carries up to poolsize records instead of plugin_chansize.
    if (this.batching && this.options.batchQueueSize !== undefined) {
      this.queue.setCapacity(Math.max(this.queue.capacity, this.options.batchQueueSize));
    }
    this.state = 'running';
    if (this.options.tickerInterval > 0) {
      this.ticker = setInterval(() => {
        this.tickDue = true;
        this.schedule();
      }, this.options.tickerInterval * 1000);
    }
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.running || (this.state !== 'running' && this.state !== 'closing')) return;
    this.scheduled = true;
    setImmediate(this.drainCallback);
  }

  private async drain(): Promise<void> {
    this.scheduled = false;
    if (this.running) return;
    this.running = true;
    try {
      for (let budget = 512; budget > 0; budget--) {
        if (this.state !== 'running' && this.state !== 'closing') break;
        if (this.tickDue) {
          this.tickDue = false;
          const r = this.callTick();
          if (r) await r;
          continue;
        }
        if (this.queue.length === 0) break;
        if (this.batching) {
          const r = this.processBatch();
          if (r) await r;
          continue;
        }
        // Back-pressured: the router is waiting for room in this queue.
        const pressured =
          this.slow !== undefined &&
          (this.buffer ? this.buffer.backPressured : this.queue.length >= this.queue.capacity);
        const pack = this.queue.shift();
        if (pack === undefined) break;
        const wait = this.options.throttle?.(pack);
        if (wait) await wait;
        const r = this.processOne(pack, pressured);
        if (r) await r;
        if (pressured && this.slow?.tooSlow(true, this.stats)) {
          await this.terminateSlow(this.slow);
          break;
        }
      }
    } finally {
      this.running = false;
    }
    if (this.queue.length > 0 || this.tickDue) this.schedule();
    else this.wakeIdle();
  }

  /** Outputs with processBatch get everything queued at once. */
  private get batching(): boolean {
    return this.options.kind === 'output' && typeof (this.instance as OutputInstance).processBatch === 'function';
  }

  private processBatch(): Promise<void> | undefined {
    const instance = this.instance as Required<OutputInstance>;
    const n = Math.min(this.queue.length, MAX_BATCH);
    const packs: Pack[] = new Array(n);
    for (let i = 0; i < n; i++) packs[i] = this.queue.shift() as Pack;
    const sample = this.stats.shouldSample();
    const t0 = sample ? nowNs() : 0;
    this.currentLoopCount = 0;
    let result: void | Promise<void>;
    try {
      result = instance.processBatch(messagesOf(packs), this.options.context as OutputContext);
    } catch (e) {
      return this.batchFailed(packs, e);
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      return (result as Promise<void>).then(
        () => this.batchSucceeded(packs, t0),
        (e: unknown) => this.batchFailed(packs, e),
      );
    }
    this.batchSucceeded(packs, t0);
    return undefined;
  }

  private batchSucceeded(packs: Pack[], t0: number): void {
    if (t0 && packs.length > 0) this.stats.addDuration((nowNs() - t0) / packs.length);
    this.stats.processed += packs.length;
    this.progress += packs.length;
    if (this.backoff.attemptsMade > 0) this.backoff.reset();
    for (const p of packs) p.release();
  }

  private batchFailed(packs: Pack[], e: unknown): Promise<void> | undefined {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (err as { code?: string }).code;
    if (code === 'ERR_HEKA_RETRY_LATER') return this.retryPacks(packs, err, true);
    if (code === 'ERR_HEKA_PLUGIN_FATAL') {
      this.requeueFront(packs);
      return this.restart(err);
    }
    this.stats.failures += packs.length;
    this.progress += packs.length;
    this.options.logger.error(`failed to process ${packs.length} messages: ${err.message}`);
    for (const p of packs) p.release();
    return undefined;
  }

  private processOne(pack: Pack, pressured = false): Promise<void> | undefined {
    const instance = this.instance as Instance;
    const sample = this.stats.shouldSample() || (this.slow?.mustTime(pressured, this.stats) ?? false);
    const t0 = sample ? nowNs() : 0;
    this.currentLoopCount = pack.loopCount;
    let result: void | Promise<void>;
    try {
      result = instance.process(pack.message, this.options.context as never);
    } catch (e) {
      return this.failed(pack, e);
    }
    if (result && typeof (result as Promise<void>).then === 'function') {
      return (result as Promise<void>).then(
        () => this.succeeded(pack, t0),
        (e: unknown) => this.failed(pack, e),
      );
    }
    this.succeeded(pack, t0);
    return undefined;
  }

  private succeeded(pack: Pack, t0: number): void {
    if (t0) this.stats.addDuration(nowNs() - t0);
    this.stats.processed++;
    this.progress++;
    if (this.backoff.attemptsMade > 0) this.backoff.reset();
    pack.release();
  }

  private failed(pack: Pack, e: unknown): Promise<void> | undefined {
    const err = e instanceof Error ? e : new Error(String(e));
    const code = (err as { code?: string }).code;
    if (code === 'ERR_HEKA_RETRY_LATER' && this.options.kind === 'output') return this.retryPacks([pack], err, false);
    if (code === 'ERR_HEKA_PLUGIN_FATAL') {
      // Keep the message: the restarted plugin gets it first (nothing lost across restarts).
      this.requeueFront([pack]);
      return this.restart(err);
    }
    this.stats.failures++;
    this.progress++;
    this.options.logger.error(`failed to process a message: ${err.message}`);
    pack.release();
    return undefined;
  }

  /** An output asked to retry the same messages: back off from 10 ms to 1 s, until it succeeds or we stop. */
  private async retryPacks(packs: Pack[], first: Error, batch: boolean): Promise<void> {
    let wait = RETRY_MIN_MS;
    let warned = Date.now();
    this.options.logger.warn(`delivery failed, will retry: ${first.message}`);
    for (;;) {
      await sleep(wait);
      if (this.state === 'stopped' || this.state === 'failed') {
        for (const p of packs) p.release();
        return;
      }
      if (this.state === 'closing') {
        if (this.buffer || Date.now() - this.closingSince > SHUTDOWN_RETRY_GRACE_MS) return this.giveUp(packs);
        if (Date.now() - warned > 1000) {
          warned = Date.now();
          this.options.logger.warn(
            `stopping: delivery keeps failing (${this.queue.length + packs.length} messages waiting)`,
          );
        }
      }
      wait = Math.min(wait * 2, RETRY_MAX_MS);
      try {
        const out = this.instance as OutputInstance;
        const ctx = this.options.context as OutputContext;
        const r =
          batch && out.processBatch
            ? out.processBatch(messagesOf(packs), ctx)
            : out.process((packs[0] as Pack).message, ctx);
        if (r) await r;
        return this.batchSucceeded(packs, 0);
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        if ((err as { code?: string }).code !== 'ERR_HEKA_RETRY_LATER') return this.batchFailed(packs, err);
      }
    }
  }

  /** A stop must end: after the grace period, what this output cannot deliver is lost, loudly. */
  private giveUp(packs: Pack[]): void {
    const rest = this.queue.drainAll();
    if (this.buffer) {
      this.buffer.keepForNextStart([...packs, ...rest]);
      return;
    }
    const lost = packs.length + rest.length;
    this.options.logger.error(
      `stopping: gave up delivering ${lost} messages after retrying for ${SHUTDOWN_RETRY_GRACE_MS / 1000}s`,
    );
    this.lostOnStop += lost;
    for (const p of packs) p.release();
    for (const p of rest) p.release();
  }

  private requeueFront(packs: Pack[]): void {
    const rest = this.queue.drainAll();
    for (const p of packs) this.queue.push(p, true);
    for (const p of rest) this.queue.push(p, true);
  }

  private callTick(): Promise<void> | undefined {
    const instance = this.instance as Instance;
    if (!instance.tick) return undefined;
    this.currentLoopCount = 0;
    try {
      const r = instance.tick(this.options.context as never, nowEpochNs());
      this.progress++;
      if (r && typeof r.then === 'function') return r.catch((e: unknown) => this.tickFailed(e));
    } catch (e) {
      return this.tickFailed(e);
    }
    return undefined;
  }

  private tickFailed(e: unknown): Promise<void> | undefined {
    const err = e instanceof Error ? e : new Error(String(e));
    if ((err as { code?: string }).code === 'ERR_HEKA_PLUGIN_FATAL') return this.restart(err);
    this.stats.failures++;
    this.options.logger.error(`timer failed: ${err.message}`);
    return undefined;
  }

  /** The plugin failed fatally: stop it, then re-create it with back-off until retries run out. */
  private async restart(error: Error): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'restarting';
    const { logger } = this.options;
    const backoff = this.backoff;
    logger.error(`stopped: ${error.message}`);
    await this.stopInstance();
    for (;;) {
      const wait = backoff.next();
      if (wait === undefined) {
        this.state = 'failed';
        this.clearTicker();
        this.options.onExit(this, error);
        return;
      }
      logger.info(`restarting in ${Math.round(wait)} ms (attempt ${backoff.attemptsMade})`);
      await sleep(wait);
      if (this.state !== 'restarting') return;
      try {
        this.instance = await this.options.create();
        this.state = 'running';
        logger.info('restarted');
        this.schedule();
        return;
      } catch (e) {
        error = e instanceof Error ? e : new Error(String(e));
        logger.error(`restart failed: ${error.message}`);
      }
    }
  }

  /** Ends a filter that blocks the router, for good (no restart), after routing Heka's notice. */
  private async terminateSlow(slow: SlowFilterWatch): Promise<void> {
    if (this.state !== 'running') return;
    slow.options.report(slow.terminationMessage(this.name, this.stats, this.queue.length));
    const error = new PluginFatalError(SLOW_FILTER_PAYLOAD, { terminationReported: true });
    this.options.logger.error(`terminated: ${error.message}`);
    this.state = 'failed';
    this.clearTicker();
    await this.stopInstance();
    this.options.onExit(this, error);
  }

  /** SIGHUP with an unchanged configuration: let the plugin reopen what it holds (files, for logrotate). */
  async reopen(): Promise<void> {
    await logFailure(this.options.logger, 'reopen', () => this.instance?.reopen?.());
  }

  /** The plugin's own report figures, if it has any (and is running). */
  report(): Readonly<Record<string, ReportValue>> | undefined {
    try {
      return this.instance?.report?.();
    } catch (e) {
      this.options.logger.error(`report failed: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** Resolves when the queue is empty and nothing is being processed. */
  whenIdle(): Promise<void> {
    if (!this.running && !this.scheduled && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private wakeIdle(): void {
    if (this.queue.length > 0 || this.running || this.scheduled) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Processes what is queued (the router no longer sends anything), then stops the plugin. */
  async finish(): Promise<void> {
    this.buffer?.stopReading(); // what is still on disk waits there for the next start
    if (this.state === 'running') {
      this.state = 'closing';
      this.closingSince = Date.now();
      this.schedule();
      await this.whenIdle();
    }
    await this.stop();
  }

  /** Stops at once; packs still queued are released (and reported as lost by the caller). */
  async stop(): Promise<number> {
    this.clearTicker();
    this.state = 'stopped';
    // Buffered: acknowledgements stop first, so what is queued in memory stays on disk, not lost.
    const closing = this.buffer?.close();
    const lost = this.queue.drainAll();
    for (const p of lost) p.release();
    await closing;
    this.queue.releaseWaiters();
    await this.stopInstance();
    await logFailure(this.options.logger, 'stop', () => this.options.stopped?.());
    this.wakeIdleForce();
    return this.buffer ? 0 : lost.length;
  }

  private wakeIdleForce(): void {
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private clearTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
  }

  private async stopInstance(): Promise<void> {
    const instance = this.instance;
    this.instance = undefined;
    await logFailure(this.options.logger, 'stop', () => instance?.stop?.());
  }
}
