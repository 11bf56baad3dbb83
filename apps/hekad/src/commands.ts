/** What each hekad command does; every function returns the process exit code. */
import { COMMON_KEYS, type JsonSchema, type PluginKind } from '@heka/core';
import { ConfigError, configuredPlugins, Hekad, type PluginIndex, planConfig } from '@heka/runtime';
import { indexPlugins, loadPluginDefinition, unknownTypeMessage } from '@heka/runtime/discovery';
import { PACKAGE_DIR, VERSION } from './version.js';

const err = (text: string): void => {
  process.stderr.write(`${text}\n`);
};

function explain(e: unknown): string {
  if (e instanceof ConfigError) return e.message;
  return e instanceof Error ? e.message : String(e);
}

export async function runCommand(configPath: string): Promise<number> {
  let hekad: Hekad;
  try {
    hekad = await Hekad.start({ configPath, hekadPackageDir: PACKAGE_DIR });
  } catch (e) {
    err(`hekad ${VERSION}: cannot start with ${configPath}\n${explain(e)}`);
    return 1;
  }
  hekad.installSignalHandlers();
  return hekad.exited;
}

export async function checkCommand(configPath: string): Promise<number> {
  try {
    const { plan } = await planConfig({ configPath, hekadPackageDir: PACKAGE_DIR });
    const kinds = new Map<string, number>();
    for (const p of configuredPlugins(plan)) kinds.set(p.section.kind, (kinds.get(p.section.kind) ?? 0) + 1);
    const summary = [...kinds].map(([k, n]) => `${n} ${k}${n === 1 ? '' : 's'}`).join(', ');
    process.stdout.write(`${configPath}: OK (${summary})\n`);
    return 0;
  } catch (e) {
    err(`${configPath}: ${explain(e)}`);
    return 1;
  }
}

async function index(configPath: string | undefined): Promise<PluginIndex> {
  let pluginDirs: string[] = [];
  if (configPath) {
    const { loadConfig } = await import('@heka/runtime/config');
    pluginDirs = (await loadConfig(configPath, { allowEmpty: true })).globals.pluginDirs;
  }
  return indexPlugins({ cwd: process.cwd(), hekadPackageDir: PACKAGE_DIR, pluginDirs });
}

export async function listCommand(configPath?: string): Promise<number> {
  try {
    const idx = await index(configPath);
    const rows = [...idx.plugins.values()].sort((a, b) => a.kind.localeCompare(b.kind) || a.type.localeCompare(b.type));
    if (rows.length === 0) process.stdout.write('No plugin packages found.\n');
    for (const p of rows) {
      process.stdout.write(
        `${p.type.padEnd(28)} ${p.kind.padEnd(9)} ${`${p.packageName}@${p.version}`.padEnd(44)} ${p.source}  ${p.dir}\n`,
      );
    }
    const extra = idx as PluginIndex & { invalid?: { packageName: string; dir: string; reason: string }[] };
    for (const bad of extra.invalid ?? []) err(`ignored ${bad.packageName} (${bad.dir}): ${bad.reason}`);
    process.stdout.write(`\nSearched:\n${idx.searched.map((s) => `  ${s}`).join('\n')}\n`);
    return 0;
  } catch (e) {
    err(explain(e));
    return 1;
  }
}

/** One table row per option: name, type, default, description. */
function optionRows(properties: Readonly<Record<string, JsonSchema>>, prefix = ''): string[][] {
  const rows: string[][] = [];
  for (const [name, s] of Object.entries(properties)) {
    const type =
      s['x-heka-doc-type'] ?? (s.enum ? s.enum.map((v) => JSON.stringify(v)).join(' | ') : String(s.type ?? 'any'));
    const def = s.default === undefined ? '' : JSON.stringify(s.default);
    rows.push([`${prefix}${name}`, type, def, s.description ?? '']);
    if (s.type === 'object' && s.properties) rows.push(...optionRows(s.properties, `${prefix}${name}.`));
  }
  return rows;
}

function table(rows: string[][]): string {
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i < 3 ? c.padEnd(widths[i] as number) : c)).join('  ')).join('\n');
}

export async function describeCommand(type: string, configPath?: string): Promise<number> {
  try {
    const idx = await index(configPath);
    const found = idx.plugins.get(type);
    if (!found) {
      err(unknownTypeMessage(type, idx));
      return 1;
    }
    const def = await loadPluginDefinition(found);
    const header = [['option', 'type', 'default', 'description']];
    const own = optionRows(def.configSchema.properties);
    const common = optionRows(COMMON_KEYS[def.kind as PluginKind]).map((r) => {
      const override = def.commonDefaults?.[r[0] as string];
      return override === undefined ? r : ([r[0], r[1], JSON.stringify(override), r[3]] as string[]);
    });
    process.stdout.write(
      `${def.type} (${def.kind}) from ${found.packageName}@${found.version}\n${def.description}\n\n` +
        `Options:\n${own.length ? table([...header, ...own]) : '  (none)'}\n\n` +
        `Common ${def.kind} options (handled by hekad):\n${table([...header, ...common])}\n`,
    );
    return 0;
  } catch (e) {
    err(explain(e));
    return 1;
  }
}
