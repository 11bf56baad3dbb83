/**
 * SandboxEncoder: an encoder written in Lua (Heka's sandboxed encoders, e.g. lua_encoders/es_payload.lua).
 * The output is what process_message injects (inject_payload or inject_message), or the message as
 * protobuf when it injects nothing; returning -2 skips the message.
 */
import { definePlugin } from '@heka/core';
import { type SandboxConfig, SandboxEncoderInstance, sandboxSchema } from '@heka/sandbox';

export default definePlugin<'encoder', SandboxConfig>({
  type: 'SandboxEncoder',
  kind: 'encoder',
  description: 'Encodes messages with a Lua script: the bytes it injects, or the message as protobuf.',
  configSchema: sandboxSchema('encoder'),
  create: (config, ctx) => SandboxEncoderInstance.create(config, ctx),
});
