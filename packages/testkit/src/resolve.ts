/** Validates a config for a plugin exactly as hekad does (schema, common keys, defaults). */
import type { PluginDefinition } from '@heka/core';
import { ConfigError, type ResolvedSection } from '@heka/runtime';
import { validateSection } from '@heka/runtime/config';

export function resolveSection(
  definition: PluginDefinition,
  name: string,
  table: Record<string, unknown>,
): ResolvedSection {
  const { resolved, problems } = validateSection(
    {
      name,
      type: definition.type,
      file: `(test config for ${name})`,
      line: undefined,
      table: { type: definition.type, ...table },
    },
    definition.kind,
    definition.configSchema,
    definition.commonDefaults,
  );
  if (problems.length > 0 || !resolved) throw new ConfigError(problems);
  return resolved;
}

/** The problems hekad would report for this config (empty when valid). */
export function configProblems(definition: PluginDefinition, table: Record<string, unknown>): string[] {
  const { problems } = validateSection(
    {
      name: 'probe',
      type: definition.type,
      file: '(probe)',
      line: undefined,
      table: { type: definition.type, ...table },
    },
    definition.kind,
    definition.configSchema,
    definition.commonDefaults,
  );
  return problems.map((p) => `${p.key ?? ''}: ${p.message}`);
}
