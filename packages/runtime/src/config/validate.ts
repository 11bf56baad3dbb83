/**
 * Validates one plugin section against the common keys of its kind plus the plugin's own schema (ajv,
 * strict: unknown keys are errors), applies defaults and splits the result into runtime-owned keys and
 * the plugin's own config.
 */
import {
  COMMON_KEYS,
  type ConfigSchema,
  compileMatcher,
  isCommonKey,
  type JsonSchema,
  kindOfTypeName,
  kindSuffix,
  MatcherSyntaxError,
  type PluginKind,
} from '@heka/core';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { pointerKey, problemsFromAjv } from './ajv-errors.js';
import { parseDuration } from './duration.js';
import type { ConfigProblem } from './errors.js';
import type { PluginSection, ResolvedSection } from './types.js';
import { tomlDateToString } from './values.js';

// ajv-formats is CommonJS; under NodeNext its default import is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

function isDuration(text: string): boolean {
  try {
    parseDuration(text);
    return true;
  } catch {
    return false;
  }
}

let sharedAjv: Ajv | undefined;
function ajv(): Ajv {
  if (!sharedAjv) {
    sharedAjv = new Ajv({ strict: true, allErrors: true, useDefaults: true, verbose: true, allowUnionTypes: true });
    addFormats(sharedAjv);
    // Documentation for `hekad plugins describe`; "duration" values must also parse as Go would.
    sharedAjv.addKeyword({
      keyword: 'x-heka-doc-type',
      schemaType: 'string',
      errors: true,
      validate: (docType: string, data: unknown) =>
        docType !== 'duration' || typeof data !== 'string' || isDuration(data),
    });
  }
  return sharedAjv;
}

type Defaults = Readonly<Record<string, unknown>>;

/**
 * The one object schema a section is validated against: common keys of the kind (with the plugin's
 * commonDefaults) plus the plugin's own keys. Also lists mistakes in commonDefaults (plugin bugs).
 */
export function mergeSchema(
  kind: PluginKind,
  ownSchema: ConfigSchema,
  commonDefaults?: Defaults,
): { schema: JsonSchema; mistakes: string[] } {
  const common: Record<string, JsonSchema> = {};
  for (const [key, schema] of Object.entries(COMMON_KEYS[kind])) {
    // Sub-tables default to {} so their own defaults are filled in even when the table is absent.
    common[key] = schema.type === 'object' && schema.default === undefined ? { ...schema, default: {} } : schema;
  }
  const mistakes: string[] = [];
  for (const [key, value] of Object.entries(commonDefaults ?? {})) {
    if (!isCommonKey(kind, key)) {
      mistakes.push(`it gives a default for '${key}', which is not a common ${kind} key`);
    } else if (key === 'use_framing' && typeof value !== 'boolean') {
      // 'protobuf' is decided after validation, from the encoder.
      if (value !== 'protobuf') mistakes.push("its use_framing default must be true, false or 'protobuf'");
    } else {
      common[key] = { ...(common[key] as JsonSchema), default: value };
    }
  }
  const { properties, required, additionalProperties, ...rest } = ownSchema as ConfigSchema & Record<string, unknown>;
  delete rest.$id;
  delete rest.$schema;
  const schema: JsonSchema = {
    ...rest,
    type: 'object',
    properties: { ...common, ...properties },
    additionalProperties: additionalProperties ?? false,
  };
  if (required) schema.required = required;
  return { schema, mistakes };
}

interface Compiled {
  validate: ValidateFunction | undefined;
  mistakes: string[];
}

// Per own schema object (weak: plugins can be unloaded), then kind, then commonDefaults object.
const compiled = new WeakMap<ConfigSchema, Map<PluginKind, Map<Defaults | undefined, Compiled>>>();

function validatorFor(kind: PluginKind, ownSchema: ConfigSchema, commonDefaults?: Defaults): Compiled {
  const byKind = compiled.get(ownSchema) ?? new Map<PluginKind, Map<Defaults | undefined, Compiled>>();
  compiled.set(ownSchema, byKind);
  const byDefaults = byKind.get(kind) ?? new Map<Defaults | undefined, Compiled>();
  byKind.set(kind, byDefaults);
  let entry = byDefaults.get(commonDefaults);
  if (!entry) {
    const { schema, mistakes } = mergeSchema(kind, ownSchema, commonDefaults);
    let validate: ValidateFunction | undefined;
    try {
      validate = ajv().compile(schema);
    } catch (err) {
      mistakes.push(`its config schema is invalid: ${(err as Error).message}`);
    }
    entry = { validate, mistakes };
    byDefaults.set(commonDefaults, entry);
  }
  return entry;
}

/** Plain assignment would treat a TOML key "__proto__" as the prototype; TOML keys are just data. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A deep copy ajv can work on: TOML datetimes become ISO strings, BigInts numbers (their pointers noted). */
function plain(value: unknown, pointer: string, bigints: Map<string, bigint>): unknown {
  if (value instanceof Date) return tomlDateToString(value);
  if (typeof value === 'bigint') {
    bigints.set(pointer, value);
    return Number(value);
  }
  if (Array.isArray(value)) return value.map((v, i) => plain(v, `${pointer}/${i}`, bigints));
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      setOwn(out, k, plain(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, bigints));
    }
    return out;
  }
  return value;
}

/** The matcher problem for filters and outputs, if any (Heka: "'<name>' missing message matcher"). */
function matcherProblem(name: string, matcher: unknown): string | undefined {
  if (matcher === undefined || matcher === '') {
    return `'${name}' missing message matcher: set message_matcher to say which messages it receives (e.g. "TRUE")`;
  }
  if (typeof matcher !== 'string') return undefined; // already a type error
  try {
    compileMatcher(matcher);
    return undefined;
  } catch (err) {
    if (err instanceof MatcherSyntaxError) {
      return `syntax error at column ${err.column}: ${err.reason} (in ${JSON.stringify(matcher)})`;
    }
    return `invalid message matcher ${JSON.stringify(matcher)}: ${(err as Error).message}`;
  }
}

/**
 * Validates a section for a plugin of `kind` with schema `ownSchema`. On success `resolved` holds the
 * common keys and the plugin's own keys with defaults applied; otherwise it is undefined and `problems`
 * says why (each naming file, section, key and line).
 */
export function validateSection(
  section: PluginSection,
  kind: PluginKind,
  ownSchema: ConfigSchema,
  commonDefaults?: Defaults,
): { resolved: ResolvedSection | undefined; problems: ConfigProblem[] } {
  const problems: ConfigProblem[] = [];
  const problem = (key: string | undefined, message: string): void => {
    problems.push({ file: section.file, section: section.name, key, line: section.line, message });
  };
  const typeKind = kindOfTypeName(section.type);
  if (typeKind !== kind) {
    const article = /^[aeiou]/.test(kind) ? 'an' : 'a';
    problem(
      'type',
      `'${section.type}' is not ${article} ${kind} type: ${kind} type names end in '${kindSuffix(kind)}'`,
    );
  }
  const { validate, mistakes } = validatorFor(kind, ownSchema, commonDefaults);
  for (const m of mistakes) problem(undefined, `the ${section.type} plugin is broken: ${m}`);
  if (!validate) return { resolved: undefined, problems };

  const bigints = new Map<string, bigint>();
  const data = plain(section.table, '', bigints) as Record<string, unknown>;
  if (!validate(data)) {
    const ctx = { type: section.type, original: section.table, data, skip: new Set(bigints.keys()) };
    for (const p of problemsFromAjv(validate.errors ?? [], ctx)) problem(p.key, p.message);
  }
  for (const [pointer, value] of bigints) {
    problem(pointerKey(data, pointer), `integer ${value} is too large (the limit is ±${Number.MAX_SAFE_INTEGER})`);
  }
  if (kind === 'filter' || kind === 'output') {
    const bad = matcherProblem(section.name, data.message_matcher);
    if (bad) problem('message_matcher', bad);
  }
  if (kind === 'output' && data.use_framing === undefined && commonDefaults?.use_framing === 'protobuf') {
    // TcpOutput and friends: frame by default exactly when the encoder is protobuf.
    data.use_framing = data.encoder === 'ProtobufEncoder';
  }
  if (problems.length > 0) return { resolved: undefined, problems };

  const common: Record<string, unknown> = {};
  const own: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) setOwn(isCommonKey(kind, key) ? common : own, key, value);
  delete common.type; // it is ResolvedSection.type
  const { name, type, file, line } = section;
  return { resolved: { name, type, kind, file, line, common, own }, problems };
}
