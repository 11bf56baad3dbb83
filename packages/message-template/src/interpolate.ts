/**
 * Heka's InterpolateString for regex captures, compiled: a value is cut once into literal text and
 * capture group numbers, so a message costs only the concatenations it needs.
 */

/** A compiled value: literal text and capture group numbers, in order. */
export type Part = string | number;

/** The captures of one match by group number (a RegExpExecArray); a group that took no part is undefined. */
export type Captures = ArrayLike<string | undefined>;

/** Heka's variable pattern: `%` word characters `%`. */
const VARIABLE = /%[0-9A-Za-z_]+%/g;

/**
 * Cuts a value into parts. `groups` maps capture names (and the numbers of unnamed groups, as "1",
 * "2", ...) to group numbers; an unknown `%name%` becomes the text `<name>`, as in Heka.
 */
export function compileValue(template: string, groups: ReadonlyMap<string, number>): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const m of template.matchAll(VARIABLE)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(template.slice(last, at));
    const name = m[0].slice(1, -1);
    const group = groups.get(name);
    parts.push(group === undefined ? `<${name}>` : group);
    last = at + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  // Merge neighbouring literals (an unknown variable next to text).
  const merged: Part[] = [];
  for (const p of parts) {
    const prev = merged[merged.length - 1];
    if (typeof p === 'string' && typeof prev === 'string') merged[merged.length - 1] = prev + p;
    else merged.push(p);
  }
  return merged;
}

/** The text of a value without captures, or undefined when it has one. */
export function constantText(parts: readonly Part[]): string | undefined {
  if (parts.length === 0) return '';
  return parts.length === 1 && typeof parts[0] === 'string' ? parts[0] : undefined;
}

/** The text of a compiled value for one match (a group that did not take part reads as ""). */
export function render(parts: readonly Part[], caps: Captures): string {
  if (parts.length === 1) {
    const p = parts[0] as Part;
    return typeof p === 'string' ? p : (caps[p] ?? '');
  }
  let out = '';
  for (const p of parts) out += typeof p === 'string' ? p : (caps[p] ?? '');
  return out;
}
