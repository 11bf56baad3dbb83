/** Sample data, plugin contexts and the helper plugins the harness runs the plugin under test with. */
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import {
  type DecoderInstance,
  definePlugin,
  type InputContext,
  Message,
  NO_OPTIONS,
  type PluginContext,
  type PluginDefinition,
} from '@heka/core';
import { createLogger } from '@heka/runtime';
import { resolveSection } from './resolve.js';
import type { TestSection } from './test-pipeline.js';

export function sampleMessage(): Message {
  return new Message({
    type: 'nginx.access',
    logger: 'testkit',
    hostname: 'web-01',
    severity: 6,
    payload: '192.168.1.17 - - [24/Nov/2026:10:00:00 +0000] "GET /index.html HTTP/1.1" 200 5120 "-" "Mozilla/5.0"',
    fields: [
      { name: 'status', value: 200n },
      { name: 'request_time', value: 0.012 },
      { name: 'path', value: '/index.html' },
    ],
  });
}

/**
 * The public PluginContext, as hekad gives it to create() (logs kept quiet). `createDecoder` makes the
 * decoders named in `sections` (what a MultiDecoder's subs need), refusing cycles as hekad does.
 */
export function pluginContext(
  definition: PluginDefinition,
  name = 'probe',
  sections: Readonly<Record<string, TestSection>> = {},
  chain: readonly string[] = [name],
): PluginContext {
  const dir = tmpdir();
  return {
    name,
    type: definition.type,
    logger: createLogger({ flags: 0, sink: () => undefined }),
    globals: {
      hostname: 'testkit',
      pid: process.pid,
      baseDir: dir,
      shareDir: dir,
      maxMessageSize: 65536,
      maxMessageLoops: 4,
      maxProcessInject: 1,
      maxTimerInject: 10,
      sampleDenominator: 1000,
      logFlags: 3,
    },
    resolvePath: (_root, path) => (isAbsolute(path) ? path : join(dir, path)),
    createDecoder: async (sub) => {
      if (chain.includes(sub)) throw new Error(`decoder cycle: ${[...chain, sub].join(' → ')}`);
      const s = Object.hasOwn(sections, sub) ? sections[sub] : undefined;
      if (s?.definition.kind !== 'decoder') throw new Error(`no decoder named '${sub}' in the test's sections`);
      const resolved = resolveSection(s.definition, sub, s.config ?? {});
      const ctx = pluginContext(s.definition, sub, sections, [...chain, sub]);
      return (await s.definition.create(resolved.own, ctx)) as DecoderInstance;
    },
  };
}

const waitForAbort = (ctx: InputContext): Promise<void> =>
  new Promise((resolve) => {
    if (ctx.signal.aborted) resolve();
    else ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });

/** Writes lines and a protobuf-ish garbage tail to one stream (exercises a splitter and decoder). */
const bytesInput = definePlugin({
  type: 'TestkitBytesInput',
  kind: 'input',
  description: 'writes sample bytes to one stream (testkit)',
  configSchema: NO_OPTIONS,
  create: () => ({
    async run(ctx: InputContext) {
      const stream = ctx.openStream({ name: 'testkit' });
      const data = new TextEncoder().encode('first line\nsecond line\n\u0000\u001e\u0002\u0008\u0004\u001fxyz\nlast');
      for (let i = 0; i < data.length; i += 7) {
        const r = stream.write(data.subarray(i, i + 7));
        if (r) await r;
      }
      await stream.end();
      await waitForAbort(ctx);
    },
  }),
});

/** Delivers messages (through the input's decoder, if any). */
function messageInput(make: () => Message) {
  return definePlugin({
    type: 'TestkitMessageInput',
    kind: 'input',
    description: 'delivers sample messages (testkit)',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        for (let i = 0; i < 3; i++) {
          const r = ctx.deliver(make());
          if (r) await r;
        }
        await waitForAbort(ctx);
      },
    }),
  });
}

/** Encodes everything it receives with its configured encoder. */
export const encodeOutput = definePlugin({
  type: 'TestkitEncodeOutput',
  kind: 'output',
  description: 'encodes messages with its encoder (testkit)',
  configSchema: NO_OPTIONS,
  create: () => ({
    process(m: Message, ctx) {
      ctx.encode(m);
    },
  }),
});

/** Sections that run the plugin under test (named "under") in a pipeline with what it needs. */
export function lifecycleSections(
  definition: PluginDefinition,
  config: Record<string, unknown>,
  extra: Record<string, TestSection> | undefined,
  message: () => Message,
): Record<string, TestSection> {
  const under = { definition, config };
  const sections: Record<string, TestSection> = { ...extra };
  switch (definition.kind) {
    case 'input':
      sections.under = under;
      break;
    case 'splitter':
      sections.under = under;
      sections.feeder = { definition: bytesInput, config: { splitter: 'under' } };
      break;
    case 'decoder':
      sections.under = under;
      sections.feeder = { definition: messageInput(message), config: { decoder: 'under' } };
      break;
    case 'encoder':
      sections.under = under;
      sections.feeder = { definition: messageInput(message) };
      sections.encoded = { definition: encodeOutput, config: { message_matcher: 'TRUE', encoder: 'under' } };
      break;
    default: {
      const needsMatcher = config.message_matcher === undefined && !definition.commonDefaults?.message_matcher;
      sections.under = { definition, config: needsMatcher ? { ...config, message_matcher: 'TRUE' } : config };
      sections.feeder = { definition: messageInput(message) };
    }
  }
  return sections;
}
