import { HekaError } from '../errors.js';

/** A plugin definition or configuration that cannot work. */
export class PluginConfigError extends HekaError {
  override name = 'PluginConfigError';
  constructor(message: string) {
    super('ERR_HEKA_PLUGIN_CONFIG', message);
  }
}
