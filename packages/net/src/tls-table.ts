/**
 * A `tls` sub-table read outside hekad's config loader (the client tools' own TOML files), checked
 * against TLS_SCHEMA with its defaults applied. `fail(key, why)` throws the caller's typed error.
 */
import type { JsonSchema } from '@heka/core';
import { TLS_SCHEMA, type TlsConfig } from './tls-schema.js';

const show = (v: unknown): string => (typeof v === 'bigint' ? String(v) : (JSON.stringify(v) ?? String(v)));

const isTable = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** `value` (absent means an empty table) as a TlsConfig; a bad key calls `fail` with its name. */
export function readTlsTable(value: unknown, fail: (key: string | undefined, why: string) => never): TlsConfig {
  const t = value ?? {};
  if (!isTable(t)) return fail(undefined, `must be a table, got ${show(t)}`);
  const props = TLS_SCHEMA.properties ?? {};
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(t)) if (!(k in props)) fail(k, `unknown key (known: ${Object.keys(props).join(', ')})`);
  for (const [k, schema] of Object.entries(props)) {
    const v = t[k] ?? schema.default;
    if (v === undefined) continue;
    const why = check(schema, v);
    if (why) fail(k, why);
    out[k] = v;
  }
  return out as unknown as TlsConfig;
}

/** The few JSON Schema rules the tls table uses: type, enum, array items. */
function check(schema: JsonSchema, value: unknown): string | undefined {
  if (schema.enum && !schema.enum.includes(value)) {
    return `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}, got ${show(value)}`;
  }
  if (schema.type === 'array') {
    if (!Array.isArray(value)) return `must be an array, got ${show(value)}`;
    for (const item of value) {
      const why = schema.items ? check(schema.items, item) : undefined;
      if (why) return why;
    }
    return undefined;
  }
  if (schema.type && schema.type !== typeof value) return `must be a ${schema.type}, got ${show(value)}`;
  return undefined;
}
