/** Wording shared by config error messages: what a value is, and which known key was probably meant. */

/** Marks a TOML datetime that was turned into an ISO string, so errors can still call it a datetime. */
export const TOML_DATETIME = 'TOML datetime';

/** `string "5"`, `integer 5`, `float 2.5`, `boolean true`, `array`, `table`, `TOML datetime 1979-05-27`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string')
    return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === 'bigint') return `integer ${value}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `float ${value}`;
  if (typeof value === 'boolean') return `boolean ${value}`;
  if (value instanceof Date) return `${TOML_DATETIME} ${tomlDateToString(value)}`;
  if (Array.isArray(value)) return 'array';
  if (value === null || value === undefined) return String(value);
  return 'table';
}

type TomlDate = Date & { isDate?: boolean; isTime?: boolean; isFloating?: boolean };

/** ISO text of a TOML date/time as written: local dates, local times and floating datetimes keep no zone. */
export function tomlDateToString(value: Date): string {
  const d = value as TomlDate;
  const iso = value.toISOString();
  if (d.isDate) return iso.slice(0, 10);
  if (d.isTime) return iso.slice(11, 23);
  if (d.isFloating) return iso.slice(0, 23);
  return iso;
}

const ARTICLES: Readonly<Record<string, string>> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean (true or false)',
  array: 'an array',
  object: 'a table',
  null: 'null',
};

/** "an integer", "a string or an integer". */
export function expectedType(type: string | readonly string[]): string {
  const types = typeof type === 'string' ? [type] : type;
  return types.map((t) => ARTICLES[t] ?? t).join(' or ');
}

/** Edit distance counting a swap of neighbours as one edit (the commonest typo in key names). */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => (d[i] as number[])[j] as number;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      (d[i] as number[])[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** The known key closest to `key`, when it is close enough to be a likely typo. */
export function nearMiss(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const score = k.toLowerCase() === lower ? 0 : distance(lower, k.toLowerCase());
    if (score < bestScore) [best, bestScore] = [k, score];
  }
  return bestScore <= Math.max(1, Math.min(3, Math.floor(key.length / 3))) ? best : undefined;
}

/** "unknown key 'x' for TcpInput (known keys: a, b); did you mean 'y'?" */
export function unknownKeyMessage(key: string, owner: string, known: readonly string[]): string {
  const guess = nearMiss(key, known);
  const list = known.length > 0 ? ` (known keys: ${known.join(', ')})` : ' (it takes no keys)';
  return `unknown key '${key}' ${owner}${list}${guess ? `; did you mean '${guess}'?` : ''}`;
}
