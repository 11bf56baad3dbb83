/**
 * SandboxDecoder: a decoder written in Lua (Heka's sandboxed decoders, e.g. lua_decoders/nginx_access.lua).
 * process_message parses the record's message with read_message and writes it with write_message or
 * replaces it with inject_message; a negative status is a decode failure.
 */
import { definePlugin } from '@heka/core';
import { type SandboxConfig, SandboxDecoderInstance, sandboxSchema } from '@heka/sandbox';

export default definePlugin<'decoder', SandboxConfig>({
  type: 'SandboxDecoder',
  kind: 'decoder',
  description: 'Decodes records with a Lua script (process_message, read_message, write_message, inject_message).',
  configSchema: sandboxSchema('decoder'),
  create: (config, ctx) => SandboxDecoderInstance.create(config, ctx),
});
