/**
 * Configuration reload (SIGHUP) without dropping messages. Unchanged plugins keep running. Changed and
 * new filters and outputs start first; the router switches to them at once; the replaced ones then
 * process what they had queued before they stop. Changed inputs stop (their messages in flight finish
 * normally) and their replacements start.
 */
import { buildInputRunner, buildMessageRunner } from './build.js';
import type { InputRunner } from './input-runner.js';
import type { MessageRunner } from './message-runner.js';
import type { Pipeline } from './pipeline.js';
import { fingerprint, type PipelinePlan, type PlannedPlugin } from './plan.js';

export interface ReloadSummary {
  added: string[];
  removed: string[];
  changed: string[];
  unchanged: string[];
}

/** A plugin changes when its section does, or when a splitter, decoder or encoder it uses does. */
function changedNames(old: PipelinePlan, next: PipelinePlan): Set<string> {
  const changed = new Set<string>();
  for (const [name, p] of next.plugins) {
    const before = old.plugins.get(name);
    if (before && fingerprint(before) !== fingerprint(p)) changed.add(name);
  }
  const uses = (p: PlannedPlugin): string[] =>
    ['splitter', 'decoder', 'encoder']
      .map((k) => p.section.common[k])
      .filter((v): v is string => typeof v === 'string' && v !== '');
  for (const [name, p] of next.plugins) if (uses(p).some((u) => changed.has(u))) changed.add(name);
  const globalsChanged = JSON.stringify(old.globals) !== JSON.stringify(next.globals);
  if (globalsChanged) for (const name of next.plugins.keys()) if (old.plugins.has(name)) changed.add(name);
  return changed;
}

export async function applyReload(pipeline: Pipeline, next: PipelinePlan): Promise<ReloadSummary> {
  const old = pipeline.plan;
  const changed = changedNames(old, next);
  const added = [...next.plugins.keys()].filter((n) => !old.plugins.has(n));
  const removed = [...old.plugins.keys()].filter((n) => !next.plugins.has(n));
  const unchanged = [...next.plugins.keys()].filter((n) => old.plugins.has(n) && !changed.has(n));
  const replace = new Set([...added, ...changed]);
  const retire = new Set([...removed, ...changed]);
  const deps = pipeline.deps(next);

  // 1. Start new and changed filters/outputs; if any fails, undo and keep the old configuration.
  const started: MessageRunner[] = [];
  try {
    for (const name of replace) {
      const p = next.plugins.get(name) as PlannedPlugin;
      if (p.section.kind !== 'filter' && p.section.kind !== 'output') continue;
      const runner = buildMessageRunner(deps, p);
      await runner.start();
      started.push(runner);
    }
  } catch (e) {
    await Promise.all(started.map((r) => r.stop()));
    throw e;
  }

  // 2. Switch the router at once: kept runners plus the new ones.
  const filters = new Map([...pipeline.filters].filter(([n]) => !retire.has(n)));
  const outputs = new Map([...pipeline.outputs].filter(([n]) => !retire.has(n)));
  for (const r of started) (r.options.kind === 'filter' ? filters : outputs).set(r.name, r);
  const retiredRunners = [...pipeline.filters.values(), ...pipeline.outputs.values()].filter((r) => retire.has(r.name));
  pipeline.filters = filters;
  pipeline.outputs = outputs;
  pipeline.plan = next;
  pipeline.router.setRunners([...filters.values(), ...outputs.values()]);

  // 3. Retired inputs stop; their replacements start.
  const retiredInputs: InputRunner[] = [...pipeline.inputs.values()].filter((r) => retire.has(r.name));
  await Promise.all(retiredInputs.map((r) => r.stop()));
  for (const r of retiredInputs) pipeline.inputs.delete(r.name);
  for (const name of replace) {
    const p = next.plugins.get(name) as PlannedPlugin;
    if (p.section.kind !== 'input') continue;
    const runner = buildInputRunner(deps, p);
    try {
      await runner.start();
      pipeline.inputs.set(name, runner);
    } catch (e) {
      pipeline.logger.error(`reload: input '${name}' cannot start: ${(e as Error).message}`);
    }
  }

  // 4. Retired filters/outputs finish what they had queued, then stop; the others may reopen files.
  await Promise.all(retiredRunners.map((r) => r.finish()));
  const kept = new Set(unchanged);
  for (const r of [...pipeline.filters.values(), ...pipeline.outputs.values(), ...pipeline.inputs.values()]) {
    if (kept.has(r.name)) await r.reopen();
  }
  return { added, removed, changed: [...changed], unchanged };
}
