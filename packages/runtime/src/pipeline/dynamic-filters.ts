/**
 * Filters added and removed while hekad runs (SandboxManagerFilter). A dynamic section is validated
 * exactly like a configured one, runs like one, survives reloads (it is not in the configuration), and
 * is announced with `heka.terminated` ("Filter unloaded.") when removed, as Heka did.
 */
import { type DynamicFilterSpec, type DynamicFilters, Message, PluginConfigError } from '@heka/core';
import { ConfigError } from '../config/errors.js';
import { validateSection } from '../config/validate.js';
import { buildMessageRunner } from './build.js';
import type { MessageRunner } from './message-runner.js';
import type { Pipeline } from './pipeline.js';
import type { PlannedPlugin } from './plan.js';

export class PipelineFilters implements DynamicFilters {
  /** The dynamic filters that run, by name. */
  readonly planned = new Map<string, PlannedPlugin>();

  constructor(private readonly pipeline: Pipeline) {}

  has(name: string): boolean {
    const p = this.pipeline;
    return p.plan.plugins.has(name) || p.filters.has(name) || p.outputs.has(name) || p.inputs.has(name);
  }

  names(): string[] {
    return [...this.planned.keys()];
  }

  async add(spec: DynamicFilterSpec): Promise<void> {
    const { name, definition, table, source } = spec;
    if (definition.kind !== 'filter') {
      throw new PluginConfigError(`${source} [${name}]: ${definition.type} is not a filter`);
    }
    this.refuseIfTaken(name, source);
    const { type: _type, ...keys } = table;
    const { resolved, problems } = validateSection(
      { name, type: definition.type, file: source, line: undefined, table: keys },
      'filter',
      definition.configSchema,
      definition.commonDefaults,
    );
    if (!resolved || problems.length > 0) throw new ConfigError(problems);
    const planned: PlannedPlugin = { section: resolved, definition };
    const runner = buildMessageRunner(this.pipeline.deps(), planned, true);
    await runner.start();
    // Checked again: a reload or another add may have taken the name while the instance was created.
    try {
      this.refuseIfTaken(name, source);
    } catch (e) {
      await runner.stop();
      throw e;
    }
    this.planned.set(name, planned);
    this.pipeline.filters.set(name, runner);
    this.pipeline.routeToCurrentRunners();
    this.pipeline.logger.info(`filter '${name}' (${definition.type}) added by ${source}`);
  }

  private refuseIfTaken(name: string, source: string): void {
    if (this.pipeline.stopping) throw new PluginConfigError(`${source} [${name}]: hekad is stopping`);
    if (this.has(name)) {
      throw new PluginConfigError(`${source} [${name}]: a plugin named '${name}' is already running`);
    }
  }

  async remove(name: string): Promise<boolean> {
    const runner = this.pipeline.filters.get(name);
    if (!runner || !this.planned.has(name)) return false;
    this.forget(runner);
    await runner.finish();
    this.pipeline.injectSystem(
      new Message({
        type: 'heka.terminated',
        logger: 'hekad',
        hostname: this.pipeline.plan.globals.hostname,
        payload: `${name} (type ${runner.options.type}) terminated. Error: Filter unloaded.`,
        fields: [{ name: 'plugin', value: name }],
      }),
    );
    return true;
  }

  /** The filter stopped by itself or is being removed: the router no longer feeds it. */
  forget(runner: MessageRunner): void {
    if (!this.planned.delete(runner.name)) return;
    if (this.pipeline.filters.get(runner.name) === runner) this.pipeline.filters.delete(runner.name);
    this.pipeline.routeToCurrentRunners();
  }
}
