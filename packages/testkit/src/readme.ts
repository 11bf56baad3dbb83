/** What a plugin README must offer: a TOML example using the plugin, and an options table. */
import TOML from '@iarna/toml';

export interface ReadmeExample {
  /** Every section of every ```toml block, by name. */
  sections: Record<string, Record<string, unknown>>;
}

export function tomlBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```toml\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

export function readmeExample(markdown: string): ReadmeExample {
  const sections: Record<string, Record<string, unknown>> = {};
  for (const block of tomlBlocks(markdown)) {
    const parsed = TOML.parse(block) as Record<string, Record<string, unknown>>;
    for (const [name, table] of Object.entries(parsed)) if (name !== 'hekad') sections[name] = table;
  }
  return { sections };
}

/**
 * Option names listed in the README's options table: the first cell of each row of a table whose
 * header starts with "option" (backticks allowed; nested keys as `a.b`).
 */
export function documentedOptions(markdown: string): Set<string> {
  const names = new Set<string>();
  let inTable = false;
  for (const line of markdown.split('\n')) {
    if (/^\|\s*option\s*\|/i.test(line)) {
      inTable = true;
      continue;
    }
    if (!line.startsWith('|')) {
      inTable = false;
      continue;
    }
    const cell = line.split('|')[1]?.trim().replace(/`/g, '') ?? '';
    if (inTable && cell && !/^-+$/.test(cell)) names.add(cell);
  }
  return names;
}
