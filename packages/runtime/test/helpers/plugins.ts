// In-process test plugins: real definitions run by the real pipeline.
import {
  type DynamicFilters,
  definePlugin,
  type FilterContext,
  type InputContext,
  Message,
  NO_OPTIONS,
  PluginFatalError,
  RetryLater,
} from '@heka/core';

/** Delivers `count` messages (type gen, payload "n") then waits to be stopped (or returns if `finish`). */
export function generatorInput(count: number, options: { finish?: boolean; fail?: string } = {}) {
  return definePlugin({
    type: 'GeneratorInput',
    kind: 'input',
    description: 'test: delivers numbered messages',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        for (let i = 0; i < count; i++) {
          if (ctx.signal.aborted) return;
          const r = ctx.deliver(new Message({ type: 'gen', payload: String(i) }));
          if (r) await r;
        }
        if (options.fail) throw new Error(options.fail);
        if (options.finish) return;
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    }),
  });
}

/** Writes the given chunks to one stream (split and decoded by the input's splitter/decoder). */
export function bytesInput(chunks: Uint8Array[], onAck?: (offset: number) => void) {
  return definePlugin({
    type: 'BytesInput',
    kind: 'input',
    description: 'test: writes byte chunks to one stream',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        const stream = ctx.openStream({ name: 'bytes', decorate: (m) => (m.type = 'line'), onAck });
        for (const c of chunks) {
          const r = stream.write(c);
          if (r) await r;
        }
        await stream.end();
        await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
      },
    }),
  });
}

/** Splits after every newline (the delimiter stays at the end of the record, as TokenSplitter does). */
export const lineSplitter = definePlugin({
  type: 'LineSplitter',
  kind: 'splitter',
  description: 'test: newline splitter',
  configSchema: NO_OPTIONS,
  create: () => ({
    findRecord(buf: Uint8Array) {
      const i = buf.indexOf(0x0a);
      return i < 0 ? { consumed: 0 } : { consumed: i + 1, record: buf.subarray(0, i + 1) };
    },
  }),
});

/** Upper-cases the payload; fails on payloads containing "bad"; makes two messages of "double". */
export const upperDecoder = definePlugin({
  type: 'UpperDecoder',
  kind: 'decoder',
  description: 'test decoder',
  configSchema: NO_OPTIONS,
  create: () => ({
    decode(pack) {
      const m = pack.message;
      if (m.payload.includes('bad')) throw new Error(`cannot decode ${JSON.stringify(m.payload.trim())}`);
      m.payload = m.payload.toUpperCase();
      if (m.payload.startsWith('DOUBLE')) return [m, new Message({ type: 'extra', payload: 'second' })];
      return m;
    },
  }),
});

export interface Collected {
  messages: Message[];
  stopped: boolean;
}

/** Keeps every message it receives; optional delay per message (a slow output). */
export function collectingOutput(into: Collected, delayMs = 0, type = 'CollectOutput') {
  return definePlugin({
    type,
    kind: 'output',
    description: 'test: collects messages',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message) {
        if (delayMs === 0) {
          into.messages.push(m);
          return undefined;
        }
        return new Promise<void>((resolve) =>
          setTimeout(() => {
            into.messages.push(m);
            resolve();
          }, delayMs),
        );
      },
      stop() {
        into.stopped = true;
      },
    }),
  });
}

/** Fails the first `failures` deliveries with RetryLater, then collects. */
export function flakyOutput(into: Collected, failures: number) {
  let left = failures;
  return definePlugin({
    type: 'FlakyOutput',
    kind: 'output',
    description: 'test: retry later',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message) {
        if (left-- > 0) throw new RetryLater('not yet');
        into.messages.push(m);
      },
    }),
  });
}

/** Throws PluginFatalError on the message with payload `at`, once per instance generation up to `times`. */
export function fatalOutput(into: Collected, at: string, times: number, counter: { creates: number }) {
  let fatalsLeft = times;
  return definePlugin({
    type: 'FatalOutput',
    kind: 'output',
    description: 'test: fatal errors',
    configSchema: NO_OPTIONS,
    create: () => {
      counter.creates++;
      return {
        process(m: Message) {
          if (m.payload === at && fatalsLeft > 0) {
            fatalsLeft--;
            throw new PluginFatalError('boom');
          }
          into.messages.push(m);
        },
      };
    },
  });
}

/** Injects a message of type `type` for every message it gets (and counts refusals). */
export function injectingFilter(type: string, refused: string[]) {
  return definePlugin({
    type: 'InjectFilter',
    kind: 'filter',
    description: 'test: injects',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(m: Message, ctx) {
        try {
          ctx.inject(new Message({ type, payload: `from ${m.payload}` }));
        } catch (e) {
          refused.push((e as Error).message);
        }
      },
    }),
  });
}

/** Hands its FilterContext.filters (the dynamic filters) to the test on the first message it gets. */
export function managerFilter(got: (filters: DynamicFilters) => void) {
  return definePlugin({
    type: 'ManagerFilter',
    kind: 'filter',
    description: 'test: exposes dynamic filters',
    configSchema: NO_OPTIONS,
    create: () => ({
      process(_m: Message, fctx: FilterContext) {
        got(fctx.filters);
      },
    }),
  });
}
