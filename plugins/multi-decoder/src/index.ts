/**
 * MultiDecoder: runs other decoders (its subs) on each record (Heka's pipeline/multidecoder.go).
 * "first-wins" tries them in order until one succeeds; "all" runs every one over what the previous
 * ones produced. Either way the record fails only when no sub succeeds.
 */
import {
  type DecodeResult,
  type DecoderInstance,
  type DecoderPack,
  definePlugin,
  type Logger,
  Message,
  PluginConfigError,
  type PluginContext,
} from '@heka/core';

export type MultiDecoderConfig = {
  subs: string[];
  cascade_strategy: 'first-wins' | 'all';
  log_sub_errors: boolean;
};

/** Heka's error when no sub succeeds. */
export const ALL_FAILED = 'All subdecoders failed.';

type Maybe<T> = T | Promise<T>;

const isPromise = <T>(v: Maybe<T>): v is Promise<T> => typeof (v as Promise<T>)?.then === 'function';

/** The messages of a result: undefined means the sub failed ("nothing"); [] is a success with none. */
function messagesOf(r: DecodeResult): readonly Message[] | undefined {
  if (r === null || r === undefined) return undefined;
  return r instanceof Message ? [r] : r;
}

class Cascade {
  constructor(
    private readonly subs: readonly DecoderInstance[],
    private readonly names: readonly string[],
    private readonly logger: Logger,
    private readonly logSubErrors: boolean,
  ) {}

  /** A sub failed: Heka logs only real errors, and only with log_sub_errors. */
  failed(i: number, error: unknown): void {
    if (error === undefined || !this.logSubErrors) return;
    const reason = error instanceof Error ? error.message : String(error);
    this.logger.error(`Subdecoder '${this.names[i]}' decode error: ${reason}`);
  }

  /** first-wins from sub `from` on: the first result that is not "nothing". */
  firstWins(pack: DecoderPack, ctx: PluginContext, from: number): Maybe<DecodeResult> {
    for (let i = from; i < this.subs.length; i++) {
      let r: Maybe<DecodeResult>;
      try {
        r = (this.subs[i] as DecoderInstance).decode(pack, ctx);
      } catch (e) {
        this.failed(i, e);
        continue;
      }
      if (isPromise(r)) {
        return r.then(
          (v) => (messagesOf(v) ? v : this.firstWins(pack, ctx, i + 1)),
          (e: unknown) => {
            this.failed(i, e);
            return this.firstWins(pack, ctx, i + 1);
          },
        );
      }
      if (messagesOf(r)) return r;
    }
    throw new Error(ALL_FAILED);
  }

  /**
   * all: each sub decodes every pack the previous subs produced; a pack a sub fails on goes on
   * unchanged. Synchronous until a sub answers with a promise.
   */
  all(pack: DecoderPack, ctx: PluginContext): Maybe<DecodeResult> {
    const state: AllState = { sub: 0, index: 0, packs: [pack], next: [], any: false };
    return this.runAll(state, ctx);
  }

  private runAll(s: AllState, ctx: PluginContext): Maybe<DecodeResult> {
    for (; s.sub < this.subs.length; s.sub++, s.index = 0, s.packs = s.next, s.next = []) {
      const sub = this.subs[s.sub] as DecoderInstance;
      for (; s.index < s.packs.length; s.index++) {
        const p = s.packs[s.index] as DecoderPack;
        let r: Maybe<DecodeResult>;
        try {
          r = sub.decode(p, ctx);
        } catch (e) {
          this.take(s, p, undefined, e);
          continue;
        }
        if (isPromise(r)) {
          return r.then(
            (v) => this.resume(s, p, v, undefined, ctx),
            (e: unknown) => this.resume(s, p, undefined, e, ctx),
          );
        }
        this.take(s, p, r, undefined);
      }
    }
    if (!s.any) throw new Error(ALL_FAILED);
    return s.packs.map((p) => p.message);
  }

  private resume(s: AllState, p: DecoderPack, r: DecodeResult, error: unknown, ctx: PluginContext) {
    this.take(s, p, r, error);
    s.index++;
    return this.runAll(s, ctx);
  }

  /** Records one sub's answer for one pack. */
  private take(s: AllState, p: DecoderPack, r: DecodeResult, error: unknown): void {
    const out = error === undefined ? messagesOf(r) : undefined;
    if (out === undefined) {
      this.failed(s.sub, error);
      s.next.push(p);
      return;
    }
    s.any = true;
    for (const message of out) {
      // The record's bytes and signer stay with everything made from it.
      s.next.push(message === p.message ? p : { message, bytes: p.bytes, signer: p.signer });
    }
  }
}

interface AllState {
  sub: number;
  index: number;
  packs: DecoderPack[];
  next: DecoderPack[];
  any: boolean;
}

export default definePlugin<'decoder', MultiDecoderConfig>({
  type: 'MultiDecoder',
  kind: 'decoder',
  description: 'Runs other decoders on each record: the first that succeeds, or all of them in turn.',
  configSchema: {
    type: 'object',
    required: ['subs'],
    properties: {
      subs: {
        type: 'array',
        items: { type: 'string', minLength: 1 },
        minItems: 1,
        description: 'Names of the decoder sections to run, in order (at least one).',
      },
      cascade_strategy: {
        enum: ['first-wins', 'all'],
        default: 'first-wins',
        description: '"first-wins": stop at the first sub that succeeds; "all": run every sub in turn.',
      },
      log_sub_errors: {
        type: 'boolean',
        default: false,
        description: 'Log the error of each sub that fails (the record still succeeds if another sub does).',
      },
    },
  },
  async create(config, ctx) {
    const subs: DecoderInstance[] = [];
    try {
      for (const name of config.subs) {
        try {
          subs.push(await ctx.createDecoder(name));
        } catch (e) {
          throw new PluginConfigError(`subs: cannot make subdecoder '${name}': ${(e as Error).message}`);
        }
      }
    } catch (e) {
      await Promise.allSettled(subs.map((s) => s.stop?.()));
      throw e;
    }
    const cascade = new Cascade(subs, config.subs, ctx.logger, config.log_sub_errors);
    let stopped = false;
    return {
      decode:
        config.cascade_strategy === 'all'
          ? (pack: DecoderPack, c: PluginContext) => cascade.all(pack, c)
          : (pack: DecoderPack, c: PluginContext) => cascade.firstWins(pack, c, 0),
      async stop() {
        if (stopped) return;
        stopped = true;
        const results = await Promise.allSettled(subs.map((s) => s.stop?.()));
        results.forEach((r, i) => {
          if (r.status === 'rejected') ctx.logger.error(`stopping subdecoder '${config.subs[i]}' failed: ${r.reason}`);
        });
      },
    };
  },
});
