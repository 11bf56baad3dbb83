/**
 * Reads a config file or directory into `[hekad]` globals and raw plugin sections, the way hekad does:
 * `.toml` files of a directory in byte order, `%ENV[]` substitution, then TOML. Every problem in every
 * file is collected and thrown as one ConfigError.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import TOML from '@iarna/toml';
import { substituteEnv } from './env.js';
import { ConfigError, type ConfigProblem } from './errors.js';
import { resolveGlobals } from './globals.js';
import { firstMention, keyLine, scanTomlLayout, sectionLine, type TomlLayout } from './toml-layout.js';
import type { LoadedConfig, PluginSection } from './types.js';
import { describeValue } from './values.js';

export interface LoadOptions {
  /** Environment for `%ENV[NAME]` (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Base for a relative config path and relative [hekad] paths (default: process.cwd()). */
  cwd?: string;
  /** Accept a config without plugin sections (for tools that only need [hekad], like `plugins list`). */
  allowEmpty?: boolean;
}

const HEKAD = 'hekad';

interface HekadTable {
  file: string;
  table: Readonly<Record<string, unknown>>;
  layout: TomlLayout;
}

const isTable = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** The files a config path names: itself, or a directory's `*.toml` files (in Go ReadDir order). */
async function configFiles(target: string, problems: ConfigProblem[]): Promise<string[]> {
  const problem = (message: string): string[] => {
    problems.push({ file: target, section: undefined, key: undefined, message });
    return [];
  };
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(target);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return problem(
      code === 'ENOENT' ? 'config file or directory does not exist' : `cannot read: ${(err as Error).message}`,
    );
  }
  if (info.isFile()) return [target];
  if (!info.isDirectory()) return problem('config path is neither a file nor a directory');
  const entries = await readdir(target, { withFileTypes: true });
  const names = entries
    .filter((e) => e.name.endsWith('.toml'))
    .sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const files: string[] = [];
  for (const entry of names) {
    const file = path.join(target, entry.name);
    if (entry.isSymbolicLink()) {
      // Follow links to files; a dangling link is reported when it is read.
      const linked = await stat(file).catch(() => undefined);
      if (linked && !linked.isFile()) continue;
    } else if (!entry.isFile()) continue;
    files.push(file);
  }
  return files;
}

/** The message of an @iarna/toml error without its position and source excerpt (we report those). */
function tomlMessage(err: Error & { col?: number }): string {
  const first = err.message.split('\n')[0] ?? err.message;
  const text = first.replace(/ at row \d+, col \d+, pos \d+:?$/, '');
  return typeof err.col === 'number' ? `TOML syntax error at column ${err.col + 1}: ${text}` : `TOML: ${text}`;
}

interface ParsedFile {
  sections: PluginSection[];
  hekad: HekadTable | undefined;
  /** Whether the file could be read and parsed (its sections are known). */
  ok: boolean;
}

async function parseFile(
  file: string,
  env: Readonly<Record<string, string | undefined>>,
  problems: ConfigProblem[],
): Promise<ParsedFile> {
  const failed: ParsedFile = { sections: [], hekad: undefined, ok: false };
  const problem = (message: string, section?: string, key?: string, line?: number): void => {
    problems.push({ file, section, key, line, message });
  };
  let text: string;
  let data: Record<string, unknown>;
  try {
    text = substituteEnv((await readFile(file, 'utf8')).replace(/^\uFEFF/, ''), env, file);
  } catch (err) {
    if (err instanceof ConfigError) problems.push(...err.problems);
    else problem(`cannot read: ${(err as Error).message}`);
    return failed;
  }
  try {
    data = TOML.parse(text) as Record<string, unknown>;
  } catch (err) {
    const line = (err as { line?: unknown }).line;
    problem(tomlMessage(err as Error), undefined, undefined, typeof line === 'number' ? line + 1 : undefined);
    return failed;
  }
  const layout = scanTomlLayout(text);
  const sections: PluginSection[] = [];
  let hekad: HekadTable | undefined;
  for (const [name, value] of Object.entries(data)) {
    const line = firstMention(layout, name);
    if (!isTable(value)) {
      const arrayOfTables = layout.headers.some((h) => h.array && h.path[0] === name);
      problem(
        arrayOfTables
          ? `[[${name}]] (an array of tables) is not allowed at the top level: a plugin section is a single [${name}] table`
          : name === HEKAD
            ? '[hekad] must be a table'
            : `top-level key '${name}' is not inside a section; put it under its plugin's [section] or [hekad]`,
        undefined,
        name,
        line,
      );
      continue;
    }
    if (name === HEKAD) {
      hekad = { file, table: value, layout };
      continue;
    }
    let type = name;
    if (value.type !== undefined) {
      if (typeof value.type === 'string') type = value.type;
      else problem(`must be a string, got ${describeValue(value.type)}`, name, 'type', keyLine(layout, name, 'type'));
    }
    sections.push({ name, type, file, line: sectionLine(layout, name), table: value });
  }
  // Object key order puts integer-like names first; file order is what users expect.
  sections.sort((a, b) => (firstMention(layout, a.name) ?? 0) - (firstMention(layout, b.name) ?? 0));
  return { sections, hekad, ok: true };
}

/**
 * Loads a config file or directory. Throws ConfigError listing every problem found (file, section, key,
 * line). Plugin sections are returned raw: validate each with validateSection once its plugin is known.
 */
export async function loadConfig(configPath: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const target = path.resolve(cwd, configPath);
  const problems: ConfigProblem[] = [];
  const files = await configFiles(target, problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const byName = new Map<string, PluginSection>();
  let hekad: HekadTable | undefined;
  let allParsed = true;
  for (const file of files) {
    const parsed = await parseFile(file, env, problems);
    allParsed &&= parsed.ok;
    // A later [hekad] replaces the earlier one wholesale, as hekad decodes only the last one.
    if (parsed.hekad) hekad = parsed.hekad;
    for (const section of parsed.sections) {
      // Heka lets a later section of the same name win; it takes the later one's place in the order.
      byName.delete(section.name);
      byName.set(section.name, section);
    }
  }

  const { globals, problems: globalProblems } = resolveGlobals(hekad?.table, {
    file: hekad?.file,
    line: hekad ? sectionLine(hekad.layout, HEKAD) : undefined,
    keyLine: (key) => (hekad ? keyLine(hekad.layout, HEKAD, key) : undefined),
    cwd,
  });
  problems.push(...globalProblems);
  // Only claim emptiness when every file was understood; otherwise the parse errors say more.
  if (byName.size === 0 && allParsed && !options.allowEmpty) {
    const where = files.length === 0 ? ` (no .toml files in ${target})` : '';
    problems.push({
      file: files.length === 1 ? files[0] : target,
      section: undefined,
      key: undefined,
      message: `empty configuration: no plugin sections${where}`,
    });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { globals, sections: [...byName.values()], files };
}
