/**
 * ProtobufEncoder: the message in Heka's protobuf wire format. A message decoded from protobuf and not
 * changed since is sent as the very bytes it arrived in. Framing (use_framing) is the runtime's job.
 */
import { definePlugin, encodeMessage, NO_OPTIONS } from '@heka/core';

export default definePlugin<'encoder'>({
  type: 'ProtobufEncoder',
  kind: 'encoder',
  description: "Encodes messages in Heka's protobuf format (framed by outputs with use_framing).",
  configSchema: NO_OPTIONS,
  create() {
    return { encode: encodeMessage };
  },
});
