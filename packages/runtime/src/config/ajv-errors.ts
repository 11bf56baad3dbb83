/** Turns ajv's errors into config problems with TOML key paths (`retries.delay`, `servers[1].port`) and plain words. */
import type { ErrorObject } from 'ajv';
import { describeValue, expectedType, unknownKeyMessage } from './values.js';

/** One problem before file, section and line are attached. */
export interface KeyProblem {
  key: string | undefined;
  message: string;
}

export interface ErrorContext {
  /** Plugin type, for "unknown key 'x' for TcpInput". */
  type: string;
  /** The section as written (TOML datetimes still Dates), to describe what the user wrote. */
  original: unknown;
  /** The data ajv validated (with defaults), to tell arrays from tables along a path. */
  data: unknown;
  /** JSON pointers of values that were BigInts; their range is reported separately. */
  skip: ReadonlySet<string>;
}

const unescapePointer = (s: string): string => s.replace(/~1/g, '/').replace(/~0/g, '~');

function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map(unescapePointer);
}

function at(root: unknown, segs: readonly string[]): unknown {
  let cur = root;
  for (const s of segs) cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[s] : undefined;
  return cur;
}

/** `retries.delay`, `servers[1].port`: TOML-ish, array indexes in brackets. */
export function keyPath(root: unknown, segs: readonly string[]): string | undefined {
  let out = '';
  let cur = root;
  for (const s of segs) {
    out += Array.isArray(cur) ? `[${s}]` : out === '' ? s : `.${s}`;
    cur = typeof cur === 'object' && cur !== null ? (cur as Record<string, unknown>)[s] : undefined;
  }
  return out === '' ? undefined : out;
}

/** The key path of a JSON pointer into `root`. */
export function pointerKey(root: unknown, pointer: string): string | undefined {
  return keyPath(root, segments(pointer));
}

function message(e: ErrorObject, ctx: ErrorContext, segs: string[]): string {
  const written = at(ctx.original, segs);
  const got = describeValue(written === undefined ? e.data : written);
  const schema = (e.parentSchema ?? {}) as Record<string, unknown>;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'type': {
      const hint = written instanceof Date ? ' (a TOML datetime is only accepted where a string is)' : '';
      return `must be ${expectedType(p.type as string | string[])}, got ${got}${hint}`;
    }
    case 'enum':
      return `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${got}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}, got ${got}`;
    case 'x-heka-doc-type':
    case 'pattern':
      return schema['x-heka-doc-type'] === 'duration'
        ? `must be a duration such as "250ms", "1m30s" or "0", got ${got}`
        : `must match the pattern ${String(p.pattern)}, got ${got}`;
    case 'format':
      return `must be a valid ${String(p.format)}, got ${got}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `must be ${String(p.comparison)} ${String(p.limit)}, got ${got}`;
    default:
      return `${e.message ?? 'is invalid'}, got ${got}`;
  }
}

/** Maps ajv errors (allErrors) to problems, folding anyOf/oneOf branches into one problem each. */
export function problemsFromAjv(errors: readonly ErrorObject[], ctx: ErrorContext): KeyProblem[] {
  const alternatives = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const branchOf = (e: ErrorObject): ErrorObject | undefined =>
    alternatives.find((a) => a !== e && e.schemaPath.startsWith(`${a.schemaPath}/`));
  const out: KeyProblem[] = [];
  const seen = new Set<string>();
  const push = (key: string | undefined, text: string): void => {
    const id = `${key}\0${text}`;
    if (!seen.has(id)) out.push({ key, message: text });
    seen.add(id);
  };
  for (const e of errors) {
    // `if` only says "must match then"; the `then` errors themselves are reported.
    if (e.keyword === 'if' || branchOf(e)) continue;
    const segs = segments(e.instancePath);
    const schema = (e.parentSchema ?? {}) as { properties?: Record<string, { description?: string }> };
    if (e.keyword === 'additionalProperties') {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const owner = segs.length === 0 ? `for ${ctx.type}` : `in ${keyPath(ctx.data, segs)}`;
      push(keyPath(ctx.data, [...segs, extra]), unknownKeyMessage(extra, owner, Object.keys(schema.properties ?? {})));
    } else if (e.keyword === 'required') {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const about = schema.properties?.[missing]?.description;
      push(keyPath(ctx.data, [...segs, missing]), `missing required key '${missing}'${about ? ` (${about})` : ''}`);
    } else if (e.keyword === 'anyOf' || e.keyword === 'oneOf') {
      const branches = errors.filter((b) => branchOf(b) === e).map((b) => message(b, ctx, segments(b.instancePath)));
      const detail = [...new Set(branches)].join('; ');
      const text =
        e.keyword === 'oneOf' && (e.params as { passingSchemas?: unknown }).passingSchemas
          ? 'matches more than one allowed form'
          : 'does not match any allowed form';
      push(keyPath(ctx.data, segs), detail ? `${text}: ${detail}` : text);
    } else if (!ctx.skip.has(e.instancePath)) {
      push(keyPath(ctx.data, segs), message(e, ctx, segs));
    }
  }
  return out;
}
