/** What plugin discovery produces: an index of installed plugin packages, read without importing them. */
import type { PluginKind } from '@heka/core';

/** The `heka` key of a plugin package's package.json. */
export interface PluginManifest {
  apiVersion: number;
  type: string;
  kind: PluginKind;
}

export type PluginSource = 'hekad' | 'cwd' | 'plugin_dirs' | 'HEKA_PLUGIN_PATH' | 'builtin';

export interface IndexedPlugin {
  type: string;
  kind: PluginKind;
  apiVersion: number;
  packageName: string;
  version: string;
  /** The package's root directory (absolute, real path). */
  dir: string;
  /** The module to import (resolved from exports["."].import / exports["."] / module / main). */
  entry: string;
  source: PluginSource;
}

export interface PluginIndex {
  /** One entry per type. */
  readonly plugins: ReadonlyMap<string, IndexedPlugin>;
  /** Every node_modules or plugin directory that was searched, in order. */
  readonly searched: readonly string[];
}

/** A package with a `heka` key whose manifest was refused; a config using its type is told why. */
export interface InvalidPlugin {
  packageName: string;
  version: string;
  dir: string;
  source: PluginSource;
  /** heka.type when it is a string, so an unknown-type message can name the rejected package. */
  type: string | undefined;
  reason: string;
}

/** A copy of a package hidden by an earlier copy of the same name (for `hekad plugins list`). */
export interface ShadowedPlugin {
  packageName: string;
  version: string;
  dir: string;
  source: PluginSource;
  /** The directory of the copy that is used instead. */
  shadowedBy: string;
}

/** What indexPlugins returns: the index, plus what it refused or hid, for diagnostics. */
export interface DiscoveryIndex extends PluginIndex {
  readonly invalid: readonly InvalidPlugin[];
  readonly shadowed: readonly ShadowedPlugin[];
  /** Named plugin directories (plugin_dirs, HEKA_PLUGIN_PATH) that do not exist. */
  readonly missing: readonly string[];
}
