/**
 * Where things are in a TOML text: @iarna/toml gives values but no positions, and config errors should
 * name lines. This scanner runs only on text that already parsed, so it can skip validation and just
 * track strings, comments and bracket depth (a multi-line array may have lines starting with `[`).
 */

export interface TomlHeader {
  /** `[a."b.c"]` → ['a', 'b.c']. */
  path: string[];
  line: number;
  /** `[[path]]`. */
  array: boolean;
}

export interface TomlKeyLine {
  /** The header the key is under ([] before any header). */
  table: string[];
  /** The key as written, dotted keys split. */
  key: string[];
  line: number;
}

export interface TomlLayout {
  headers: TomlHeader[];
  keys: TomlKeyLine[];
}

const BARE = /[A-Za-z0-9_-]/;

function decodeBasic(raw: string): string {
  // TOML's escapes are JSON's plus \UXXXXXXXX.
  const json = raw.replace(/\\U([0-9A-Fa-f]{8})/g, (_, hex: string) => {
    const cp = Number.parseInt(hex, 16);
    return cp > 0x10ffff ? '' : JSON.stringify(String.fromCodePoint(cp)).slice(1, -1);
  });
  try {
    return JSON.parse(`"${json}"`) as string;
  } catch {
    return raw;
  }
}

/** End offset (exclusive) of the string starting at `i`, and the newlines inside it. */
function skipString(text: string, i: number): { end: number; newlines: number } {
  const q = text[i] as string;
  const triple = text.startsWith(q.repeat(3), i);
  let j = i + (triple ? 3 : 1);
  let newlines = 0;
  while (j < text.length) {
    const c = text[j];
    if (c === '\\' && q === '"') {
      if (text[j + 1] === '\n') newlines++;
      j += 2;
      continue;
    }
    if (c === '\n') newlines++;
    if (c === q && (!triple || text.startsWith(q.repeat(3), j))) {
      j += triple ? 3 : 1;
      // A closing """ may be preceded by up to two quotes that belong to the content.
      for (let extra = 0; triple && extra < 2 && text[j] === q; extra++) j++;
      return { end: j, newlines };
    }
    j++;
  }
  return { end: j, newlines };
}

/** Reads a (dotted) key starting at `i`. */
function readKey(text: string, i: number): { key: string[]; end: number } {
  const key: string[] = [];
  let j = i;
  for (;;) {
    while (text[j] === ' ' || text[j] === '\t') j++;
    const c = text[j];
    if (c === '"' || c === "'") {
      const { end } = skipString(text, j);
      const raw = text.slice(j + 1, end - 1);
      key.push(c === '"' ? decodeBasic(raw) : raw);
      j = end;
    } else {
      const start = j;
      while (j < text.length && BARE.test(text[j] as string)) j++;
      if (j === start) return { key, end: j };
      key.push(text.slice(start, j));
    }
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (text[j] !== '.') return { key, end: j };
    j++;
  }
}

export function scanTomlLayout(text: string): TomlLayout {
  const headers: TomlHeader[] = [];
  const keys: TomlKeyLine[] = [];
  let table: string[] = [];
  let line = 1;
  let depth = 0;
  let lineStart = true;
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\n') {
      line++;
      lineStart = true;
      i++;
    } else if (c === ' ' || c === '\t' || c === '\r') {
      i++;
    } else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (lineStart && depth === 0) {
      lineStart = false;
      if (c === '[') {
        const array = text[i + 1] === '[';
        const { key, end } = readKey(text, i + (array ? 2 : 1));
        headers.push({ path: key, line, array });
        table = key;
        i = Math.max(end, i + 1);
      } else {
        const { key, end } = readKey(text, i);
        if (key.length > 0) keys.push({ table, key, line });
        i = Math.max(end, i + 1);
      }
    } else if (c === '"' || c === "'") {
      const { end, newlines } = skipString(text, i);
      line += newlines;
      i = end;
    } else {
      if (c === '[' || c === '{') depth++;
      else if ((c === ']' || c === '}') && depth > 0) depth--;
      lineStart = false;
      i++;
    }
  }
  return { headers, keys };
}

const samePath = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Line of the `[name]` header, else of the first header or top-level key that creates `name`. */
export function sectionLine(layout: TomlLayout, name: string): number | undefined {
  const exact = layout.headers.find((h) => !h.array && samePath(h.path, [name]));
  return exact?.line ?? firstMention(layout, name);
}

/** The first line that mentions a top-level name (a header under it, or a top-level key). */
export function firstMention(layout: TomlLayout, name: string): number | undefined {
  const lines = [
    ...layout.headers.filter((h) => h.path[0] === name).map((h) => h.line),
    ...layout.keys.filter((k) => k.table.length === 0 && k.key[0] === name).map((k) => k.line),
  ];
  return lines.length > 0 ? Math.min(...lines) : undefined;
}

/** Line of `key` inside the top-level table `name` (under `[name]` or as `name.key = ...`). */
export function keyLine(layout: TomlLayout, name: string, key: string): number | undefined {
  const hit = layout.keys.find(
    (k) =>
      (samePath(k.table, [name]) && k.key[0] === key) ||
      (k.table.length === 0 && k.key[0] === name && k.key[1] === key),
  );
  return hit?.line ?? layout.headers.find((h) => h.path[0] === name && h.path[1] === key)?.line;
}
