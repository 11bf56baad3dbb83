/** Checks of a plugin's definition and package, as data: each check lists the problems it found. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMMON_KEYS, isPluginDefinition, type PluginDefinition, type PluginKind } from '@heka/core';
import { documentedOptions, readmeExample } from './readme.js';
import { configProblems } from './resolve.js';

export interface Check {
  name: string;
  problems: string[];
}

interface PackageJson {
  keywords?: string[];
  heka?: { apiVersion?: number; type?: string; kind?: string };
}

export interface PackageInfo {
  pkg: PackageJson;
  readme: string;
  /** The README example's section for this type, without its `type` key. */
  example: Record<string, unknown> | undefined;
}

export function readPackage(definition: PluginDefinition, dir: string): PackageInfo {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
  const readmePath = join(dir, 'README.md');
  const readme = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
  let example: Record<string, unknown> | undefined;
  try {
    const found = Object.entries(readmeExample(readme).sections).find(([n, t]) => (t.type ?? n) === definition.type);
    if (found) {
      const { type: _type, ...rest } = found[1];
      example = rest;
    }
  } catch {
    example = undefined; // a TOML error shows up in the README check
  }
  return { pkg, readme, example };
}

export function definitionChecks(
  definition: PluginDefinition,
  info: PackageInfo,
  config: Record<string, unknown>,
): Check[] {
  const { pkg, readme } = info;
  const checks: Check[] = [];
  const check = (name: string, problems: string[]) => checks.push({ name, problems });

  const brand: string[] = [];
  if (!isPluginDefinition(definition)) brand.push('the default export is not a definePlugin() object');
  if (!definition.description?.trim() || definition.description.includes('\n'))
    brand.push('description must be one non-empty line');
  check('is a branded definePlugin() object with a one-line description', brand);

  const manifest: string[] = [];
  const want = { apiVersion: definition.apiVersion, type: definition.type, kind: definition.kind };
  if (!pkg.heka) manifest.push('package.json has no "heka" manifest');
  else if (JSON.stringify(pkg.heka) !== JSON.stringify(want))
    manifest.push(`manifest ${JSON.stringify(pkg.heka)} != definition ${JSON.stringify(want)}`);
  if (!(pkg.keywords ?? []).includes('heka-plugin')) manifest.push('package.json keywords lack "heka-plugin"');
  check('agrees with the package.json manifest', manifest);

  const required = new Set<string>(definition.configSchema.required ?? []);
  if ((definition.kind === 'filter' || definition.kind === 'output') && !definition.commonDefaults?.message_matcher) {
    required.add('message_matcher');
  }
  check(
    'applies its schema defaults to a minimal config and reports only missing required keys',
    configProblems(definition, {}).filter((p) => ![...required].some((k) => p.startsWith(`${k}:`))),
  );

  const unknown = configProblems(definition, { ...config, no_such_option_xyz: 1 });
  check(
    'rejects an unknown key',
    unknown.some((p) => p.startsWith('no_such_option_xyz:')) ? [] : ['an unknown key was accepted'],
  );

  const readmeProblems: string[] = [];
  if (!readme) readmeProblems.push('README.md is missing');
  else if (!info.example) readmeProblems.push(`the README's TOML example has no section of type ${definition.type}`);
  else readmeProblems.push(...configProblems(definition, config));
  check('has a README whose TOML example configures it validly', readmeProblems);

  const docs: string[] = [];
  const documented = documentedOptions(readme);
  for (const key of Object.keys(definition.configSchema.properties)) {
    if (!documented.has(key)) docs.push(`the README options table does not list ${key}`);
  }
  const common = new Set(Object.keys(COMMON_KEYS[definition.kind as PluginKind]));
  for (const key of documented) {
    const top = key.split('.')[0] as string;
    if (!Object.hasOwn(definition.configSchema.properties, top) && !common.has(top))
      docs.push(`the README documents ${key}, which is not an option`);
  }
  check("documents every option of its schema in the README's options table", docs);
  return checks;
}
