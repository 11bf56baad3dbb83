/**
 * Heka's tools parse their command line with Go's `flag` package: long flags take one dash or two
 * (`-heka x`, `--heka=x`). Commander only knows the double-dash form, so single-dash long flags are
 * rewritten before parsing. Boolean flags follow Go: `-tail`, `-tail=true`, `-tail=false`.
 */
const GO_TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const GO_FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

export interface FlagSpec {
  /** Long flags taking a value. */
  values: readonly string[];
  /** Boolean flags (no separate value). */
  booleans?: readonly string[];
}

export function normaliseArgs(argv: readonly string[], spec: FlagSpec): string[] {
  const out: string[] = [];
  const bools = new Map<string, boolean>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const m = /^--?([A-Za-z][\w-]*)(?:=([\s\S]*))?$/.exec(arg);
    const name = m?.[1];
    if (name === 'help' || name === 'h') {
      out.push('--help');
    } else if (name !== undefined && spec.booleans?.includes(name)) {
      const v = m?.[2];
      if (v === undefined || GO_TRUE.has(v)) bools.set(name, true);
      else if (GO_FALSE.has(v)) bools.set(name, false);
      else throw new Error(`invalid boolean value ${JSON.stringify(v)} for -${name}`);
    } else if (name !== undefined && spec.values.includes(name)) {
      out.push(m?.[2] === undefined ? `--${name}` : `--${name}=${m[2]}`);
    } else {
      out.push(arg);
    }
  }
  for (const [name, on] of bools) if (on) out.unshift(`--${name}`);
  return out;
}
