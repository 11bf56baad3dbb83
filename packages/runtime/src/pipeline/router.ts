/**
 * The router: evaluates every filter's and output's matcher (and message_signer) for each message and
 * queues it for the ones that accept it. A full queue makes route() wait (Heka's blocking channels),
 * which is how a slow plugin pushes back on the inputs; injected messages never wait (their filter
 * is paused by the inject pool instead, so a filter can never deadlock on itself).
 */
import type { MessageRunner } from './message-runner.js';
import type { Pack } from './pack.js';

export class Router {
  private runners: readonly MessageRunner[] = [];
  /** Messages routed (report: Router ProcessMessageCount). */
  processed = 0;
  /** Messages that matched nothing. */
  unmatched = 0;

  /** Replaces the set of destinations at once (start-up and reload). */
  setRunners(runners: readonly MessageRunner[]): void {
    this.runners = runners;
  }

  get destinations(): readonly MessageRunner[] {
    return this.runners;
  }

  /** Routes a pack (the caller's hold is handed over). A promise means a destination was full: wait for it. */
  route(pack: Pack): void | Promise<void> {
    this.processed++;
    let waiting: MessageRunner[] | undefined;
    let matched = false;
    for (const r of this.runners) {
      if (!r.accepts(pack)) continue;
      matched = true;
      pack.retain();
      if (!r.offer(pack)) {
        waiting ??= [];
        waiting.push(r);
      }
    }
    if (!matched) this.unmatched++;
    if (waiting === undefined) {
      pack.release();
      return undefined;
    }
    return this.offerWhenRoom(pack, waiting);
  }

  private async offerWhenRoom(pack: Pack, waiting: MessageRunner[]): Promise<void> {
    for (const r of waiting) {
      while (!r.offer(pack)) {
        if (!r.alive) {
          pack.release(); // its plugin is gone: drop our hold for it
          break;
        }
        await r.whenRoom();
      }
    }
    pack.release();
  }

  /** Routes an injected pack without waiting: full queues take it anyway (bounded by the inject pool). */
  inject(pack: Pack): void {
    this.processed++;
    let matched = false;
    for (const r of this.runners) {
      if (!r.accepts(pack)) continue;
      matched = true;
      pack.retain();
      if (!r.offer(pack, true)) pack.release();
    }
    if (!matched) this.unmatched++;
    pack.release();
  }
}
