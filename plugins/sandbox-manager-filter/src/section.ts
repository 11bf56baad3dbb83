/**
 * The TOML a control message (or a persisted .toml file) carries: exactly one section, of type
 * SandboxFilter. The section becomes the managed filter's table, with the manager's settings in place of
 * the section's (script file, module directory, limits) and can_exit forced on, as Heka's createRunner.
 */
import TOML from '@iarna/toml';
import type { ManagerConfig } from './options.js';

/** A control message the manager refuses; the message is the heka.sandbox-terminated payload. */
export class ControlError extends Error {
  override name = 'ControlError';
}

export interface FilterSection {
  /** The section name as written. */
  name: string;
  /** Its keys as TOML gave them (including `type` when written). */
  table: Record<string, unknown>;
}

type Table = Record<string, unknown>;
const isTable = (v: unknown): v is Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** Parses the configuration text; throws ControlError when it is not one SandboxFilter section. */
export function parseSection(text: string): FilterSection {
  let doc: Table;
  try {
    doc = TOML.parse(text) as Table;
  } catch (e) {
    throw new ControlError(`loadSandbox failed: ${tomlMessage(e as Error)}`);
  }
  const names = Object.keys(doc);
  if (names.length !== 1) {
    throw new ControlError(
      `loadSandbox failed: the configuration must hold exactly one section, found ${names.length}` +
        (names.length > 0 ? ` (${names.join(', ')})` : ''),
    );
  }
  const name = names[0] as string;
  const table = doc[name];
  if (!isTable(table)) {
    throw new ControlError(`loadSandbox failed: '${name}' is a top-level key, not a [section]`);
  }
  // As in a hekad config, a section without `type` is of the type named like it.
  const type = table.type ?? name;
  if (type !== 'SandboxFilter') {
    const shown = typeof type === 'string' ? type : JSON.stringify(type);
    throw new ControlError(`Plugin must be a SandboxFilter, received ${shown}`);
  }
  return { name, table };
}

/** The table the managed filter runs with: the section, overridden by the manager. */
export function managedTable(section: FilterSection, manager: ManagerConfig, script: string): Table {
  const { type: _type, ...keys } = section.table;
  return {
    ...keys,
    filename: script,
    module_directory: manager.module_directory,
    memory_limit: manager.memory_limit,
    instruction_limit: manager.instruction_limit,
    output_limit: manager.output_limit,
    can_exit: true,
  };
}

/** @iarna/toml's message ("... at row 1, col 4, pos 3") without the source excerpt it appends. */
function tomlMessage(err: Error): string {
  const first = err.message.split('\n')[0] ?? err.message;
  return `TOML: ${first.replace(/:$/, '')}`;
}
