/**
 * RstEncoder: a reStructuredText rendering of a whole message (every header, then every field with
 * its type, values and representation), exactly as Heka writes it. For debugging, e.g. with LogOutput.
 */
import { definePlugin, type Field, type Message, NO_OPTIONS, toBase64 } from '@heka/core';
import { formatGoFloat, GoTime } from '@heka/go-time';

function valueText(f: Field, v: Field['value'][number]): string {
  switch (f.valueType) {
    case 'string':
      return `"${v as string}"`;
    case 'bytes':
      return toBase64(v as Uint8Array);
    case 'double':
      return formatGoFloat(v as number);
    default:
      return String(v);
  }
}

/** `    | name:"n" type:t value:v` (several values as [a,b]; none as []) and the representation if any. */
function fieldLine(f: Field): string {
  const values = f.value;
  let out = `    | name:"${f.name}" type:${f.valueType} value:`;
  if (values.length === 1) out += valueText(f, values[0] as Field['value'][number]);
  else {
    out += '[';
    for (let i = 0; i < values.length; i++) {
      if (i > 0) out += ',';
      out += valueText(f, values[i] as Field['value'][number]);
    }
    out += ']';
  }
  if (f.representation !== '') out += ` representation:"${f.representation}"`;
  return `${out}\n`;
}

export function renderRst(m: Message): string {
  // The timestamp as Go's time.Unix(0, ns).UTC().String(): "2006-01-02 15:04:05.999999999 +0000 UTC".
  let out =
    `\n:Timestamp: ${GoTime.fromUnixNano(m.timestamp).toString()}\n` +
    `:Type: ${m.type}\n` +
    `:Hostname: ${m.hostname}\n` +
    `:Pid: ${m.pid}\n` +
    `:Uuid: ${m.uuidString}\n` +
    `:Logger: ${m.logger}\n` +
    `:Payload: ${m.payload}\n` +
    `:EnvVersion: ${m.envVersion}\n` +
    `:Severity: ${m.severity}\n`;
  const fields = m.fields;
  if (fields.length > 0) {
    out += ':Fields:\n';
    for (let i = 0; i < fields.length; i++) out += fieldLine(fields[i] as Field);
  }
  return `${out}\n`;
}

export default definePlugin<'encoder'>({
  type: 'RstEncoder',
  kind: 'encoder',
  description: 'Encodes a human-readable reStructuredText rendering of every header and field (for debugging).',
  configSchema: NO_OPTIONS,
  create() {
    return { encode: renderRst };
  },
});
