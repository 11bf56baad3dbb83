/**
 * What config loading produces. Loading (files, %ENV[], TOML, [hekad]) and validating plugin sections
 * against their schemas are separate steps: sections are validated once their plugin is discovered.
 */
import type { PluginKind } from '@heka/core';

/** The validated `[hekad]` section with Heka's defaults (names in camelCase; durations in ms or ns as noted). */
export interface Globals {
  maxprocs: number;
  poolsize: number;
  pluginChansize: number;
  maxMessageLoops: number;
  maxProcessInject: number;
  maxTimerInject: number;
  /** Nanoseconds. */
  maxProcessDuration: number;
  /** Milliseconds (Heka's max_pack_idle duration string, default "2m"). */
  maxPackIdle: number;
  baseDir: string;
  shareDir: string;
  sampleDenominator: number;
  pidFile: string;
  hostname: string;
  maxMessageSize: number;
  logFlags: number;
  fullBufferMaxRetries: number;
  cpuprof: string;
  memprof: string;
  /** Extension: extra directories to search for plugin packages (`plugin_dirs`), resolved to absolute paths. */
  pluginDirs: string[];
}

/** One plugin section as written (before its plugin's schema is known). */
export interface PluginSection {
  /** The section (instance) name. */
  name: string;
  /** `type`, or the section name when omitted. */
  type: string;
  /** The file it came from (absolute path). */
  file: string;
  /** 1-based line of the `[name]` header in that file, when known. */
  line: number | undefined;
  /** The section's keys as parsed (TOML values: strings, numbers, booleans, arrays, tables, dates). */
  table: Readonly<Record<string, unknown>>;
}

export interface LoadedConfig {
  globals: Globals;
  /** In load order (files by name, sections in file order). A later section with the same name replaces an earlier one. */
  sections: PluginSection[];
  /** Files read, in order. */
  files: string[];
}

/** A plugin section validated against the common keys of its kind and its plugin's own schema. */
export interface ResolvedSection {
  name: string;
  type: string;
  kind: PluginKind;
  file: string;
  line: number | undefined;
  /** Runtime-owned keys of the kind, with defaults applied (snake_case as in TOML). */
  common: Readonly<Record<string, unknown>>;
  /** The plugin's own keys, with defaults applied: what create() receives. */
  own: Readonly<Record<string, unknown>>;
}
