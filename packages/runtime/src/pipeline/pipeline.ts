/**
 * The running pipeline: start in Heka's order (outputs, filters, router, inputs), graceful shutdown in
 * Heka's order (inputs, then filters drained, then outputs drained) so nothing in flight is lost,
 * filter injection with loop protection, plugin exits, and configuration reload.
 */
import { InjectionError, type InjectOptions, Message } from '@heka/core';
import type { RootLogger } from '../logger.js';
import { type BuildDeps, buildInputRunner, buildMessageRunner, probeHelpers } from './build.js';
import { Diagnostics } from './diagnostics.js';
import { PipelineFilters } from './dynamic-filters.js';
import type { InputRunner } from './input-runner.js';
import type { MessageRunner } from './message-runner.js';
import { Pack } from './pack.js';
import type { PipelinePlan } from './plan.js';
import { PackPool } from './pool.js';
import { applyReload, type ReloadSummary } from './reload.js';
import { Router } from './router.js';
import type { Stats } from './stats.js';
import { DecoderWorkers } from './workers/pool.js';

export interface PipelineOptions {
  logger: RootLogger;
  /** Told once when the pipeline decides to shut down by itself (a plugin exit, a fatal condition). */
  onFatal?: (exitCode: number, reason: string) => void;
}

export class Pipeline {
  readonly router = new Router();
  readonly inputPool: PackPool;
  readonly injectPool: PackPool;
  inputs = new Map<string, InputRunner>();
  filters = new Map<string, MessageRunner>();
  outputs = new Map<string, MessageRunner>();
  readonly decoderStats = new Map<string, Stats>();
  /** Messages released unprocessed from stopped plugins (reported on shutdown). */
  lost = 0;
  /** Filters added and removed at run time. */
  readonly dynamicFilters = new PipelineFilters(this);
  /** Decoder worker threads, when maxprocs > 1 (decoding of each stream runs in one of them). */
  readonly workers: DecoderWorkers | undefined;
  private stopPromise: Promise<void> | undefined;
  private diagnostics: Diagnostics | undefined;
  private fatal = false;

  constructor(
    public plan: PipelinePlan,
    private readonly options: PipelineOptions,
  ) {
    this.inputPool = new PackPool('inputRecycleChan', plan.globals.poolsize);
    this.injectPool = new PackPool('injectRecycleChan', plan.globals.poolsize);
    if (plan.globals.maxprocs > 1) this.workers = new DecoderWorkers(plan.globals.maxprocs, options.logger);
  }

  get logger(): RootLogger {
    return this.options.logger;
  }

  /** @internal factories shared with reload */
  deps(plan: PipelinePlan = this.plan): BuildDeps {
    return {
      plan,
      logger: this.options.logger,
      router: this.router,
      inputPool: this.inputPool,
      inject: (runner, message, options) => this.inject(runner, message, options),
      filters: this.dynamicFilters,
      onDecoderFatal: (decoder, error) => this.shutDown(1, `decoder '${decoder}' cannot go on: ${error.message}`),
      // A pack from the inject pool frees a slot once processed: only the others wait for room.
      injectThrottle: (next) => (next.holds(this.injectPool) ? undefined : this.injectPool.whenBelowCapacity()),
      onInputExit: (runner, error) => this.inputExited(runner, error),
      onRunnerExit: (runner, error) => this.runnerExited(runner, error),
      decoderStats: this.decoderStats,
      injectSystem: (message) => this.injectSystem(message),
      shutDown: (reason) => this.shutDown(1, reason),
      ...(this.workers ? { workers: this.workers } : {}),
    };
  }

  async start(): Promise<void> {
    const deps = this.deps();
    await probeHelpers(deps);
    const byKind = (kind: string) => [...this.plan.plugins.values()].filter((p) => p.section.kind === kind);
    try {
      for (const p of byKind('output')) this.outputs.set(p.section.name, buildMessageRunner(deps, p));
      for (const p of byKind('filter')) this.filters.set(p.section.name, buildMessageRunner(deps, p));
      for (const p of byKind('input')) this.inputs.set(p.section.name, buildInputRunner(deps, p));
      // Snapshots: a filter may add dynamic filters (already started) while these start.
      for (const r of [...this.outputs.values()]) await r.start();
      for (const r of [...this.filters.values()]) await r.start();
    } catch (e) {
      await Promise.all([...this.outputs.values(), ...this.filters.values()].map((r) => r.stop()));
      throw e;
    }
    this.routeToCurrentRunners();
    try {
      for (const r of [...this.inputs.values()]) await r.start();
    } catch (e) {
      await this.stop();
      throw e;
    }
    this.diagnostics = new Diagnostics(this, this.plan.globals.maxPackIdle);
    this.diagnostics.start();
  }

  /** Whether a graceful stop has begun. */
  get stopping(): boolean {
    return this.stopPromise !== undefined;
  }

  /** Points the router at the filters and outputs that run now. */
  routeToCurrentRunners(): void {
    this.router.setRunners([...this.filters.values(), ...this.outputs.values()]);
  }

  /** Loop protection (Heka's MsgLoopCount) and the rule that a filter cannot feed itself. */
  private inject(runner: MessageRunner, message: Message, options?: InjectOptions): void {
    if (!(message instanceof Message))
      throw new InjectionError(`'${runner.name}' injected something that is not a Message`, 'invalid');
    const loops = options?.fresh === true ? 0 : runner.currentLoopCount + 1;
    const max = this.plan.globals.maxMessageLoops;
    if (loops > max) {
      throw new InjectionError(
        `'${runner.name}' exceeded max_message_loops (${max}): the message would loop; dropped`,
        'loop',
      );
    }
    if (runner.options.matcher.match(message)) {
      throw new InjectionError(
        `'${runner.name}' cannot inject a message its own message_matcher accepts (it would loop)`,
        'own-matcher',
      );
    }
    // Heka's PipelinePack() stamps every injected message with hekad's hostname and pid.
    if (!message.has('hostname')) message.hostname = this.plan.globals.hostname;
    if (!message.has('pid')) message.pid = process.pid;
    runner.stats.injected++;
    this.injectPool.acquireOver();
    this.router.inject(new Pack(message, undefined, loops, this.injectPool, undefined));
  }

  /** Injects a message generated by hekad itself (reports, termination notices). */
  injectSystem(message: Message): void {
    this.injectPool.acquireOver();
    this.router.inject(new Pack(message, undefined, 0, this.injectPool, undefined));
  }

  private inputExited(runner: InputRunner, error: Error | undefined): void {
    this.inputs.delete(runner.name);
    const why = error ? `failed: ${error.message}` : 'finished';
    if (runner.options.canExit) {
      this.logger.info(`input '${runner.name}' ${why}; can_exit is set, hekad keeps running`);
      return;
    }
    this.shutDown(1, `input '${runner.name}' ${why} (set can_exit = true to let it stop alone)`);
  }

  private runnerExited(runner: MessageRunner, error: Error): void {
    const map = runner.options.kind === 'filter' ? this.filters : this.outputs;
    if (map.get(runner.name) === runner) map.delete(runner.name);
    this.dynamicFilters.forget(runner);
    this.routeToCurrentRunners();
    void runner.stop().then((lost) => {
      this.lost += lost;
      if (lost > 0) this.logger.error(`'${runner.name}' exited with ${lost} messages queued: lost`);
    });
    if (!runner.options.canExit) {
      this.shutDown(
        1,
        `${runner.options.kind} '${runner.name}' stopped: ${error.message} (set can_exit = true to let it stop alone)`,
      );
      return;
    }
    // The plugin announced its own end (Heka's TerminatedError): no second notice.
    if ((error as { terminationReported?: boolean }).terminationReported === true) return;
    this.injectSystem(
      new Message({
        type: 'heka.terminated',
        logger: 'hekad',
        hostname: this.plan.globals.hostname,
        payload: `${runner.name} (type ${runner.options.type}) terminated. Error: ${error.message}`,
        fields: [{ name: 'plugin', value: runner.name }],
      }),
    );
  }

  private shutDown(code: number, reason: string): void {
    if (this.fatal || this.stopPromise) return;
    this.fatal = true;
    this.logger.error(`shutting down: ${reason}`);
    this.options.onFatal?.(code, reason);
  }

  /** Graceful shutdown in Heka's order; every message already accepted is processed first. */
  stop(): Promise<void> {
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  private async doStop(): Promise<void> {
    this.diagnostics?.stop();
    await Promise.all([...this.inputs.values()].map((r) => r.stop()));
    this.inputs.clear();
    await this.workers?.stop(); // the inputs' streams are closed: nothing is decoding any more
    // Filters may inject into each other: wait until all are idle at the same time.
    const filters = [...this.filters.values()];
    for (let stable = false; !stable; ) {
      await Promise.all(filters.map((f) => f.whenIdle()));
      stable = filters.every((f) => f.queue.length === 0);
    }
    this.router.setRunners([...this.outputs.values()]);
    await Promise.all(filters.map((f) => f.finish()));
    this.filters.clear();
    // Inputs and filters are stopped: nothing routes any more; each output drains what it holds.
    const outputs = [...this.outputs.values()];
    this.router.setRunners([]);
    await Promise.all(outputs.map((o) => o.finish()));
    for (const o of [...outputs, ...filters]) this.lost += o.lostOnStop;
    this.outputs.clear();
    if (this.lost > 0) this.logger.error(`shutdown complete: ${this.lost} messages were lost by plugins that failed`);
  }

  /** Applies a new plan without dropping messages (see reload.ts). */
  reload(plan: PipelinePlan): Promise<ReloadSummary> {
    return applyReload(this, plan);
  }
}
