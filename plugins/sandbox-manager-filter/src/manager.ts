/**
 * The manager instance (Heka's sandbox/plugins/sandbox_manager_filter.go): handles load and unload
 * control messages, keeps each managed filter's files in the working directory, and restores the
 * filters found there when it starts.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import {
  type DynamicFilters,
  type FilterContext,
  type FilterInstance,
  Message,
  type PluginContext,
  type PluginDefinition,
} from '@heka/core';
import { managedDefinition } from './managed.js';
import { type FilterFiles, filterFiles, normalizedName, ownConfigFile, sandboxName } from './names.js';
import type { ManagerConfig } from './options.js';
import { ControlError, type FilterSection, managedTable, parseSection } from './section.js';

/** Control messages whose timestamp is this far from the local clock are refused (Heka: 5 s). */
const MAX_SKEW_NS = 5_000_000_000n;

const nowNs = (): bigint => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000)) * 1000n;

async function removeFiles(files: FilterFiles): Promise<void> {
  await Promise.all([files.config, files.script, files.data, `${files.data}.tmp`].map((f) => rm(f, { force: true })));
}

export class SandboxManager implements FilterInstance {
  private readonly definition: PluginDefinition;
  private readonly prefix: string;
  /** The restoration of persisted filters, started once the pipeline is up. */
  private restoring: Promise<void> | undefined;
  private filters: DynamicFilters | undefined;

  private constructor(
    private readonly config: ManagerConfig,
    private readonly ctx: PluginContext,
    private readonly dir: string,
  ) {
    this.definition = managedDefinition(dir);
    this.prefix = `${normalizedName(ctx.name)}-`;
  }

  static async create(config: ManagerConfig, ctx: PluginContext): Promise<SandboxManager> {
    const dir = ctx.resolvePath('base', config.working_directory);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const manager = new SandboxManager(config, ctx, dir);
    const filters = (ctx as Partial<FilterContext>).filters;
    if (filters) {
      manager.filters = filters;
      // Not from within create(): hekad is still starting its configured filters then, and a filter
      // added during that loop would be started a second time by it. (Started from the next turn of
      // the event loop, a filter configured after this one whose creation takes longer can still race
      // with it: reported to the runtime's maintainers.)
      manager.restoring = new Promise<void>((resolve) => setImmediate(resolve)).then(() => manager.restore(filters));
    }
    return manager;
  }

  /** The managed filters of this manager that run now. */
  private running(filters: DynamicFilters): string[] {
    return filters.names().filter((n) => n.startsWith(this.prefix) && !n.includes('-', this.prefix.length));
  }

  async process(message: Message, fctx: FilterContext): Promise<void> {
    if (this.restoring) await this.restoring;
    try {
      const delta = nowNs() - message.timestamp;
      if (delta >= MAX_SKEW_NS || delta <= -MAX_SKEW_NS) {
        throw new ControlError(`Discarded control message: ${delta / 1_000_000_000n} seconds skew`);
      }
      const action = message.getFieldValue('action');
      if (action === 'load') await this.load(message, fctx.filters);
      else if (action === 'unload') await this.unload(message, fctx.filters);
      else {
        const shown = typeof action === 'string' ? JSON.stringify(action) : String(action);
        this.ctx.logger.warn(`ignored a control message with action ${shown}`);
      }
    } catch (e) {
      this.reject((e as Error).message, fctx);
    }
  }

  /** Logs the refusal and announces it with heka.sandbox-terminated, as Heka did for failed loads. */
  private reject(error: string, fctx: FilterContext): void {
    this.ctx.logger.error(error);
    const notice = new Message({
      type: 'heka.sandbox-terminated',
      logger: 'hekad',
      payload: error,
      fields: [{ name: 'plugin', value: this.ctx.name }],
    });
    try {
      fctx.inject(notice, { fresh: true });
    } catch (e) {
      this.ctx.logger.error(`can't send termination message: ${(e as Error).message}`);
    }
  }

  private async load(message: Message, filters: DynamicFilters): Promise<void> {
    const max = this.config.max_filters;
    if (this.running(filters).length >= max) {
      throw new ControlError(`${this.ctx.name} attempted to load more than ${max} filters`);
    }
    const text = message.getFieldValue('config');
    if (typeof text !== 'string') {
      throw new ControlError('loadSandbox failed: the control message has no Fields[config] string');
    }
    const section = parseSection(text);
    const name = sandboxName(this.ctx.name, section.name);
    if (filters.has(name)) throw new ControlError(`loadSandbox failed: ${name} is already running`);
    this.ctx.logger.info(`Loading: ${name}`);
    const files = filterFiles(this.dir, name);
    try {
      await writeFile(files.config, text, { mode: 0o600 });
      await writeFile(files.script, message.payload, { mode: 0o600 });
      await this.start(filters, name, section, files, 'control message');
    } catch (e) {
      await removeFiles(files);
      throw e;
    }
  }

  private start(
    filters: DynamicFilters,
    name: string,
    section: FilterSection,
    files: FilterFiles,
    source: string,
  ): Promise<void> {
    const table = managedTable(section, this.config, files.script);
    return filters.add({ name, definition: this.definition, table, source });
  }

  private async unload(message: Message, filters: DynamicFilters): Promise<void> {
    const section = message.getFieldValue('name');
    if (typeof section !== 'string') {
      this.ctx.logger.error('unload: the control message has no Fields[name] string');
      return;
    }
    const name = sandboxName(this.ctx.name, section);
    const removed = await filters.remove(name);
    // Also the files of a filter that terminated by itself: unloading it is how to forget it.
    await removeFiles(filterFiles(this.dir, name));
    this.ctx.logger.info(removed ? `Unloaded: ${name}` : `Unload: ${name} is not running; its files are removed`);
  }

  /** Starts every filter this manager persisted in the working directory (Heka's restoreSandboxes). */
  private async restore(filters: DynamicFilters): Promise<void> {
    let entries: string[];
    try {
      entries = (await readdir(this.dir)).sort();
    } catch (e) {
      this.ctx.logger.error(`restoreSandboxes failed: ${(e as Error).message}`);
      return;
    }
    for (const entry of entries) {
      const name = ownConfigFile(this.ctx.name, entry);
      // Still running: this manager restarted while its filters went on.
      if (name === undefined || filters.names().includes(name)) continue;
      const files = filterFiles(this.dir, name);
      try {
        const section = parseSection(await readFile(files.config, 'utf8'));
        this.ctx.logger.info(`Loading: ${name}`);
        await this.start(filters, name, section, files, files.config);
      } catch (e) {
        this.ctx.logger.error(`restoreSandboxes failed: ${name}: ${(e as Error).message}`);
      }
    }
  }

  report(): Record<string, number> {
    return { RunningFilters: this.filters ? this.running(this.filters).length : 0 };
  }

  async stop(): Promise<void> {
    // The managed filters stay persisted: hekad stops them like any filter and they return at start.
    await this.restoring;
  }
}
