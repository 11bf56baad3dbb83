/**
 * The LogstreamerInput instance: scans log_directory every rescan_interval for logstreams, checks each
 * logstream every check_data_interval, reads the ones with new data (a bounded number at a time), keeps
 * a bounded number of files open (closing idle ones), and saves journals.
 */
import type { InputContext, InputInstance, Logger } from '@heka/core';
import { journalPath, type LogstreamerSettings, type ScanResult, scanLogstreams } from '@heka/logstreamer';
import { Tailer, type TailerHost } from './tailer.js';

/** Logstreams read at the same time. */
const MAX_ACTIVE = 32;
/** Files kept open at once: the ones being read plus idle ones (closed beyond this, least recently active first). */
export const MAX_OPEN_FILES = 128;
const MAX_IDLE_OPEN = MAX_OPEN_FILES - MAX_ACTIVE;
/** A file that has not grown for this long is closed (it is stat-ed while closed). */
const IDLE_CLOSE_MS = 30_000;

export class LogstreamerInput implements InputInstance {
  private readonly tailers = new Map<string, Tailer>();
  private readonly queue: Tailer[] = [];
  private active = 0;
  private scanning: Promise<void> | undefined;
  private nextScan: Promise<void> | undefined;
  private readonly reported = new Set<string>();
  private ctx: InputContext | undefined;
  private host: TailerHost | undefined;
  private timers: NodeJS.Timeout[] = [];
  private idle: Promise<void> | undefined;
  private wakeIdle: (() => void) | undefined;

  constructor(
    private readonly settings: LogstreamerSettings,
    private readonly logger: Logger,
    private firstScan: ScanResult | undefined,
  ) {}

  async run(ctx: InputContext): Promise<void> {
    this.ctx = ctx;
    this.host = {
      settings: this.settings,
      logger: this.logger,
      signal: ctx.signal,
      openStream: (o) => ctx.openStream(o),
      rescan: () => this.rescan(),
    };
    const first = this.firstScan ?? (await scanLogstreams(this.settings));
    this.firstScan = undefined;
    this.apply(first, true);
    const { checkMs, rescanMs } = this.settings;
    this.timers.push(setInterval(() => this.tick(), checkMs));
    this.timers.push(setInterval(() => void this.rescan().catch(() => undefined), rescanMs));
    this.tick();
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) resolve();
      else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    this.clearTimers();
    this.queue.length = 0;
    await this.whenIdle();
    await this.nextScan?.catch(() => undefined);
    await this.scanning?.catch(() => undefined);
    await Promise.all([...this.tailers.values()].map((t) => t.finish()));
  }

  /** SIGHUP with an unchanged config: look for new files now. */
  async reopen(): Promise<void> {
    if (this.ctx && !this.ctx.signal.aborted) await this.rescan();
  }

  stop(): void {
    this.clearTimers();
  }

  private clearTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** A scan that starts after this call (one running already may have looked before a change the caller saw). */
  rescan(): Promise<void> {
    if (!this.scanning) {
      this.scanning = scanLogstreams(this.settings)
        .then((r) => this.apply(r, false))
        .catch((e: unknown) => this.logOnce(`scan of ${this.settings.logDirectory} failed: ${(e as Error).message}`))
        .finally(() => {
          this.scanning = undefined;
        });
      return this.scanning;
    }
    this.nextScan ??= this.scanning.then(() => {
      this.nextScan = undefined;
      return this.rescan();
    });
    return this.nextScan;
  }

  private logOnce(message: string): void {
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.logger.error(message);
  }

  private apply(result: ScanResult, first: boolean): void {
    for (const e of result.errors) this.logOnce(e);
    for (const w of result.warnings) this.logOnce(w);
    const host = this.host;
    if (!host) return;
    for (const [name, files] of result.streams) {
      let t = this.tailers.get(name);
      if (!t) {
        t = new Tailer(name, host, journalPath(this.settings.journalDirectory, name), first);
        this.tailers.set(name, t);
      }
      t.setFiles(files);
    }
    // Logstreams whose files all went away keep reading what they have open.
    for (const [name, t] of this.tailers) if (!result.streams.has(name)) t.setFiles([]);
    if (!first) this.tick();
  }

  /** Every check_data_interval: queue the logstreams with something to do, save journals, close idle files. */
  private tick(): void {
    if (this.ctx?.signal.aborted) return;
    const now = Date.now();
    let open = 0;
    for (const t of this.tailers.values()) {
      if (!t.busy && !t.queued && t.needsPoll()) {
        t.queued = true;
        this.queue.push(t);
      }
      t.save(now);
      if (!t.closeIfIdle(now - IDLE_CLOSE_MS) && t.cur?.isOpen) open++;
    }
    if (open > MAX_IDLE_OPEN) this.closeLeastActive(open - MAX_IDLE_OPEN);
    this.pump();
  }

  private closeLeastActive(count: number): void {
    const idle = [...this.tailers.values()]
      .filter((t) => !t.busy && !t.queued && t.cur?.isOpen)
      .sort((a, b) => (a.cur?.lastActive ?? 0) - (b.cur?.lastActive ?? 0));
    for (const t of idle.slice(0, count)) t.closeIfIdle(Number.POSITIVE_INFINITY);
  }

  private pump(): void {
    while (this.active < MAX_ACTIVE && this.queue.length > 0 && !this.ctx?.signal.aborted) {
      const t = this.queue.shift() as Tailer;
      t.queued = false;
      this.active++;
      void t.poll().finally(() => {
        this.active--;
        // Keep the number of open files bounded while many logstreams are read one after another.
        if (!t.queued) t.closeIfOver(this.openCount() > MAX_IDLE_OPEN);
        if (this.active === 0) this.wakeIdle?.();
        this.pump();
      });
    }
  }

  private openCount(): number {
    let n = 0;
    for (const t of this.tailers.values()) if (t.cur?.isOpen) n++;
    return n;
  }

  private whenIdle(): Promise<void> {
    if (this.active === 0) return Promise.resolve();
    this.idle ??= new Promise<void>((resolve) => {
      this.wakeIdle = () => {
        this.idle = undefined;
        this.wakeIdle = undefined;
        resolve();
      };
    });
    return this.idle;
  }
}
