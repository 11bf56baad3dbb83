/** Errors of plugin discovery: each names the type, the package and its directory when known. */
import { HekaError } from '@heka/core';

export type DiscoveryErrorCode =
  /** Two different packages claim one type. */
  | 'ERR_HEKA_PLUGIN_CONFLICT'
  /** No package provides the type (or only a rejected one does). */
  | 'ERR_HEKA_PLUGIN_UNKNOWN'
  /** The package was found but its code could not be imported or is not a valid definition. */
  | 'ERR_HEKA_PLUGIN_LOAD'
  /** A place to search could not be read (e.g. hekad's own package.json is broken). */
  | 'ERR_HEKA_PLUGIN_INDEX';

export interface DiscoveryErrorDetails {
  pluginType?: string | undefined;
  packageName?: string | undefined;
  dir?: string | undefined;
  cause?: unknown;
}

export class DiscoveryError extends HekaError {
  override name = 'DiscoveryError';
  readonly pluginType: string | undefined;
  readonly packageName: string | undefined;
  readonly dir: string | undefined;
  constructor(code: DiscoveryErrorCode, message: string, details: DiscoveryErrorDetails = {}) {
    super(code, message);
    this.pluginType = details.pluginType;
    this.packageName = details.packageName;
    this.dir = details.dir;
    if (details.cause !== undefined) this.cause = details.cause;
  }
}

/** `name@version`, or the name alone for packages without a version. */
export function packageLabel(p: { packageName: string; version: string }): string {
  return p.version ? `${p.packageName}@${p.version}` : p.packageName;
}
