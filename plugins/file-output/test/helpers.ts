import { definePlugin, encodeMessage, type InputContext, Message, NO_OPTIONS } from '@heka/core';

/** PayloadEncoder-like: the payload and a newline. */
export const lineEncoder = definePlugin({
  type: 'LineEncoder',
  kind: 'encoder',
  description: 'payload + newline (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({ encode: (m: Message) => (m.payload === 'skip' ? null : `${m.payload}\n`) }),
});

/** Heka's ProtobufEncoder: the message's protobuf bytes. */
export const protobufEncoder = definePlugin({
  type: 'ProtobufEncoder',
  kind: 'encoder',
  description: 'protobuf (test helper)',
  configSchema: NO_OPTIONS,
  create: () => ({ encode: (m: Message) => encodeMessage(m) }),
});

/** An input the test drives: send() delivers a message with that payload. */
export function controlledInput() {
  const queue: string[] = [];
  let wake: (() => void) | undefined;
  const definition = definePlugin({
    type: 'ControlledInput',
    kind: 'input',
    description: 'delivers what the test sends (test helper)',
    configSchema: NO_OPTIONS,
    create: () => ({
      async run(ctx: InputContext) {
        const aborted = new Promise<void>((r) => ctx.signal.addEventListener('abort', () => r(), { once: true }));
        while (!ctx.signal.aborted) {
          const payload = queue.shift();
          if (payload === undefined) {
            await Promise.race([aborted, new Promise<void>((r) => (wake = r))]);
            continue;
          }
          const d = ctx.deliver(new Message({ type: 'test', payload }));
          if (d) await d;
        }
      },
    }),
  });
  return {
    definition,
    send(...payloads: string[]) {
      queue.push(...payloads);
      wake?.();
    },
  };
}
