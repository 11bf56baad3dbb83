/** Reads a package's package.json and turns its `heka` manifest into an indexed (or refused) plugin. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { kindOfTypeName, kindSuffix, PLUGIN_API_VERSION, PLUGIN_KINDS, type PluginKind } from '@heka/core';
import type { IndexedPlugin, InvalidPlugin, PluginSource } from './types.js';

type Json = Record<string, unknown>;

/** A package.json that has a `heka` key (or that looks like it does but does not parse). */
export type PluginPackageJson = { json: Json } | { parseError: string };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** Reads any package.json; undefined when there is none. */
export async function readPackageJson(dir: string): Promise<string | undefined> {
  try {
    return await readFile(path.join(dir, 'package.json'), 'utf8');
  } catch (err) {
    if (isMissing(err)) return undefined;
    throw err;
  }
}

/**
 * The package.json of a plugin package, or undefined for any other package. The text test comes first
 * because a project's node_modules holds thousands of packages and parsing them all is the slow part.
 */
export async function readPluginPackageJson(dir: string): Promise<PluginPackageJson | undefined> {
  const text = await readPackageJson(dir);
  if (text === undefined || !text.includes('"heka"')) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { parseError: `package.json does not parse: ${(err as Error).message}` };
  }
  return isObject(json) && Object.hasOwn(json, 'heka') ? { json } : undefined;
}

/** Picks a target from an exports value: import, then node, then default (then require, which jiti also loads). */
function pickTarget(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) {
    for (const item of value) {
      const target = pickTarget(item);
      if (target !== undefined) return target;
    }
    return undefined;
  }
  if (!isObject(value)) return undefined;
  for (const condition of ['import', 'node', 'default', 'require']) {
    const target = Object.hasOwn(value, condition) ? pickTarget(value[condition]) : undefined;
    if (target !== undefined) return target;
  }
  return undefined;
}

/** The entry as written in package.json (relative to the package directory). */
function declaredEntry(json: Json): string {
  const exp = json.exports;
  // exports is either the "." target itself (string, array, conditions) or a map of subpaths.
  const isSubpathMap = isObject(exp) && Object.keys(exp).some((k) => k.startsWith('.'));
  const target = pickTarget(isSubpathMap ? exp['.'] : exp);
  if (target !== undefined) return target;
  for (const field of ['module', 'main']) {
    if (typeof json[field] === 'string' && json[field] !== '') return json[field];
  }
  return 'index.js';
}

const isFile = (p: string) =>
  stat(p).then(
    (s) => s.isFile(),
    () => false,
  );

const EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];
const TS_TWIN: Readonly<Record<string, string>> = { '.js': '.ts', '.mjs': '.mts', '.cjs': '.cts' };

/**
 * Resolves the entry to a file the way CommonJS `main` does (extensions, /index), and lets a TypeScript
 * package say `index.js` while shipping index.ts. When nothing exists the declared path is kept, so
 * loading reports it.
 */
async function resolveEntry(dir: string, declared: string): Promise<string> {
  const base = path.resolve(dir, declared);
  const ext = path.extname(base);
  const twin = TS_TWIN[ext];
  const candidates = [
    base,
    ...(twin ? [base.slice(0, -ext.length) + twin] : []),
    ...EXTENSIONS.map((e) => base + e),
    ...EXTENSIONS.map((e) => path.join(base, `index${e}`)),
  ];
  for (const candidate of candidates) if (await isFile(candidate)) return candidate;
  return base;
}

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]*$/;
const EXAMPLE = '{ "apiVersion": 1, "type": "TcpInput", "kind": "input" }';

/** Every problem of a manifest (all at once, so one fix-and-retry is enough). */
function manifestProblems(json: Json): string[] {
  const problems: string[] = [];
  if (typeof json.name !== 'string' || json.name === '') problems.push('package.json has no "name"');
  const heka = json.heka;
  if (!isObject(heka)) return [...problems, `"heka" must be an object like ${EXAMPLE}`];
  const { apiVersion, type, kind } = heka;
  if (typeof apiVersion !== 'number' || !Number.isInteger(apiVersion)) {
    problems.push(
      `heka.apiVersion must be an integer (this hekad supports ${PLUGIN_API_VERSION}); got ${show(apiVersion)}`,
    );
  } else if (apiVersion !== PLUGIN_API_VERSION) {
    problems.push(`built for plugin API version ${apiVersion}, but this hekad supports version ${PLUGIN_API_VERSION}`);
  }
  const typeOk = typeof type === 'string' && IDENTIFIER.test(type);
  if (!typeOk) problems.push(`heka.type must be an identifier such as "TcpInput"; got ${show(type)}`);
  if (!PLUGIN_KINDS.includes(kind as PluginKind)) {
    problems.push(`heka.kind must be one of ${PLUGIN_KINDS.join(', ')}; got ${show(kind)}`);
  } else if (typeOk) {
    const named = kindOfTypeName(type as string);
    if (named === undefined) {
      problems.push(`heka.type "${type}" must end with "${kindSuffix(kind as PluginKind)}" (heka.kind is "${kind}")`);
    } else if (named !== kind) {
      problems.push(
        `heka.kind "${kind}" does not agree with heka.type "${type}": its suffix "${kindSuffix(named)}" means kind "${named}"`,
      );
    }
  }
  return problems;
}

const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));

/** Turns a plugin package.json into an indexed plugin, or into the reason it is refused. */
export async function toPlugin(
  dir: string,
  source: PluginSource,
  pkg: PluginPackageJson,
): Promise<{ plugin: IndexedPlugin } | { invalid: InvalidPlugin }> {
  const fallbackName = dirPackageName(dir);
  if ('parseError' in pkg) {
    return {
      invalid: { packageName: fallbackName, version: '', dir, source, type: undefined, reason: pkg.parseError },
    };
  }
  const { json } = pkg;
  const packageName = typeof json.name === 'string' && json.name !== '' ? json.name : fallbackName;
  const version = typeof json.version === 'string' ? json.version : '';
  const heka = isObject(json.heka) ? json.heka : {};
  const problems = manifestProblems(json);
  if (problems.length > 0) {
    const type = typeof heka.type === 'string' ? heka.type : undefined;
    return { invalid: { packageName, version, dir, source, type, reason: problems.join('; ') } };
  }
  const entry = await resolveEntry(dir, declaredEntry(json));
  const plugin: IndexedPlugin = {
    type: heka.type as string,
    kind: heka.kind as PluginKind,
    apiVersion: heka.apiVersion as number,
    packageName,
    version,
    dir,
    entry,
    source,
  };
  return { plugin };
}

/** `@scope/name` or `name` from a package directory, for packages whose package.json cannot tell. */
function dirPackageName(dir: string): string {
  const parent = path.basename(path.dirname(dir));
  return parent.startsWith('@') ? `${parent}/${path.basename(dir)}` : path.basename(dir);
}
