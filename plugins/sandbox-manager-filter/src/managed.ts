/**
 * The plugin managed filters run with: SandboxFilter itself, except that its preservation file lives in
 * the manager's working directory next to the filter's .toml and .lua (Heka's documented layout), so a
 * working directory holds everything needed to restore its filters.
 */
import { definePlugin, type PluginContext, type PluginDefinition } from '@heka/core';
import sandboxFilter from '@heka/plugin-sandbox-filter';
import type { SandboxConfig } from '@heka/sandbox';

/** The base_dir sub-directory @heka/sandbox asks for when it resolves a preservation file. */
const PRESERVATION_DIR = 'sandbox_preservation';

function preservingIn(ctx: PluginContext, workingDirectory: string): PluginContext {
  return {
    ...ctx,
    resolvePath: (root, path) =>
      root === 'base' && path === PRESERVATION_DIR ? workingDirectory : ctx.resolvePath(root, path),
  };
}

/** SandboxFilter, preserving its data in `workingDirectory`. */
export function managedDefinition(workingDirectory: string): PluginDefinition {
  return definePlugin<'filter', SandboxConfig>({
    type: sandboxFilter.type,
    kind: 'filter',
    description: sandboxFilter.description,
    configSchema: sandboxFilter.configSchema,
    ...(sandboxFilter.commonDefaults ? { commonDefaults: sandboxFilter.commonDefaults } : {}),
    create: (config, ctx) => sandboxFilter.create(config, preservingIn(ctx, workingDirectory)),
  }) as unknown as PluginDefinition;
}
