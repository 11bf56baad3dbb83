/**
 * Names and files of managed filters. A filter runs as `<Manager>-<Section>`, each part with its non-word
 * characters replaced by "_" (as Heka's getSandboxName), so each manager has its own namespace even when
 * managers share a working directory; its files there are `<name>.toml`, `<name>.lua` and the sandbox's
 * preservation file.
 */
import { join } from 'node:path';
import { preservationName } from '@heka/sandbox';

/** Non-word characters replaced by "_" (Heka's getNormalizedName). */
export function normalizedName(name: string): string {
  return name.replace(/\W/g, '_');
}

/** The running name of section `section` under manager `manager`. */
export function sandboxName(manager: string, section: string): string {
  return `${normalizedName(manager)}-${normalizedName(section)}`;
}

/**
 * Whether a configuration file in the working directory belongs to this manager: `<manager>-<section>.toml`
 * with both parts normalized (neither contains "-", so another manager's files never match).
 */
export function ownConfigFile(manager: string, file: string): string | undefined {
  const prefix = `${normalizedName(manager)}-`;
  if (!file.startsWith(prefix) || !file.endsWith('.toml')) return undefined;
  const section = file.slice(prefix.length, -'.toml'.length);
  return /^\w*$/.test(section) ? file.slice(0, -'.toml'.length) : undefined;
}

export interface FilterFiles {
  config: string;
  script: string;
  /** Where the sandbox preserves its globals (preserve_data). */
  data: string;
}

export function filterFiles(dir: string, name: string): FilterFiles {
  return {
    config: join(dir, `${name}.toml`),
    script: join(dir, `${name}.lua`),
    data: join(dir, `${preservationName('filter', name)}.data`),
  };
}
