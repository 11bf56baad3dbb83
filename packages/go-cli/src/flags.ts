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

/** Go's flag.Int / flag.Int64 syntax: decimal, 0x hex, 0o or leading-0 octal, 0b binary, `_` separators. */
export function parseGoInt(text: string, flag: string): bigint {
  const m = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO]?[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (!m) throw new Error(`invalid value ${JSON.stringify(text)} for flag -${flag}: parse error`);
  let digits = (m[2] as string).replaceAll('_', '');
  if (/^0[0-7]/.test(digits)) digits = `0o${digits.slice(1)}`;
  else if (/^0[oO]$/.test(digits)) throw new Error(`invalid value ${JSON.stringify(text)} for flag -${flag}`);
  const v = BigInt(digits);
  return m[1] === '-' ? -v : v;
}

/** Go's int64 range check for flag.Int on 64-bit platforms. */
export function goInt64(text: string, flag: string): bigint {
  const v = parseGoInt(text, flag);
  if (v < -(2n ** 63n) || v >= 2n ** 63n) {
    throw new Error(`invalid value ${JSON.stringify(text)} for flag -${flag}: value out of range`);
  }
  return v;
}
