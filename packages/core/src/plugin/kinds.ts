/** The six plugin kinds, and how Heka derives a kind from a type name's suffix. */
export type PluginKind = 'input' | 'splitter' | 'decoder' | 'filter' | 'encoder' | 'output';

export const PLUGIN_KINDS: readonly PluginKind[] = ['input', 'splitter', 'decoder', 'filter', 'encoder', 'output'];

const SUFFIXES: Readonly<Record<PluginKind, string>> = {
  input: 'Input',
  splitter: 'Splitter',
  decoder: 'Decoder',
  filter: 'Filter',
  encoder: 'Encoder',
  output: 'Output',
};

/** The type-name suffix Heka requires for a kind (`TcpInput` is an input). */
export function kindSuffix(kind: PluginKind): string {
  return SUFFIXES[kind];
}

/** The kind a type name announces by its suffix, as Heka's config loader reads it; undefined if none. */
export function kindOfTypeName(type: string): PluginKind | undefined {
  for (const kind of PLUGIN_KINDS)
    if (type.endsWith(SUFFIXES[kind]) && type.length > SUFFIXES[kind].length) return kind;
  return undefined;
}

/**
 * The conventional npm package for a type: `TcpInput` → `@heka/plugin-tcp-input`,
 * `ESJsonEncoder` → `@heka/plugin-es-json-encoder`.
 */
export function conventionalPackageName(type: string): string {
  const words = type
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .toLowerCase();
  return `@heka/plugin-${words}`;
}
