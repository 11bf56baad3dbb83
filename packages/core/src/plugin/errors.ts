/** Errors plugins throw to tell the runtime what to do. */
import { HekaError } from '../errors.js';

/** From an output: delivery failed for now; retry the same message (10 ms → 1 s back-off, forever). */
export class RetryLater extends HekaError {
  override name = 'RetryLater';
  constructor(message: string) {
    super('ERR_HEKA_RETRY_LATER', message);
  }
}

export interface PluginFatalOptions {
  /**
   * The plugin has already announced its own end (a sandbox's `heka.sandbox-terminated`): the runtime
   * does not inject its `heka.terminated` notice on top (Heka's TerminatedError).
   */
  terminationReported?: boolean;
}

/**
 * The plugin cannot go on: it stops, then the restart policy (retries, can_exit) applies. Thrown by a
 * decoder it shuts hekad down, as Heka did for a decoder that can no longer decode.
 */
export class PluginFatalError extends HekaError {
  override name = 'PluginFatalError';
  readonly terminationReported: boolean;
  constructor(message: string, options: PluginFatalOptions = {}) {
    super('ERR_HEKA_PLUGIN_FATAL', message);
    this.terminationReported = options.terminationReported === true;
  }
}

/** Why an injection was refused. */
export type InjectionRefusal =
  /** The message has been through max_message_loops generations of injection already. */
  | 'loop'
  /** The injecting filter's own message_matcher accepts it: it would feed itself. */
  | 'own-matcher'
  /** A per-call limit (max_process_inject, max_timer_inject) was reached. */
  | 'limit'
  /** What was injected is not a message. */
  | 'invalid';

/** A filter's injection was refused by loop protection or an injection limit. */
export class InjectionError extends HekaError {
  override name = 'InjectionError';
  constructor(
    message: string,
    readonly reason: InjectionRefusal = 'loop',
  ) {
    super('ERR_HEKA_INJECTION', message);
  }
}
