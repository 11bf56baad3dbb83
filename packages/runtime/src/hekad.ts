/**
 * The daemon: plans the config, starts the pipeline, and handles what happens to a running hekad
 * (signals, reload, reports, the pid file, shutdown and its exit code).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createLogger, type RootLogger } from './logger.js';
import { Pipeline } from './pipeline/pipeline.js';
import type { ReloadSummary } from './pipeline/reload.js';
import { allReport, allReportMessage, memstatMessage, reportText } from './pipeline/report.js';
import { DEFAULT_INSTANCE_FILE, type PlanOptions, planConfig } from './plan-config.js';

export interface HekadOptions extends PlanOptions {
  logger?: RootLogger;
}

export class Hekad {
  /** Resolves with the exit code once hekad has stopped (0 after a clean stop, 1 after a failure). */
  readonly exited: Promise<number>;
  private resolveExit!: (code: number) => void;
  private exitCode = 0;
  private stopping: Promise<void> | undefined;
  private signalHandlers: [NodeJS.Signals, () => void][] = [];
  /** A daemon stays up until told to stop, even when no plugin holds a socket or timer open. */
  private readonly keepAlive = setInterval(() => undefined, 1 << 30);

  private constructor(
    readonly pipeline: Pipeline,
    private readonly options: HekadOptions,
    readonly logger: RootLogger,
  ) {
    this.exited = new Promise((resolve) => {
      this.resolveExit = resolve;
    });
  }

  static async start(options: HekadOptions): Promise<Hekad> {
    const { plan } = await planConfig(options);
    const logger = options.logger ?? createLogger({ flags: plan.globals.logFlags });
    mkdirSync(plan.globals.baseDir, { recursive: true, mode: 0o755 });
    writePidFile(plan.globals.pidFile);
    let hekad: Hekad | undefined;
    const pipeline = new Pipeline(plan, { logger, onFatal: (code) => void hekad?.shutdown(code) });
    hekad = new Hekad(pipeline, options, logger);
    try {
      await pipeline.start();
    } catch (e) {
      removePidFile(plan.globals.pidFile);
      clearInterval(hekad.keepAlive);
      throw e;
    }
    logger.info(`hekad started: ${plan.plugins.size} plugins`);
    return hekad;
  }

  /** Graceful shutdown; resolves when every accepted message has been processed. */
  shutdown(exitCode = 0): Promise<void> {
    this.exitCode = Math.max(this.exitCode, exitCode);
    this.stopping ??= (async () => {
      this.logger.info('shutdown initiated');
      try {
        await this.pipeline.stop();
      } finally {
        removePidFile(this.pipeline.plan.globals.pidFile);
        this.removeSignalHandlers();
        clearInterval(this.keepAlive);
        this.logger.info('shutdown complete');
        this.resolveExit(this.exitCode);
      }
    })();
    return this.stopping;
  }

  /** Re-reads the config and applies it without dropping messages; a bad config leaves hekad as it was. */
  async reload(): Promise<ReloadSummary | undefined> {
    this.logger.info('reloading configuration');
    try {
      const { plan } = await planConfig(this.options);
      const summary = await this.pipeline.reload(plan);
      // Counted over the configured sections: default instances are an implementation detail.
      const defaults = new Set(
        [...plan.plugins.values()].filter((p) => p.section.file === DEFAULT_INSTANCE_FILE).map((p) => p.section.name),
      );
      const n = (names: string[]) => names.filter((x) => !defaults.has(x)).length;
      this.logger.info(
        `configuration reloaded: ${n(summary.added)} added, ${n(summary.changed)} changed, ` +
          `${n(summary.removed)} removed, ${n(summary.unchanged)} unchanged`,
      );
      return summary;
    } catch (e) {
      this.logger.error(`reload failed, keeping the running configuration: ${(e as Error).message}`);
      return undefined;
    }
  }

  /** The SIGUSR1 report. */
  reportText(): string {
    return reportText(allReport(this.pipeline));
  }

  /** Routes `heka.all-report` and `heka.memstat` messages (what Heka's dashboard ticker does). */
  injectReports(): void {
    this.pipeline.injectSystem(allReportMessage(this.pipeline, allReport(this.pipeline)));
    this.pipeline.injectSystem(memstatMessage(this.pipeline));
  }

  /** SIGINT/SIGTERM stop gracefully (a second one forces exit), SIGUSR1 reports, SIGHUP reloads. */
  installSignalHandlers(): void {
    let interrupts = 0;
    const stop = (): void => {
      if (++interrupts > 1) {
        this.logger.error('second interrupt: exiting without draining');
        process.exit(this.exitCode || 1);
      }
      void this.shutdown(0);
    };
    const handlers: [NodeJS.Signals, () => void][] = [
      ['SIGINT', stop],
      ['SIGTERM', stop],
      ['SIGUSR1', () => process.stderr.write(`${this.reportText()}\n`)],
      ['SIGHUP', () => void this.reload()],
    ];
    for (const [sig, fn] of handlers) process.on(sig, fn);
    this.signalHandlers = handlers;
  }

  private removeSignalHandlers(): void {
    for (const [sig, fn] of this.signalHandlers) process.off(sig, fn);
    this.signalHandlers = [];
  }
}

/** Heka refuses to start when the pid file names a live process. */
function writePidFile(path: string): void {
  if (!path) return;
  let existing: string | undefined;
  try {
    existing = readFileSync(path, 'utf8').trim();
  } catch {
    existing = undefined;
  }
  const pid = Number(existing);
  if (existing && Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
    throw new Error(`pid_file ${path} names a running process (${pid}): is another hekad running?`);
  }
  writeFileSync(path, `${process.pid}\n`);
}

function removePidFile(path: string): void {
  if (path) rmSync(path, { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export { createLogger };
