/** Errors plugins throw to tell the runtime what to do. */
import { HekaError } from '../errors.js';

/** From an output: delivery failed for now; retry the same message (10 ms → 1 s back-off, forever). */
export class RetryLater extends HekaError {
  override name = 'RetryLater';
  constructor(message: string) {
    super('ERR_HEKA_RETRY_LATER', message);
  }
}

/** The plugin cannot go on: it stops, then the restart policy (retries, can_exit) applies. */
export class PluginFatalError extends HekaError {
  override name = 'PluginFatalError';
  constructor(message: string) {
    super('ERR_HEKA_PLUGIN_FATAL', message);
  }
}

/** A filter's injection was refused by loop protection or an injection limit. */
export class InjectionError extends HekaError {
  override name = 'InjectionError';
  constructor(message: string) {
    super('ERR_HEKA_INJECTION', message);
  }
}
